import Foundation
import RPLCheck
import RPLInventory
import RPLSource
import RPLSyntax
import Testing

/// Evaluation ends, in bounded memory, whatever the plan says: each limit
/// of `EvaluationLimits` is reached as RP106 at the loop, call or
/// expression that exceeded it. The limits are lowered here so the tests
/// reach them quickly; the mechanism is the one the standard limits use.
@Suite struct EvaluationBudgetTests {
    static func check(_ text: String, limits: EvaluationLimits = .standard) -> (SourceFile, [Diagnostic]) {
        let tree = Parser.parse(name: "plan.rpl", text: text)
        let result = Checker.check(tree, inventory: try! DemoInventory.load(), options: CheckOptions(limits: limits))
        return (tree.file, result.diagnostics.filter { $0.code == .RP106 })
    }

    static func small(steps: Int = 20_000, valueBytes: Int = 4_096) -> EvaluationLimits {
        var limits = EvaluationLimits.standard
        limits.maxSteps = steps
        limits.maxValueBytes = valueBytes
        return limits
    }

    static func text(_ file: SourceFile, _ diagnostic: Diagnostic) -> String { file.text(diagnostic.primary.span) }

    @Test func exponentialCallsRunOutOfStepsAtTheOutermostCall() throws {
        let plan = "fn f(n) <\n  if (n > 0) <\n    f(n - 1)\n    f(n - 1)\n  >\n>\nf(40)\n"
        let (file, found) = Self.check(plan, limits: Self.small())
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.message == "too many evaluation steps (limit is 20000)")
        #expect(Self.text(file, diagnostic) == "f(40)")
    }

    @Test func recursionWithoutBaseCaseStopsAtTheCallDepth() {
        let (_, found) = Self.check("fn f(x) <\n  f(x)\n  f(x)\n>\nf(1)\n", limits: Self.small())
        #expect(found.contains { $0.message == "too many nested calls (limit is 100)" })
    }

    @Test func nestedLoopsRunOutOfStepsAtTheOutermostLoop() throws {
        let loops = (0..<10).map { "for v\($0) in xs < " }.joined() + "wait 1s" + String(repeating: " >", count: 10)
        let (file, found) = Self.check("let xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n" + loops + "\n", limits: Self.small())
        let diagnostic = try #require(found.first { $0.message.hasPrefix("too many evaluation steps") })
        #expect(Self.text(file, diagnostic).hasPrefix("for v0 in xs <"))
    }

    /// The budget bounds the work, not only the calls: the step counts of a
    /// loop grow with its rounds until the limit, then stop.
    @Test func theStepBudgetIsExact() {
        func exhausts(rounds: Int, steps: Int) -> Bool {
            let items = (0..<rounds).map(String.init).joined(separator: ", ")
            return !Self.check("for i in [\(items)] <\n  let x = i + 1\n>\n", limits: Self.small(steps: steps)).1.isEmpty
        }
        // Each round: the loop's round, the `let`, and `i + 1`, `i`, `1`: five steps.
        #expect(!exhausts(rounds: 100, steps: 1_000))
        #expect(exhausts(rounds: 300, steps: 1_000))
    }

    @Test func aDoubledStringStopsAtTheValueLimitWhereItIsBuilt() throws {
        let plan = "fn f(s, n) <\n  if (n > 0) <\n    return f(s + s, n - 1)\n  >\n  return s\n>\nlet big = f(\"x\", 40)\n"
        for limits in [Self.small(steps: 10_000_000), EvaluationLimits.standard] {
            let (file, found) = Self.check(plan, limits: limits)
            let diagnostic = try #require(found.first)
            #expect(found.count == 1)
            #expect(diagnostic.message == "a string exceeds the limit of \(limits.maxValueBytes) bytes for one value")
            #expect(Self.text(file, diagnostic) == "s + s")
        }
    }

    @Test func sharedListsCountInFull() throws {
        // Each binding holds the one before twice: shared in memory, but shown or compared in full.
        var plan = "let l0 = [\"xxxxxxxx\"]\n"
        for level in 1...30 { plan += "let l\(level) = [l\(level - 1), l\(level - 1)]\n" }
        plan += "check \"${l30}\" != \"\", \"shown\"\n"
        let (_, found) = Self.check(plan, limits: Self.small(steps: 10_000_000))
        let diagnostic = try #require(found.first)
        #expect(diagnostic.message == "a list exceeds the limit of 4096 bytes for one value")
    }

    @Test func valuesNestedThroughBindingsStayShallow() throws {
        var plan = "let l0 = [1]\n"
        for level in 1...150 { plan += "let l\(level) = [l\(level - 1)]\n" }
        let (_, found) = Self.check(plan)
        #expect(found.map(\.message) == ["too many lists and records nested in one another (limit is 100)"])
    }

    /// Deep expressions inside deep recursion: bounded by the evaluation
    /// depth, on the evaluation's own stack, whatever thread calls (a test
    /// runs on a 512 KiB cooperative thread).
    @Test func deepExpressionsInDeepRecursionAreBoundedNotOverflowed() {
        var inner = "f(n - 1)"
        for _ in 0..<90 { inner = "(0 + \(inner))" }
        let plan = "fn f(n) <\n  if (n > 0) <\n    return \(inner)\n  >\n  return 0\n>\nlet x = f(99)\n"
        let (_, found) = Self.check(plan)
        #expect(found.map(\.message) == ["too many nested calls and expressions (limit is \(EvaluationLimits.standard.maxEvaluationDepth))"])
    }

    @Test func plansWithinTheLimitsAreUntouched() {
        let plan = "fn f(n) <\n  if (n > 0) <\n    return f(n - 1) + 1\n  >\n  return 0\n>\nassert f(50) == 50, \"counts\"\n"
        #expect(Self.check(plan).1.isEmpty)
    }
}
