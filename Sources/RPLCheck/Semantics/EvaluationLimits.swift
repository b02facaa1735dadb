/// The limits that make evaluation end, in bounded time and memory,
/// whatever a plan says. Functions may recurse and loops nest, so a budget
/// bounds them rather than a rule against them; each limit exceeded is
/// RP106 at the loop, call or expression that exceeded it. docs/language.md
/// ("Limits") lists them with the parser's (`Limits` in RPLSyntax).
public struct EvaluationLimits: Sendable {
    /// Evaluation steps of one check: each expression evaluated, statement
    /// executed and loop round, and the items a comparison, concatenation or
    /// interpolation walks. A plan takes a handful per statement it runs;
    /// a runaway (exponential recursion, loops nested ten deep) stops after
    /// seconds (some ten in a debug build) instead of running for ever.
    public var maxSteps: Int
    /// Bytes one value may hold: a string's UTF-8, a list or record counted
    /// in full (8 bytes a scalar, plus its strings), so that doubling a
    /// string forty times is a diagnostic, not a terabyte.
    public var maxValueBytes: Int
    /// Lists and records nested in one another: values are freed and shown
    /// recursively, so nesting them through bindings must stay shallow.
    public var maxValueNesting: Int
    /// Calls nested in calls: recursion deeper than this has no base case.
    public var maxCallDepth: Int
    /// Expressions and statements being evaluated inside one another,
    /// across calls: this keeps evaluation within its thread's stack
    /// (`EvaluationThread.stackBytes`) even in a debug build.
    public var maxEvaluationDepth: Int
    /// Steps (reprotect, failback, manual, wait) one plan may produce.
    public var maxPlanSteps: Int
    /// The longest `wait`: a change window is days, not years, and the
    /// scheduler's clock must never overflow.
    public var maxWaitSeconds: Int64

    public static let standard = EvaluationLimits(
        maxSteps: 10_000_000, maxValueBytes: 16 << 20, maxValueNesting: 100, maxCallDepth: 100,
        maxEvaluationDepth: 5_000, maxPlanSteps: 1_000_000, maxWaitSeconds: 30 * 86_400)
}
