import ArgumentParser
import RPLPipeline

struct Jobs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List runs, newest first, one line each; with a run id, its steps and events.",
        discussion: """
            Each run: id, status, plan, steps done, start time and provider. A run whose process died \
            shows as interrupted; `rpl resume RUN-ID` continues it. --format json prints every run with \
            its steps (docs/cli.md lists the keys). Runs are read from the run database of --inventory, \
            which listing never creates.
            """)

    @ArgumentParser.Argument(help: "Show one run, with its steps and events.")
    var runID: String?

    @Option(help: "Output format: text or json.")
    var format: JobsFormat = .text

    @OptionGroup var inventoryOptions: InventoryOptions

    enum JobsFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let workspace = try inventoryOptions.workspace(now: nil)
        let listing = try pipeline { () throws(PipelineFailure) in try workspace.runs(id: runID) }
        switch format {
        case .json: writeOut(JobsReport.json(listing.runs).serialized(pretty: true) + "\n")
        case .text: writeOut(listing.runs.isEmpty ? "no runs in \(listing.databasePath)\n" : JobsReport.text(listing.runs, detailed: runID != nil))
        }
    }
}
