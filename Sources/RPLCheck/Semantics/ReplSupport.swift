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
        let (result, evaluator) = run(tree, inventory: inventory, options: options)
        return (result, evaluator?.globals[binding]?.value)
    }

    /// Names every top-level scope starts with (inventory lists, the
    /// failback policy, built-in functions): for completion.
    public static var builtinNames: [String] { Builtins.names }

    /// The fields of an inventory record as `NAME.field` reads them: what
    /// the REPL prints for a bare name and completes after `NAME.`.
    public static func fields(of kind: EntityKind, _ name: String, inventory: Inventory) -> [(String, Value)] {
        Builtins.fields(of: kind, name, inventory: inventory)
    }
}
