import ArgumentParser
import Foundation
import RPLCheck
import RPLPipeline
import RPLRuntime
import RPLSource
import RPLSyntax

/// `rpl plan`: the dry run. Check, evaluate, schedule, print what would
/// happen; nothing changes (the inventory is opened read-only).
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run: the schedule, per-machine parameters, completion time, downtime (RTO) and critical path.",
        discussion: """
            Prints every step in its group with its master target, process server, datastore and retention \
            volume, its estimated start and end from the start of the run, the plan's completion time, the \
            downtime of each group and machine (the longest is the RTO), the critical path and a Gantt chart. \
            Estimates use named figures (setup, failback shutdown and boot, each machine's churn for the last \
            sync, per-master-target and per-process-server limits, the network's bandwidth shared by concurrent \
            transfers).
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
        let workspace = try inventoryOptions.workspace(now: now)
        let file = try readSource(plan)
        let prepared: PreparedPlan
        // Parsed and checked here rather than in `prepare(file)`, which would
        // free the tree and the check's facts on return (a twentieth of
        // planning 50,000 machines); they are kept to the exit instead.
        let tree = Parser.parse(file)
        let checked: CheckResult
        do {
            let inventory = try workspace.readInventory()
            checked = workspace.check(tree, inventory: inventory)
            prepared = try workspace.prepare(checked.plan, diagnostics: checked.diagnostics, inventory: inventory)
        } catch {
            // Errors replace the schedule: as JSON on stdout for `--format json`.
            report(error, format: format == .json && error.diagnostics.hasErrors ? .json : .text)
            throw error.kind == .plan ? ExitStatus.planErrors : ExitStatus.usage
        }
        // Warnings and notes go to stderr, so that stdout stays the schedule alone.
        emit(prepared.diagnostics, format: .text)
        switch format {
        case .text:
            writeOut(PlanText(width: Plan.terminalWidth(), color: color).render(prepared.schedule, inventory: prepared.inventory))
        case .json:
            for part in PlanJSON.renderParts(prepared.schedule) { writeOut(bytes: part) }
        }
        exitWithoutTeardown(0, keeping: (tree, checked, prepared))
    }

    /// The terminal's width when stdout is one; otherwise (pipes, files,
    /// golden tests) a fixed 80 columns, so the output does not depend on
    /// where it was produced.
    static func terminalWidth() -> Int {
        guard isatty(1) == 1 else { return PlanText.defaultWidth }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return PlanText.defaultWidth }
        return Int(size.ws_col)
    }
}
