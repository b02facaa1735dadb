import ArgumentParser
import Foundation
import RPLPipeline
import RPLRuntime

struct Run: ParsableCommand {
    // The indented lines stay under 80 columns: the help wraps a longer
    // line without its indentation.
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Execute a plan through a provider, journaled in SQLite.",
        discussion: """
            The plan is checked (errors: exit 1), scheduled, then executed step by step: every step's start and \
            end, and each machine's new state, are written to the inventory database before rpl goes on, so \
            `rpl resume RUN-ID` continues after a crash, a Ctrl-C or a failed step without repeating finished steps. \
            A run locks its machines: a second run touching one of them is refused while the first is alive. \
            A plan with no steps is not run (RP804).

            Providers:
              sim           the in-process simulator, on a virtual clock
                            (durations from the schedule's estimates)
              exec:COMMAND  runs COMMAND once through /bin/sh -c and talks
                            JSON lines (docs/cli.md). A request per reprotect
                            or failback step in:
                              {"run": ID, "step": ID, "action": "reprotect",
                               "machine": ..., "master_target": ...,
                               "process_server": ..., "datastore": ...,
                               "retention": ...}
                            one reply per request out, in any order:
                              {"step": ID, "ok": true}
                              {"step": ID, "ok": false, "error": "..."}
              asr           Azure Site Recovery through Azure Resource
                            Manager: each step is its Site Recovery action,
                            followed to its job's end (docs/asr.md).
                            Token: AZURE_ACCESS_TOKEN, a service principal
                            (AZURE_TENANT_ID, AZURE_CLIENT_ID,
                            AZURE_CLIENT_SECRET) or `az`. --dry-run prints
                            every request and needs no token.

            Faults (--fault, simulator only; `rpl resume` runs without them, as if repaired). Each must name a \
            step of the run, or a machine, master target or process server of the inventory:
            \(SimFault.syntaxHelp)

            Exit status: 0 succeeded or paused at a manual step, 1 the plan has errors or a step failed, \
            2 usage, I/O or inventory errors, or the machines are locked by another run.
            """)

    @ArgumentParser.Argument(help: "The plan file (.rpl).")
    var plan: String

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "sim, exec:COMMAND or asr (Azure Site Recovery, docs/asr.md).")
    var provider = ProviderArgument(.sim(seed: 1, faults: []))

    @Option(help: "Azure Resource Manager's URL for --provider asr (sovereign clouds, tests).")
    var armEndpoint: String?

    @Flag(help: "Check and schedule, print what would be sent; nothing runs and nothing changes.")
    var dryRun = false

    @Option(help: "The time rules depend on (ISO 8601), e.g. 2026-11-24T08:10:00Z. Default: now.")
    var now: String?

    @Option(help: "Seed of the simulator's durations.")
    var seed: UInt64 = 1

    @Option(help: "A simulated fault (repeatable), e.g. agent-late:web=12m, ps-heartbeat:ps-azure, mt-unreachable:mt1, fail:app/reprotect/web.")
    var fault: [String] = []

    func run() throws {
        let spec = try providerSpec()
        let workspace = try inventoryOptions.workspace(now: now)
        let file = try readSource(plan)
        if dryRun {
            let prepared = try pipeline { () throws(PipelineFailure) in
                try workspace.prepareRun(file, inventory: try workspace.readInventory())
            }
            let preview = prepared.requestPreview(for: spec)
            emit(prepared.diagnostics + preview.diagnostics, format: .text)
            let downtime = prepared.prepared.schedule.longestDowntime.map { ", longest downtime \(ProgressBoard.clock(Double($0.seconds)))" } ?? ""
            writeOut("dry run of plan \(prepared.name): \(prepared.steps.count) steps, estimated completion \(ProgressBoard.clock(Double(prepared.estimatedCompletionSeconds)))\(downtime); nothing runs, nothing changes\n")
            writeOut(preview.text)
            if !preview.diagnostics.isEmpty { throw ExitStatus.planErrors }
            return
        }
        let (database, active) = try pipeline { () throws(PipelineFailure) in
            let database = try workspace.location.openRunDatabase()
            let prepared = try workspace.prepareRun(file, in: database)
            // A step whose request cannot be built would fail mid-run, after
            // earlier steps changed the estate: refuse before the first one.
            let missingIDs = prepared.missingARMIDs(for: spec)
            if !missingIDs.isEmpty { throw PipelineFailure(.plan, nil, diagnostics: prepared.diagnostics + missingIDs) }
            emit(prepared.diagnostics, format: .text)
            return (database, try workspace.startRun(prepared, planPath: plan, in: database, provider: spec))
        }
        writeOut("run \(active.runID): plan \(active.planName), \(active.steps.count) steps, provider \(active.providerName)\n")
        writeOut("database: \(database.path)\(database.note.map { " (\($0))" } ?? "")\n")
        try execute(active)
    }

    /// `--provider` with `--seed` and `--fault` folded in.
    private func providerSpec() throws -> ProviderSpec {
        var faults: [SimFault] = []
        for text in fault {
            do { faults.append(try SimFault(parsing: text)) } catch {
                printError("rpl: \(error)\nfaults:\n\(SimFault.syntaxHelp)")
                throw ExitStatus.usage
            }
        }
        if armEndpoint != nil { return try provider.with(armEndpoint: armEndpoint) }
        switch provider.spec {
        case .sim: return .sim(seed: seed, faults: faults)
        case .exec where !faults.isEmpty, .asr where !faults.isEmpty:
            printError("rpl: --fault works with --provider sim only")
            throw ExitStatus.usage
        case let spec: return spec
        }
    }
}

/// Executes a run with the progress display, prints the summary and maps
/// the outcome to the exit status (`rpl run` and `rpl resume`).
func execute(_ active: ActiveRun) throws {
    let interrupt = InterruptFlag()
    interrupt.catchSIGINT()
    let display = ProgressDisplay(board: ProgressBoard(steps: active.steps, journaled: active.journaled), runID: active.runID,
                                  live: isatty(1) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb")
    let outcome: RunOutcome
    do {
        outcome = try active.execute(observer: display, interrupt: interrupt)
    } catch {
        display.finish()
        report(error)
        throw ExitStatus.usage
    }
    display.finish()
    writeOut("\n" + outcome.summary)
    if !outcome.succeeded { throw ExitStatus.planErrors }
}
