import ArgumentParser
import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource
import RPLStore
import RPLSyntax

enum ProviderChoice: ExpressibleByArgument {
    case sim
    case exec(String)

    init?(argument: String) {
        if argument == "sim" {
            self = .sim
        } else if argument.hasPrefix("exec:"), argument.count > 5 {
            self = .exec(String(argument.dropFirst(5)))
        } else {
            return nil
        }
    }

    var journalName: String {
        switch self {
        case .sim: "sim"
        case let .exec(command): "exec:\(command)"
        }
    }
}

struct Run: ParsableCommand {
    // The indented lines stay under 80 columns: the help wraps a longer
    // line without its indentation.
    static let configuration = CommandConfiguration(
        abstract: "Execute a plan through a provider, journaled in SQLite.",
        discussion: """
            The plan is checked (errors: exit 1), scheduled, then executed step by step: every step's start and \
            end, and each machine's new state, are written to the inventory database before rpl goes on, so \
            `rpl resume RUN-ID` continues after a crash, a Ctrl-C or a failed step without repeating finished steps. \
            A run locks its machines: a second run touching one of them is refused while the first is alive.

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

            Faults (--fault, simulator only; `rpl resume` runs without them, as if repaired):
            \(SimFault.syntaxHelp)

            Exit status: 0 succeeded or paused at a manual step, 1 the plan has errors or a step failed, \
            2 usage, I/O or inventory errors, or the machines are locked by another run.
            """)

