import RPLInventory
import RPLSource
import RPLSyntax

/// The REPL's one way into evaluation: it types an expression as a
/// top-level binding (`let NAME = (EXPR)`) after the session's
/// definitions, and needs the value that binding got, besides the usual
/// check of the whole text.
extension Checker {
    public static func check(_ tree: SyntaxTree, inventory: Inventory, options: CheckOptions,
                             valueOf binding: String) -> (result: CheckResult, value: Value?) {
        if tree.diagnostics.hasErrors {
            return (CheckResult(diagnostics: tree.diagnostics.sortedByPosition(), plan: nil, facts: nil), nil)
        }
        let evaluator = Evaluator(file: tree.file, inventory: inventory, options: options)
        let plan = evaluator.evaluatePlan(tree)
        let facts = PlanFacts(reprotects: evaluator.reprotects, failbacks: evaluator.failbacks,
                              isRecoveryPlan: options.isRecoveryPlan)
        let findings = Prerequisites.check(facts, inventory: inventory, now: options.now)
        let locator = FindingLocator(reprotects: evaluator.reprotectSpans, failbacks: evaluator.failbackSpans)
        let diagnostics = tree.diagnostics + evaluator.diagnostics + findings.map(locator.diagnostic)
        let result = CheckResult(diagnostics: deduplicated(diagnostics).sortedByPosition(), plan: plan, facts: facts)
        return (result, evaluator.globals[binding]?.value)
    }

    /// Names every top-level scope starts with (inventory lists, the
    /// failback policy, built-in functions): for completion.
    public static var builtinNames: [String] { Builtins.names }
}
