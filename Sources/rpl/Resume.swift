import ArgumentParser
import RPLPipeline

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an interrupted, paused or failed run without repeating finished steps.",
        discussion: """
            Steps journaled as done are never sent again; a step that was sent but not journaled as done \
            (the process died, or Ctrl-C left it) is sent again under the same (run, step). Failed steps are \
            retried. The run's provider is started again (the simulator without the original --fault). \
            A run whose process is still alive cannot be resumed. The run is looked for in the run database \
            of --inventory (as `rpl run` made it); resume never creates one.
            """)

    @ArgumentParser.Argument(help: "The run's id (see `rpl jobs`).")
    var runID: String

    @Option(help: "Confirm a manual step the run is waiting at (repeatable).")
    var confirm: [String] = []

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "The time rules depend on (ISO 8601), e.g. 2026-11-24T08:10:00Z. Default: now.")
    var now: String?

    func run() throws {
        let workspace = try inventoryOptions.workspace(now: now)
        let active = try pipeline { () throws(PipelineFailure) in
            try workspace.resume(runID, confirming: confirm, in: try workspace.existingRunDatabase())
        }
        emit(active.diagnostics, format: .text)
        writeOut("run \(runID): resuming plan \(active.planName), \(active.remainingCount) of \(active.steps.count) steps left, provider \(active.providerName)\n")
        writeOut("database: \(active.database.path)\n")
        try execute(active)
    }
}
