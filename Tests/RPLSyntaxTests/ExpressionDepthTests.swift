import RPLSource
import RPLSyntax
import Testing

/// One nesting limit for every shape that deepens the tree: parentheses,
/// operator chains (a left-deep tree as deep as it is long), postfix chains
/// and `else if` chains. Every later phase walks the tree recursively, so
/// no tree the parser returns may be deeper than the limit.
@Suite struct ExpressionDepthTests {
    /// The deepest expression of a statement list, walking without recursion (the tree may be deep).
    static func deepestExpression(_ statements: [Statement]) -> Int {
        var deepest = 0
        var pending = statements
        while let statement = pending.popLast() {
            func see(_ expr: Expr) { deepest = max(deepest, Int(expr.depth)) }
            switch statement.kind {
            case let .letBinding(_, value): see(value)
            case let .check(check): see(check.condition); see(check.message)
            case let .call(expr), let .wait(expr), let .returnValue(expr): see(expr)
            case let .ifElse(ifElse):
                see(ifElse.condition)
                pending += ifElse.then.statements
                if case let .block(block) = ifElse.otherwise { pending += block.statements }
                if case let .elseIf(nested) = ifElse.otherwise { pending.append(nested) }
            case let .forLoop(_, sequence, body): see(sequence); pending += body.statements
            case let .group(group): pending += group.body.statements
            case let .function(function): pending += function.body.statements
            default: break
            }
        }
        return deepest
    }

    static func limitDiagnostics(_ tree: SyntaxTree) -> [Diagnostic] {
        tree.diagnostics.filter { $0.code == .RP106 && $0.message == "too many nested blocks and expressions (limit is \(Limits.maxNesting))" }
    }

    /// Chains of each operator: one below the limit parses clean, one past it is one RP106, never a deep tree.
    @Test(arguments: ["+", "-", "*", "/", "and", "or", "where"])
    func operatorChainsCountAsNesting(_ op: String) {
        let term = op == "and" || op == "or" ? "true" : "1"
        for length in [Limits.maxNesting / 2, Limits.maxNesting - 2, Limits.maxNesting + 1, 17_500] {
            let chain = Array(repeating: term, count: length).joined(separator: " \(op) ")
            let tree = Parser.parse(name: "chain.rpl", text: "let s = (\(chain))\n")
            if length < Limits.maxNesting - 1 {
                #expect(tree.diagnostics.isEmpty, "\(op) × \(length): \(tree.diagnostics.map(\.message))")
                #expect(Self.deepestExpression(tree.statements) == length)
            } else {
                #expect(Self.limitDiagnostics(tree).count == 1, "\(op) × \(length)")
            }
            #expect(Self.deepestExpression(tree.statements) <= Limits.maxNesting)
        }
    }

    @Test func theIssuesSumOf17500TermsIsRefusedNotOverflowed() {
        let text = "let s = " + Array(repeating: "1", count: 17_500).joined(separator: " + ")
        let tree = Parser.parse(name: "sum.rpl", text: text)
        let limit = Self.limitDiagnostics(tree)
        #expect(limit.count == 1)
        #expect(tree.diagnostics.count == 1)
        #expect(Self.deepestExpression(tree.statements) <= Limits.maxNesting)
    }

    @Test func postfixChainsCountAsNesting() {
        for chain in [String(repeating: "()", count: 5_000), String(repeating: ".f", count: 5_000), String(repeating: "[0]", count: 5_000)] {
            let tree = Parser.parse(name: "postfix.rpl", text: "let s = f\(chain)\n")
            #expect(Self.limitDiagnostics(tree).count == 1, "\(chain.prefix(6))")
            #expect(Self.deepestExpression(tree.statements) <= Limits.maxNesting)
        }
        let short = Parser.parse(name: "postfix.rpl", text: "let s = f" + String(repeating: ".f", count: 50) + "\n")
        #expect(short.diagnostics.isEmpty)
    }

    @Test func elseIfChainsCountAsNesting() {
        let chain = String(repeating: "if (true) < wait 1s > else ", count: 5_000) + "< wait 1s >\n"
        let tree = Parser.parse(name: "elseif.rpl", text: chain)
        #expect(Self.limitDiagnostics(tree).count == 1)
        let short = Parser.parse(name: "elseif.rpl", text: String(repeating: "if (true) < wait 1s > else ", count: 20) + "< wait 1s >\n")
        #expect(short.diagnostics.isEmpty)
    }

    /// Mixed shapes nested in one another: whatever the mix, a tree the parser returns stays within the limit.
    @Test func randomNestingsNeverExceedTheLimit() {
        var random = SeededRandom(seed: 0xDEE9)
        let shapes = ["(", "[", "-", "not ", "f(", "{k: "]
        let closers = [")", "]", "", "", ")", "}"]
        for _ in 0..<40 {
            var open: [String] = []
            var text = "let s = "
            for _ in 0..<Int(random.next() % 400) {
                if random.next() % 3 == 0 {
                    text += "1 + "
                } else {
                    let index = Int(random.next() % UInt64(shapes.count))
                    text += shapes[index]
                    open.append(closers[index])
                }
            }
            text += "1" + open.reversed().joined()
            let tree = Parser.parse(name: "mix.rpl", text: text)
            #expect(Self.deepestExpression(tree.statements) <= Limits.maxNesting)
            #expect(tree.diagnostics.allSatisfy { $0.code == .RP106 || $0.code == .RP001 })
        }
    }
}
