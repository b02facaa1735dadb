import ArgumentParser
import RPLCheck
import RPLInventory
import RPLSource
import RPLSyntax

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check plans against the inventory: every name, every kind, every prerequisite. Nothing changes.",
        discussion: "Exit status: 0 no errors (warnings allowed), 1 the plan has errors, 2 usage, I/O or inventory errors.")

    @Argument(help: "Plan files (.rpl); '-' reads standard input.")
    var plans: [String]

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "Output format: text, json or sarif.")
    var format: DiagnosticFormat = .text

    @Option(help: "The time rules depend on (ISO 8601), e.g. 2026-11-24T08:10:00Z. Default: now.")
    var now: String?

    @Flag(help: "Only parse: needs no inventory (for pre-commit hooks and CI).")
    var syntaxOnly = false

    func run() throws {
        let clock = try parseNow(now)
        // The inventory is opened read-only: checking never changes it.
        let inventory = syntaxOnly ? nil : try inventoryOptions.reader(readOnly: true).loadInventory()
        var diagnostics: [Diagnostic] = []
        for path in plans {
            let tree = Parser.parse(try readSource(path))
            if let inventory {
                diagnostics += Checker.check(tree, inventory: inventory, options: CheckOptions(now: clock)).diagnostics
            } else {
                diagnostics += tree.diagnostics
            }
        }
        emit(diagnostics, format: format)
        if diagnostics.hasErrors { throw ExitStatus.planErrors }
    }
}