    @ArgumentParser.Argument(help: "The plan file (.rpl).")
    var plan: String

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "sim or exec:COMMAND.")
    var provider: ProviderChoice = .sim

    @Flag(help: "Check and schedule, print what would be sent; nothing runs and nothing changes.")
    var dryRun = false

    @Option(help: "The time rules depend on (ISO 8601), e.g. 2026-11-24T08:10:00Z. Default: now.")
    var now: String?

    @Option(help: "Seed of the simulator's durations.")
    var seed: UInt64 = 1

    @Option(help: "A simulated fault (repeatable), e.g. agent-late:web=12m, ps-heartbeat:ps-azure, mt-unreachable:mt1, fail:app/reprotect/web.")
    var fault: [String] = []

    func run() throws {
        let clock = try parseNow(now)
        var faults: [SimFault] = []
        for text in fault {
            do { faults.append(try SimFault(parsing: text)) } catch {
                printError("rpl: \(error)\nfaults:\n\(SimFault.syntaxHelp)")
                throw ExitStatus.usage
            }
        }
        if !faults.isEmpty, case .exec = provider {
            printError("rpl: --fault works with --provider sim only")
            throw ExitStatus.usage
        }

        let file = try readSource(plan)
        let tree = Parser.parse(file)
        let database = try dryRun ? nil : openRunDatabase(inventoryOptions)
        // Both readers report a failure to load themselves (exit 2).
        let reader = try database.map { ReportingReader(name: $0.store.path, base: $0.store) }
            ?? inventoryOptions.reader(readOnly: true)
        let inventory = try reader.loadInventory()

        let checked = Checker.check(tree, inventory: inventory, options: CheckOptions(now: clock))
        var diagnostics = checked.diagnostics
        // A live run on these machines is the first thing to say (the checker
        // would only see its traces: RP201, "web is reprotecting").
        if let database, let machines = checked.plan.map({ Set($0.steps.compactMap(\.action.machine)) }) {
            let holders: [Journal.Holder]
            do { holders = try Journal.holders(of: machines, in: database.store) } catch {
                printError("rpl: \(error)")
                throw ExitStatus.usage
            }
            if let live = holders.first(where: \.alive) {
                printError("rpl: \(JournalError.machinesInUse(run: live.run, pid: live.pid, hostname: live.hostname, machines: live.machines))")
                throw ExitStatus.usage
            }
            if diagnostics.hasErrors {
                for stale in holders {
                    printError("note[RP803]: run \(stale.run) was interrupted while it held \(stale.machines.joined(separator: ", ")): continue it with `rpl resume \(stale.run)`")
                }
            }
        }
        guard !diagnostics.hasErrors, let evaluated = checked.plan else {
            emit(diagnostics, format: .text)
            if !diagnostics.hasErrors { printError("rpl: the plan could not be evaluated") }
            throw ExitStatus.planErrors
        }
        let scheduled = Scheduler.schedule(evaluated, inventory: inventory, options: ScheduleOptions(now: clock))
        diagnostics += scheduled.diagnostics
        emit(diagnostics, format: .text)
        if diagnostics.hasErrors { throw ExitStatus.planErrors }

        let steps: [ExecutableStep]
        do { steps = try ExecutableStep.steps(of: scheduled.schedule) } catch {
            printError("rpl: \(error)")
            throw ExitStatus.planErrors
        }
        let split = Executor.splitReplicationGroups(steps, inventory: inventory)
        if !split.isEmpty {
            for message in split { printError("error[RP701]: \(message)") }
            throw ExitStatus.planErrors
        }

        if dryRun {
            writeOut("dry run of plan \(evaluated.name): \(steps.count) steps, estimated RTO \(ProgressBoard.clock(Double(scheduled.schedule.completionSeconds))); nothing runs, nothing changes\n")
            for step in steps {
                writeOut("  +\(ProgressBoard.clock(Double(step.estimatedStart)))  \(StepRequest(run: "DRY-RUN", step: step, attempt: 1).json.serialized())\n")
            }
            return
        }
        guard let database else { return }

        let record = RunPlanRecord(name: evaluated.name, file: plan, text: String(decoding: file.bytes, as: UTF8.self),
                                   provider: provider.journalName, seed: seed, estimatedRTOSeconds: scheduled.schedule.completionSeconds)
        let journal: Journal
        do {
            journal = try Journal.createRun(in: database.store, plan: record, steps: steps)
        } catch {
            printError("rpl: \(error)")
            throw ExitStatus.usage
        }
        let runningProvider: Provider
        switch provider {
        case .sim: runningProvider = SimProvider(seed: seed, faults: faults)
        case let .exec(command):
            do { runningProvider = try ExecProvider(command: command) } catch {
                try? journal.setStatus(.failed)
                printError("rpl: \(error)")
                throw ExitStatus.usage
            }
        }
        writeOut("run \(journal.runID): plan \(evaluated.name), \(steps.count) steps, provider \(provider.journalName)\n")
        writeOut("database: \(database.store.path)\(database.note.map { " (\($0))" } ?? "")\n")
        try execute(runID: journal.runID, steps: steps, provider: runningProvider, journal: journal, journaled: [:],
                    estimatedRTO: scheduled.schedule.completionSeconds, databasePath: database.store.path)
    }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue an interrupted, paused or failed run without repeating finished steps.",
        discussion: """
            Steps journaled as done are never sent again; a step that was sent but not journaled as done \
            (the process died, or Ctrl-C left it) is sent again under the same (run, step). Failed steps are \
            retried. The run's provider is started again (the simulator without the original --fault). \
            A run whose process is still alive cannot be resumed.
            """)

    @ArgumentParser.Argument(help: "The run's id (see `rpl jobs`).")
    var runID: String

    @Option(help: "Confirm a manual step the run is waiting at (repeatable).")
    var confirm: [String] = []

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "The time rules depend on (ISO 8601), e.g. 2026-11-24T08:10:00Z. Default: now.")
    var now: String?

    func run() throws {
        let clock = try parseNow(now)
        let database = try openRunDatabase(inventoryOptions)
        let claim: Journal.Claim
        do {
            claim = try Journal.claimRun(runID, in: database.store, confirming: confirm)
        } catch {
            printError("rpl: \(error)")
            throw ExitStatus.usage
        }
        if claim.wasInterrupted {
            printError("warning[RP803]: run \(runID) was interrupted (pid \(claim.run.pid) on \(claim.run.hostname) is gone); resuming")
        }
        let provider: Provider
        if claim.run.provider.hasPrefix("exec:") {
            do { provider = try ExecProvider(command: String(claim.run.provider.dropFirst(5))) } catch {
                try? claim.journal.setStatus(.failed)
                printError("rpl: \(error)")
                throw ExitStatus.usage
            }
        } else {
            provider = SimProvider(seed: claim.run.seed ?? 1)
        }
        let journaled = Dictionary(uniqueKeysWithValues: claim.run.steps.map { ($0.id, $0.status) })
        warnAboutUnregisteredAgents(claim.steps.filter { journaled[$0.id]?.isComplete != true }, store: database.store, now: clock)
        let remaining = claim.run.steps.filter { !$0.status.isComplete }.count
        writeOut("run \(runID): resuming plan \(claim.run.planName), \(remaining) of \(claim.steps.count) steps left, provider \(claim.run.provider)\n")
        writeOut("database: \(database.store.path)\n")
        try execute(runID: runID, steps: claim.steps, provider: provider, journal: claim.journal, journaled: journaled,
                    estimatedRTO: claim.run.estimatedRTOSeconds, databasePath: database.store.path)
    }

    /// RP211 for the steps still to run: the plan is not checked again on
    /// resume (its machines have moved on), but an agent that booted less
    /// than 15 minutes before --now is still worth a warning.
    private func warnAboutUnregisteredAgents(_ pending: [ExecutableStep], store: InventoryStore, now: Date) {
        guard let inventory = try? store.loadInventory() else { return }
        for step in pending {
            guard case .reprotect = step.action, let name = step.machine, let machine = inventory.machine(name) else { continue }
            let booted = machine.bootedInAzureAt.map { now.timeIntervalSince($0) }
            if !machine.agentRegistered || (booted.map { $0 < 15 * 60 } ?? false) {
                printError("warning[RP211]: the agent of \(name) may not be registered yet; \(step.id) will wait and retry (up to 15 minutes)")
            }
        }
    }
}

