import RPLFormat
import RPLSource
import RPLSyntax
import Testing

/// What the canonical layout looks like: exact expected texts for small inputs.
struct LayoutTests {
    @Test func cardExampleOpensIntoOneStatementPerLine() {
        #expect(format("group app < reprotect web using mt1 ps-azure datastore ds1 >") == """
            group app <
              reprotect web using mt1 ps-azure datastore ds1
            >

            """)
    }

    @Test func reprotectOptionsTakeCanonicalOrder() {
        #expect(format("reprotect x using auto ps policy p retention \"R:\" datastore d") ==
            "reprotect x using auto ps datastore d retention \"R:\" policy p\n")
    }

    @Test func groupAfterListIsCommaSeparated() {
        #expect(format("group   c after a ,b<failback  c>") == "group c after a, b <\n  failback c\n>\n")
    }

    @Test func emptyBlockStaysOnTheHeadLine() {
        #expect(format("group a <\n\n>") == "group a < >\n")
        #expect(format("fn f( ) <>") == "fn f() < >\n")
    }

    @Test func blockWithOnlyACommentIsNotEmpty() {
        #expect(format("group a < # later\n>") == "group a < # later\n>\n")
        #expect(format("group a <\n# later\n>") == "group a <\n  # later\n>\n")
    }

    @Test func nestedBlocksIndentTwoSpacesPerLevel() {
        #expect(format("plan p version 2 < group a < for m in ms < if m.ok < failback m > > > >") == """
            plan p version 2 <
              group a <
                for m in ms <
                  if m.ok <
                    failback m
                  >
                >
              >
            >

            """)
    }

    @Test func elseContinuesTheClosingLine() {
        #expect(format("if a < f() > else if b < g() > else < >") == """
            if a <
              f()
            > else if b <
              g()
            > else < >

            """)
        #expect(format("if a < > else < f() >") == "if a < > else <\n  f()\n>\n")
    }

    @Test func literalsKeepTheirSpelling() {
        #expect(format("let x = [90m, 1h30m, 500GB, 0500, \"a\\tb ${ n }\"]") ==
            "let x = [90m, 1h30m, 500GB, 0500, \"a\\tb ${ n }\"]\n")
        #expect(format("let x = (15m) + ((2GB))") == "let x = 15m + 2GB\n")
    }

    @Test func spacingAroundOperatorsAndInsideBrackets() {
        #expect(format("let x = {a:1,b:[ 1,2 ]}+f( a,b )*-y") == "let x = {a: 1, b: [1, 2]} + f(a, b) * -y\n")
        #expect(format("check a==b,\"m\"") == "check a == b, \"m\"\n")
    }

    @Test func importsKeepTheirForm() {
        #expect(format("import   failback-policy\nimport \"lib/x.rpl\"") == "import failback-policy\nimport \"lib/x.rpl\"\n")
    }

    // MARK: - Comments

    @Test func trailingCommentStaysOnItsLineWithOneSpace() {
        #expect(format("failback a      # done") == "failback a # done\n")
        #expect(format("group a <failback a# done\n>") == "group a <\n  failback a # done\n>\n")
    }

    @Test func leadingCommentTakesTheStatementsIndentation() {
        #expect(format("group a <\n        # why\nfailback a\n>") == "group a <\n  # why\n  failback a\n>\n")
    }

    @Test func commentAfterTheOpenerStaysOnTheHeadLine() {
        #expect(format("group a < # the app tier\n failback a >") == "group a < # the app tier\n  failback a\n>\n")
    }

    @Test func commentAfterTheCloserStaysOnTheCloserLine() {
        #expect(format("group a < failback a > # closed") == "group a <\n  failback a\n> # closed\n")
    }

    @Test func commentAtTheEndOfABlockStaysBeforeItsCloser() {
        #expect(format("group a <\n  failback a\n      # last\n>") == "group a <\n  failback a\n  # last\n>\n")
    }

    @Test func commentInsideAStatementMovesAboveIt() {
        #expect(format("let xs = [\n  web, # the front end\n  api,\n]") == "# the front end\nlet xs = [web, api]\n")
    }

    @Test func commentInsideABlockHeadMovesIntoTheBody() {
        let text = "## Doc.\nfn f(a, # first\n     b) < return a >"
        #expect(format(text) == "## Doc.\nfn f(a, b) <\n  # first\n  return a\n>\n")
        // The documentation is still attached to the function.
        guard case let .function(function) = parse(format(text)).statements.first?.kind else {
            Issue.record("expected a function")
            return
        }
        #expect(function.documentation == ["Doc."])
    }

    @Test func commentBetweenThenAndElseGoesToTheEndOfTheThenBlock() {
        #expect(format("if a < f() > # why not\nelse < g() >") == "if a <\n  f()\n  # why not\n> else <\n  g()\n>\n")
    }

    @Test func atMostOneBlankLineIsKept() {
        #expect(format("let a = 1\n\n\n\nlet b = 2\nlet c = 3") == "let a = 1\n\nlet b = 2\nlet c = 3\n")
        #expect(format("\n\n# top\n\n\n\n# next\n\n\n") == "# top\n\n# next\n")
    }

    @Test func noBlankLineAfterAnOpenerOrBeforeACloser() {
        #expect(format("group a <\n\n\n  failback a\n\n\n>") == "group a <\n  failback a\n>\n")
    }

    @Test func crlfSourceComesOutWithLineFeeds() {
        #expect(format("group a <\r\n  failback a # x\r\n>\r\n") == "group a <\n  failback a # x\n>\n")
    }

    // MARK: - Broken input

    @Test func treeWithSyntaxErrorsComesBackUntouched() {
        let broken = "group a <\n  reprotect   web using\n"
        #expect(!parse(broken).diagnostics.isEmpty)
        #expect(format(broken) == broken)
    }

    @Test func formattingSourceTextThrowsTheSyntaxErrors() {
        #expect(throws: SyntaxErrors.self) { try Formatter.format(text: "let = 3") }
        do {
            _ = try Formatter.format(text: "group a < failback a")
            Issue.record("an unclosed block must not format")
        } catch {
            #expect(error.diagnostics.allSatisfy { $0.code == .RP001 })
            #expect(!error.diagnostics.isEmpty)
        }
        #expect((try? Formatter.format(text: "failback   a")) == "failback a\n")
    }
}

struct ExpressionFormatTests {
    @Test func singleExpressionIsPrintedInCanonicalForm() throws {
        let tree = parse("let v = ( a+b )*c where ok")
        guard case let .letBinding(_, value) = try #require(tree.statements.first).kind else {
            Issue.record("expected a let")
            return
        }
        #expect(Formatter.format(value, in: tree.file) == "(a + b) * c where ok")
    }
}
