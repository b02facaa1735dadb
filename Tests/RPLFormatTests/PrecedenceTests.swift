import RPLFormat
import RPLSource
import RPLSyntax
import Testing

/// The tree drops written parentheses; the formatter must put back exactly
/// those the parser needs: for precedence, and one pair around each `<` /
/// `>` comparison outside every bracket.
struct PrecedenceTests {
    /// (written, canonical) for `let v = ...`.
    static let cases: [(String, String)] = [
        ("(a + b) * c", "(a + b) * c"),
        ("a + (b * c)", "a + b * c"),
        ("not (a and b)", "not (a and b)"),
        ("(not a) and b", "not a and b"),
        ("(xs where os == \"linux\").name", "(xs where os == \"linux\").name"),
        ("(xs where os == \"linux\")", "xs where os == \"linux\""),
        ("[x where (a < b)]", "[x where a < b]"),
        ("[x where a <= b]", "[x where a <= b]"),
        ("[a < b]", "[a < b]"),
        ("(a > b)", "(a > b)"),
        ("f((a < b))", "f(a < b)"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("a / (b / c)", "a / (b / c)"),
        ("(a == b) == c", "(a == b) == c"),
        ("a == (b == c)", "a == (b == c)"),
        ("-(a + b)", "-(a + b)"),
        ("(-a) + b", "-a + b"),
        ("-(-a)", "- -a"),
        ("--a", "- -a"),
        ("a - -(-b)", "a - - -b"),
        ("not (not a)", "not not a"),
        ("not (-a)", "not -a"),
        ("-(not a)", "-(not a)"),
        ("(not a) == b", "(not a) == b"),
        ("a == (not b)", "a == (not b)"),
        ("not (a == b)", "not a == b"),
        ("(a or b) and c", "(a or b) and c"),
        ("a or (b and c)", "a or b and c"),
        ("a and (b or c)", "a and (b or c)"),
        ("(xs where a) where b", "xs where a where b"),
        ("xs where (ys where b)", "xs where (ys where b)"),
        ("(f)(x)", "f(x)"),
        ("(a + b).c", "(a + b).c"),
        ("(a + b)[0]", "(a + b)[0]"),
        ("(-a).b", "(-a).b"),
        ("(a in b) in c", "(a in b) in c"),
        ("((a < b)) == c", "(a < b) == c"),
        ("{k: (a > b), j: (c + d)}", "{k: a > b, j: c + d}"),
        ("m[(a > b)]", "m[a > b]"),
        ("f((a < b) and c)", "f(a < b and c)"),
        ("(a < b) and c", "(a < b) and c"),
        ("((a < b) and c)", "(a < b) and c"),
    ]

    @Test(arguments: cases)
    func parenthesesArePutBackWhereNeeded(_ written: String, _ canonical: String) {
        let source = "let v = \(written)"
        let formatted = format(source)
        #expect(formatted == "let v = \(canonical)\n")
        let original = parse(source)
        let reparsed = parse(formatted)
        #expect(original.diagnostics.isEmpty)
        #expect(reparsed.diagnostics.isEmpty, "\(formatted)")
        #expect(TreeShape.of(reparsed) == TreeShape.of(original))
    }

    /// `<` outside brackets opens a block, so a comparison in a statement's
    /// head must be parenthesised in the output whatever the input wrote.
    @Test func comparisonInABlockHeadKeepsItsParentheses() {
        #expect(format("if (a < b) < f() >") == "if (a < b) <\n  f()\n>\n")
        #expect(format("for x in (xs where ((size > 2GB))) < f(x) >") == "for x in xs where (size > 2GB) <\n  f(x)\n>\n")
        #expect(format("if ((n > 0) and ok) < >") == "if (n > 0) and ok < >\n")
    }
}

/// Random expressions, written with a pair of parentheses around every
/// operator, must come back from the formatter as the same tree: a check of
/// the formatter's precedence table against the parser's that no list of
/// hand-picked cases gives.
struct RandomExpressionTests {
    /// A fixed seed gives the same expressions on every run.
    typealias Generator = SplitMix64

    static let operators = ["or", "and", "==", "!=", "<", ">", "<=", ">=", "in", "+", "-", "*", "/"]
    static let leaves = ["a", "b-c", "1", "15m", "500GB", "\"s\"", "true", "none", "\"${x + 1}\""]

    static func expression(_ random: inout Generator, depth: Int) -> String {
        if depth == 0 { return leaves[random.next(leaves.count)] }
        let sub = { (r: inout Generator) in expression(&r, depth: depth - 1) }
        switch random.next(11) {
        case 0, 1, 2: return "(\(sub(&random)) \(operators[random.next(operators.count)]) \(sub(&random)))"
        case 3: return "(not \(sub(&random)))"
        case 4: return "(-\(sub(&random)))"
        case 5: return "(\(sub(&random)) where \(sub(&random)))"
        case 6: return "(\(sub(&random))).f"
        case 7: return "(\(sub(&random)))[\(sub(&random))]"
        case 8: return "(\(sub(&random)))(\(sub(&random)), \(sub(&random)))"
        case 9: return "[\(sub(&random)), \(sub(&random))]"
        default: return "{k: \(sub(&random))}"
        }
    }

    @Test(arguments: 0..<8)
    func fullyParenthesisedExpressionsKeepTheirTree(_ seed: Int) {
        var random = Generator(seed: UInt64(seed) &* 7919)
        for _ in 0..<60 {
            let source = "let v = \(Self.expression(&random, depth: 4))"
            let original = parse(source)
            #expect(original.diagnostics.isEmpty, "\(source)")
            let formatted = format(source)
            let reparsed = parse(formatted)
            #expect(reparsed.diagnostics.isEmpty, "\(source)\n→ \(formatted)")
            #expect(TreeShape.of(reparsed) == TreeShape.of(original), "\(source)\n→ \(formatted)")
            #expect(format(formatted) == formatted)
            #expect(formatted.count <= source.count + 1, "no parentheses added beyond the written ones: \(formatted)")
        }
    }
}