struct Jobs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List runs, newest first, one line each; with a run id, its steps and events.",
        discussion: """
            Each run: id, status, plan, steps done, start time and provider. A run whose process died \
            shows as interrupted; `rpl resume RUN-ID` continues it. --format json prints every run with \
            its steps (docs/cli.md lists the keys).
            """)

    @ArgumentParser.Argument(help: "Show one run, with its steps and events.")
    var runID: String?

    @Option(help: "Output format: text or json.")
    var format: JobsFormat = .text

    @OptionGroup var inventoryOptions: InventoryOptions

    enum JobsFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        // Listing is reading: a run database that was never made holds no
        // runs, and `rpl jobs` does not make one (nor re-import a changed file).
        let store: InventoryStore
        switch try inventoryOptions.source() {
        case let .database(path): store = try openStore(path, mode: .readOnly)
        case let .json(path, _):
            let derived = (path as NSString).deletingPathExtension + ".sqlite"
            guard FileManager.default.fileExists(atPath: derived) else { return try show([]) }
            store = try openStore(derived, mode: .readOnly)
        case .demo:
            guard FileManager.default.fileExists(atPath: "rpl-demo.sqlite") else { return try show([]) }
            store = try openStore("rpl-demo.sqlite", mode: .readOnly)
        }
        let runs: [RunRecord]
        do {
            runs = try JournalReader.runs(in: store, id: runID, withEvents: runID != nil)
        } catch {
            printError("rpl: \(error)")
            throw ExitStatus.usage
        }
        try show(runs, databasePath: store.path)
    }

    private func show(_ runs: [RunRecord], databasePath: String = "the run database") throws {
        if let runID, runs.isEmpty {
            printError("rpl: no run \(runID) in \(databasePath)")
            throw ExitStatus.usage
        }
        switch format {
        case .json: writeOut(JobsReport.json(runs).serialized(pretty: true) + "\n")
        case .text: writeOut(JobsReport.text(runs, detailed: runID != nil))
        }
    }
}

// MARK: - Running

