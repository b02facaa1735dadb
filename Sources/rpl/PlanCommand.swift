import ArgumentParser
import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource
import RPLSyntax

/// `rpl plan`: the dry run. Check, evaluate, schedule, print what would
/// happen; nothing changes (the inventory is opened read-only).
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dry run: the schedule, per-machine parameters, RTO and critical path.",
        discussion: """
            Prints every step in its group with its master target, process server, datastore and retention \
            volume, its estimated start and end from the start of the run, the estimated RTO, the critical path \
            and a Gantt chart. Estimates use named figures (setup, failback downtime, per-master-target and \
            per-process-server limits, the network's bandwidth shared by concurrent transfers).
            Exit status: 0 ok (warnings allowed), 1 the plan has errors, 2 usage, I/O or inventory errors.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @ArgumentParser.Argument(help: "The plan file (.rpl); '-' reads standard input.")
    var plan: String

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "The time rules and the agent-registration wait depend on (ISO 8601), e.g. 2026-11-24T08:10:00Z. Default: now.")
    var now: String?

    @Flag(help: "Colour the Gantt chart (text format).")
    var color = false

    func run() throws {
        let clock = try parseNow(now)
        let file = try readSource(plan)
        let tree = Parser.parse(file)
        // The reader reports a failure to load itself (exit 2).
        let inventory = try inventoryOptions.reader(readOnly: true).loadInventory()

        let checked = Checker.check(tree, inventory: inventory, options: CheckOptions(now: clock))
        var diagnostics = checked.diagnostics
        guard !diagnostics.hasErrors, let evaluated = checked.plan else {
            report(diagnostics)
            if !diagnostics.hasErrors { printError("rpl: the plan could not be evaluated") }
            throw ExitStatus.planErrors
        }
        let scheduled = Scheduler.schedule(evaluated, inventory: inventory, options: ScheduleOptions(now: clock))
        diagnostics += scheduled.diagnostics
        report(diagnostics)
        if diagnostics.hasErrors { throw ExitStatus.planErrors }

        switch format {
        case .text:
            writeOut(PlanText(width: Plan.terminalWidth(), color: color).render(scheduled.schedule, inventory: inventory))
        case .json:
            writeOut(PlanJSON.render(scheduled.schedule))
        }
    }

    /// Errors replace the schedule: as JSON on stdout for `--format json`,
    /// as text on stderr otherwise. Warnings and notes always go to stderr,
    /// so that stdout stays the schedule alone.
    private func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        emit(diagnostics, format: format == .json && diagnostics.hasErrors ? .json : .text)
    }

    /// The terminal's width when stdout is one; otherwise (pipes, files,
    /// golden tests) a fixed 80 columns, so the output does not depend on
    /// where it was produced.
    static func terminalWidth() -> Int {
        guard isatty(1) == 1 else { return 80 }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
