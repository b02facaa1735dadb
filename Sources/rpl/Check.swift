import ArgumentParser
import RPLSource
import RPLSyntax

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check plans against the inventory: every name, every kind, every prerequisite. Nothing changes.")

    @Argument(help: "Plan files (.rpl); '-' reads standard input.")
    var plans: [String]

    @Option(help: "Inventory: a SQLite database or an inventory JSON file. Default: the embedded demo inventory.")
    var inventory: String?

    @Option(help: "Output format: text, json or sarif.")
    var format: DiagnosticFormat = .text

    @Option(help: "The time rules depend on (ISO 8601). Default: now.")
    var now: String?

    @Flag(help: "Only parse: needs no inventory (for pre-commit hooks and CI).")
    var syntaxOnly = false

    func run() throws {
        var diagnostics: [Diagnostic] = []
        for path in plans {
            let file = try readSource(path)
            let tree = Parser.parse(file)
            diagnostics += tree.diagnostics
        }
        if !syntaxOnly { try notBuiltYet("check against an inventory (use --syntax-only)") }
        emit(diagnostics, format: format)
        if diagnostics.hasErrors { throw ExitStatus.planErrors }
    }
}
