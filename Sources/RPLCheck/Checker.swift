import Foundation
import RPLInventory
import RPLSource
import RPLSyntax

public struct CheckOptions: Sendable {
    /// The clock for time-based rules (RP211).
    public var now: Date
    /// False for a lone statement in the REPL (RP703).
    public var isRecoveryPlan: Bool

    public init(now: Date = Date(), isRecoveryPlan: Bool = true) {
        self.now = now
        self.isRecoveryPlan = isRecoveryPlan
    }
}

public struct CheckResult: Sendable {
    /// Syntax, names, types, prerequisite rules: sorted by position.
    public var diagnostics: [Diagnostic]
    /// The evaluated plan, when evaluation got that far (it is built even
    /// with rule errors, so a dry run can still show what would happen).
    public var plan: EvaluatedPlan?
}

/// The checker's entry point: names, kinds, types, evaluation into steps,
/// then every prerequisite rule of the seed on those steps.
public enum Checker {
    public static func check(_ tree: SyntaxTree, inventory: Inventory, options: CheckOptions = CheckOptions()) -> CheckResult {
        // Filled in by the semantic pass (in progress): for now, syntax only.
        CheckResult(diagnostics: tree.diagnostics.sortedByPosition(), plan: nil)
    }
}