/// Runs the executor with a progress display, prints the summary and maps
/// the outcome to the exit status.
private func execute(runID: String, steps: [ExecutableStep], provider: Provider, journal: Journal,
                     journaled: [String: StepStatus], estimatedRTO: Int64, databasePath: String) throws {
    let interrupt = InterruptFlag()
    interrupt.catchSIGINT()
    let display = ProgressDisplay(board: ProgressBoard(steps: steps, journaled: journaled),
                                  live: isatty(1) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb")
    let result: ExecutionResult
    do {
        let executor = try Executor(runID: runID, steps: steps, provider: provider, journal: journal,
                                    observer: display, interrupt: interrupt)
        result = try executor.run()
    } catch {
        provider.close()
        display.finish()
        // Marked failed now, so the run can be resumed at once instead of
        // looking alive until its heartbeat goes stale.
        try? journal.setStatus(.failed)
        printError("rpl: run \(runID) stopped: \(error)")
        throw ExitStatus.usage
    }
    provider.close()
    display.finish()

    let done = result.count(.done) + result.count(.skipped)
    var summary = "\nrun \(runID) \(result.status.rawValue): \(done) of \(steps.count) steps done"
    if result.count(.failed) > 0 { summary += ", \(result.count(.failed)) failed" }
    summary += "\nRTO: \(ProgressBoard.clock(result.elapsedSeconds)) this time (\(provider is SimProvider ? "simulated" : "measured"))"
    summary += ", estimated \(ProgressBoard.clock(Double(estimatedRTO)))\n"
    summary += "database: \(databasePath)\n"
    switch result.status {
    case .paused where !result.waiting.isEmpty:
        summary += "waiting for: \(result.waiting.joined(separator: ", ")); continue with `rpl resume \(runID) --confirm STEP`\n"
    case .paused, .failed:
        summary += "continue with `rpl resume \(runID)`\n"
    default: break
    }
    writeOut(summary)
    // A pause at a manual step is the plan doing what it says (0); a run
    // that failed, or was stopped by Ctrl-C before its end, did not succeed (1).
    if result.status == .failed || (result.status == .paused && result.waiting.isEmpty) { throw ExitStatus.planErrors }
}

/// The live board on a terminal, redrawn in place; otherwise one
/// timestamped line per change (time on the run's clock).
private final class ProgressDisplay: ExecutionObserver {
    private var board: ProgressBoard
    private let live: Bool
    private var drawnLines = 0
    private var lastDraw = Date.distantPast

    init(board: ProgressBoard, live: Bool) {
        self.board = board
        self.live = live
    }

    func executor(_ update: ExecutionUpdate) {
        board.apply(update)
        if live {
            if case .tick = update, Date().timeIntervalSince(lastDraw) < 0.25 { return }
            redraw()
            return
        }
        let stamp = "[+\(ProgressBoard.clock(board.clock))]"
        switch update {
        case let .stepStarted(step, attempt, _):
            writeOut("\(stamp) \(step.id) started\(attempt > 1 ? " (attempt \(attempt))" : "")\n")
        case let .stepWaiting(step, _):
            writeOut("\(stamp) \(step.id) waiting for confirmation\n")
        case let .stepFinished(step, status, error, _):
            writeOut("\(stamp) \(step.id) \(status.rawValue)\(error.map { ": \($0)" } ?? "")\n")
        case let .event(event):
            let code = event.code.map { "[\($0.rawValue)]" } ?? ""
            let line = "\(stamp) \(event.severity.rawValue)\(code): \(event.message)\n"
            if event.severity == .note { writeOut(line) } else { printError(line) }
        case .tick:
            break
        }
    }

    private func redraw() {
        let width = max(40, terminalWidth() - 1)
        var text = drawnLines > 0 ? "\u{1B}[\(drawnLines)F" : ""
        let lines = board.lines(width: width)
        for line in lines { text += line + "\u{1B}[K\n" }
        text += "\u{1B}[J"
        writeOut(text)
        drawnLines = lines.count
        lastDraw = Date()
    }

    func finish() {
        if live { redraw() }
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        return ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 100
    }
}

// MARK: - Jobs output

enum JobsReport {
    /// `{"runs": [...]}`, newest first; docs/cli.md, "JSON outputs", lists every key.
    static func json(_ runs: [RunRecord]) -> JSONValue {
        .object([("runs", .array(runs.map { run in
            var members: [(String, JSONValue)] = [
                ("id", .string(run.id)), ("plan", .string(run.planName)), ("status", .string(run.status.rawValue)),
                ("provider", .string(run.provider)), ("started_at", .string(iso(run.startedAt))),
                ("ended_at", run.endedAt.map { .string(iso($0)) } ?? .null), ("plan_sha256", .string(run.planSHA256)),
                ("pid", .int(run.pid)),
            ]
            members.append(("steps", .array(run.steps.map { step in
                var fields: [(String, JSONValue)] = [
                    ("id", .string(step.id)), ("action", .string(step.action)),
                    ("machine", step.machine.map(JSONValue.string) ?? .null), ("status", .string(step.status.rawValue)),
                    ("attempts", .int(step.attempts)),
                ]
                if let error = step.error { fields.append(("error", .string(error))) }
                return .object(fields)
            })))
            return .object(members)
        }))])
    }

    static func text(_ runs: [RunRecord], detailed: Bool) -> String {
        if runs.isEmpty { return "no runs\n" }
        var out = ""
        for run in runs {
            let done = run.steps.filter { $0.status.isComplete }.count
            out += "\(run.id)  \(run.status.rawValue)  plan \(run.planName)  \(done)/\(run.steps.count) steps done  started \(iso(run.startedAt))  \(run.provider)\n"
            if run.status == .interrupted {
                out += "  interrupted (RP803): pid \(run.pid) on \(run.hostname) is gone; continue with `rpl resume \(run.id)`\n"
            }
            guard detailed else { continue }
            for step in run.steps {
                out += "  \(ProgressBoard.pad(step.id, 32))\(ProgressBoard.pad(step.status.rawValue, 9))"
                out += step.attempts > 1 ? "attempts \(step.attempts)" : ""
                out += step.error.map { "  \($0)" } ?? ""
                out += "\n"
            }
            if !run.events.isEmpty { out += "events:\n" }
            for event in run.events {
                let code = event.code.map { "[\($0.rawValue)]" } ?? ""
                out += "  \(iso(event.time))  \(event.severity.rawValue)\(code): \(event.message)\n"
            }
        }
        return out
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
