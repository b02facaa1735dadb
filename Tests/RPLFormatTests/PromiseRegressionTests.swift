import RPLFormat
import RPLSource
import RPLSyntax
import Testing

/// Inputs on which the formatter once broke a promise (found by fuzzing),
/// and the mechanisms that fixed them, each checked through the one oracle
/// the fuzz harness asks too.
struct PromiseRegressionTests {
    static func brokenPromise(_ text: String) -> String? {
        FormatPromises.brokenPromise(SourceFile(name: "t.rpl", text: text))
    }

    /// Whether `text` parses without errors.
    static func parses(_ text: String) -> Bool { !parse(text).diagnostics.hasErrors }

    // MARK: - Nesting depth

    /// `let a = - - ... - b` with 101 `-` once came out as `-(-(...))`, two
    /// levels a sign, past the parser's limit.
    @Test func manyNegationsStayWithinTheNestingLimit() {
        let source = "let a = " + String(repeating: "-", count: 101) + "b\n"
        #expect(Self.parses(source))
        #expect(Self.brokenPromise(source) == nil)
        #expect(format(source).hasPrefix("let a = - - -"))
    }

    /// The mechanism: for each way of stacking operators that the formatter
    /// could once parenthesise more than the input did, the deepest stack
    /// that parses still formats to text that parses to the same tree.
    @Test(arguments: [
        ("negations", "- ", ""),
        ("nots", "not ", ""),
        ("comparisons in filters", "[x where a < ", "]"),
        ("comparisons under and", "f(a < b and ", ")"),
    ])
    func deepestStackThatParsesStillFormats(_ family: String, _ opening: String, _ closing: String) {
        let stack = { (n: Int) in
            "let a = " + String(repeating: opening, count: n) + "b" + String(repeating: closing, count: n) + "\n"
        }
        var deepest = 0
        while Self.parses(stack(deepest + 1)), deepest < 4 * Limits.maxNesting { deepest += 1 }
        #expect(deepest > 1, "\(family): even a short stack does not parse")
        #expect(!Self.parses(stack(deepest + 1)), "\(family): the limit was never reached")
        #expect(Self.brokenPromise(stack(deepest)) == nil, "\(family) at depth \(deepest)")
    }

    // MARK: - Comments

    /// A comment ending in `\r\r` lost one `\r` per pass, so `fmt` was not idempotent.
    @Test func commentEndingInCarriageReturnsIsStable() {
        let source = "# note\r\r\nlet x = 1 # after\r\r\r\n"
        #expect(Self.brokenPromise(source) == nil)
        #expect(format(source) == "# note\nlet x = 1 # after\n")
    }

    /// The mechanism: whatever blanks end a comment, the lexer leaves them
    /// out, so the comment the formatter writes is the one it read.
    @Test(arguments: [" ", "\t", "\r", " \r", "\r ", "\t\r\r", "\r\t ", "\r\r\r"])
    func trailingBlanksAreNotPartOfAComment(_ blanks: String) {
        for source in ["# c\(blanks)\nlet x = 1\n", "let x = 1 # c\(blanks)\n", "# c\(blanks)"] {
            let tree = parse(source)
            #expect(tree.comments.map(tree.file.text) == ["# c"], "\(source.debugDescription)")
            #expect(Self.brokenPromise(source) == nil, "\(source.debugDescription)")
        }
    }

    /// `## doc  ` documented `fn` as "doc  " to the parser but was written
    /// back as `## doc`.
    @Test func docCommentTrailingBlanksAgreeBetweenParserAndFormatter() {
        let source = "## Says hello.  \t\r\nfn f() < >\n"
        #expect(Self.brokenPromise(source) == nil)
        guard case let .function(function) = parse(source).statements.first?.kind else {
            Issue.record("no function parsed")
            return
        }
        #expect(function.documentation == ["Says hello."])
    }

    /// `## doc` above a line where `fn` follows other code documented the
    /// `fn`, until formatting gave the `fn` its own line and took it away.
    @Test func docCommentBeforeAnFnNotFirstOnItsLineDocumentsNothing() {
        let source = "## doc\nlet x = 1 fn f() < >\n"
        #expect(Self.brokenPromise(source) == nil)
        guard case let .function(function) = parse(source).statements.last?.kind else {
            Issue.record("no function parsed")
            return
        }
        #expect(function.documentation.isEmpty)
        #expect(parse("## doc\n  fn f() < >\n").statements.first.map(documentation) == ["doc"])
    }

    /// A `##` comment the formatter moves (out of a head, or with its
    /// statement) must not land right above an `fn` and start documenting it.
    @Test(arguments: [
        "fn g(\n## c\n) < fn f() < > >\n",
        "fn g(\n## c\n) <\nfn f() < >\n>\n",
        "let x = [1, ## c\n2] fn f() < >\n",
        "let y = 1 ## c\nlet x = 2 fn f() < >\n",
    ])
    func movedDocCommentDoesNotDocumentAnotherFunction(_ source: String) {
        #expect(Self.parses(source))
        #expect(Self.brokenPromise(source) == nil, "\(source.debugDescription)")
    }

    func documentation(_ statement: Statement) -> [String] {
        if case let .function(function) = statement.kind { return function.documentation }
        return []
    }
}

/// Chains (operators, postfix, `else if`) are as deep as nested
/// parentheses: the parser counts every link against `Limits.maxNesting`.
/// The formatter and the tree-shape oracle once recursed once a link and
/// ran out of stack on 5,000 of them; the longest chain the parser accepts
/// must format and keep its promises, and one link more is refused, not a
/// crash.
struct LongChainTests {
    /// The most links of each kind that still parse: found, not assumed, so
    /// the tests stay at the edge if the depth counting changes.
    static func longestAccepted(_ make: (Int) -> String) -> Int {
        var low = 1
        var high = Limits.maxNesting * 2
        while low < high {
            let middle = (low + high + 1) / 2
            if parse(make(middle)).diagnostics.hasErrors { high = middle - 1 } else { low = middle }
        }
        return low
    }

    static func checkAtTheEdge(_ make: (Int) -> String) {
        let links = longestAccepted(make)
        #expect(links >= Limits.maxNesting / 2, "only \(links) links parse")
        let source = make(links)
        #expect(!parse(source).diagnostics.hasErrors)
        #expect(PromiseRegressionTests.brokenPromise(source) == nil)
        #expect(!parse(format(source)).diagnostics.hasErrors)
        #expect(parse(make(links + 1)).diagnostics.contains { $0.code == .RP106 })
    }

    @Test(arguments: [
        ("1 + ", "1"),
        ("a or ", "b"),
        ("xs where ", "c"),
    ])
    func longestOperatorChainFormats(_ link: String, _ last: String) {
        Self.checkAtTheEdge { "let a = " + String(repeating: link, count: $0) + last + "\n" }
    }

    @Test(arguments: [".b", "()", "[0]"])
    func longestPostfixChainFormats(_ link: String) {
        Self.checkAtTheEdge { "let a = x" + String(repeating: link, count: $0) + "\n" }
    }

    @Test func longestElseIfChainFormats() {
        Self.checkAtTheEdge { "if a < f() >" + String(repeating: " else if b < f() >", count: $0) + "\n" }
    }
}
