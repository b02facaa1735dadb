import ArgumentParser
import Foundation
import RPLInventory
import RPLPipeline
import RPLSource
import RPLSyntax

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check plans against the inventory: every name, every kind, every prerequisite. Nothing changes.",
        discussion: "Exit status: 0 no errors (warnings allowed), 1 the plan has errors, 2 usage, I/O or inventory errors, or a file that is not UTF-8 (RP002).")

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
        let workspace = try inventoryOptions.workspace(now: now)
        // Checking never changes the inventory. It loads on a second thread
        // while the plans are read and parsed.
        let loading = syntaxOnly ? nil : InBackground { try workspace.readInventory() }
        var trees = try plans.map { Parser.parse(try readSource($0)) }
        var diagnostics: [Diagnostic] = []
        var loaded: Inventory?
        if let loading {
            // Opened once for every plan: RP711 compares each with the runs journaled there. Opened
            // while the inventory still loads, not after: 3 M instructions off the check's critical path.
            let runs = try? workspace.location.existingRunDatabase(mode: .readOnly)
            let inventory = try pipeline(format: format) { () throws(PipelineFailure) in try loading.typedValue() }
            loaded = inventory
            // Each tree is handed over to its check, which frees it as it
            // evaluates it: a 50k plan's tree is 15 MB of the check's peak.
            trees.reverse()
            while let tree = trees.popLast() {
                let (file, header) = (tree.file, tree.header)
                let checked = workspace.check(consume tree, inventory: inventory, producesPlan: false).diagnostics
                diagnostics += checked
                // A version already run against this database that now does something else (RP711):
                // said even when the plan has errors, which a run leaves behind (its machines moved on).
                if let runs, let stale = workspace.versionWarning(for: file, header: header, inventory: inventory, in: runs.store) {
                    diagnostics.append(stale)
                }
            }
        } else {
            for tree in trees { diagnostics += tree.diagnostics }
        }
        emit(diagnostics, format: format)
        // A file that is not UTF-8 (RP002) was not checked at all: that is an input error, like an unreadable file.
        let status = diagnostics.contains(where: { $0.code == .RP002 }) ? ExitStatus.usage.rawValue
            : diagnostics.hasErrors ? ExitStatus.planErrors.rawValue : 0
        exitWithoutTeardown(status, keeping: (trees, loaded))
    }
}
