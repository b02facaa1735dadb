import RPLSource
import RPLSyntax
import Testing

/// Where a missing `>` probably belongs, read from the indentation.
@Suite struct UnclosedBlockHintTests {
    /// The label a missing `>` earns besides "opened here", as (line, message).
    func blockEndHint(_ text: String) -> (line: Int, message: String)? {
        let diagnostics = Parser.parse(name: "plan.rpl", text: text).diagnostics
        guard let unclosed = diagnostics.first(where: { $0.message.hasPrefix("'>' expected") }) else { return nil }
        return unclosed.secondary.first { $0.message != "opened here" }.map { ($0.line, $0.message) }
    }

    /// A plan of `count` groups of two reprotects each, indented as fmt does.
    func plan(groups count: Int, missingCloseOf missing: Int) -> String {
        var lines = ["plan contoso <"]
        for group in 0..<count {
            lines.append("  group g\(group) <")
            lines.append("    reprotect web using mt1 ps-azure datastore ds1")
            lines.append("    reprotect api using mt1 ps-azure datastore ds1")
            if group != missing { lines.append("  >") }
        }
        lines.append(">")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func missingCloseIsPlacedByIndentation() throws {
        // Whichever group lacks its `>`, the hint names the line after its
        // body: the next group's header, or the plan's `>` for the last one.
        let count = 6
        for missing in 0..<count {
            let hint = try #require(blockEndHint(plan(groups: count, missingCloseOf: missing)), "group \(missing)")
            let header = 2 + 4 * missing
            #expect(hint.line == header + 3, "group \(missing): \(hint)")
            #expect(hint.message.contains("the 'group' at line \(header)"), "\(hint.message)")
            #expect(hint.message.hasSuffix("that block probably ends before it"))
        }
    }

    @Test func missingCloseOfThePlanItselfHasNoGuess() {
        let text = plan(groups: 3, missingCloseOf: -1).replacingOccurrences(of: "\n>\n", with: "\n")
        let diagnostics = Parser.parse(name: "plan.rpl", text: text).diagnostics
        #expect(diagnostics.map(\.message) == ["'>' expected (to close '<' at line 1)"])
        #expect(blockEndHint(text) == nil)
    }

    @Test func bodyWrittenWithoutIndentationHasNoGuess() {
        let text = "plan p <\ngroup a <\nreprotect web using mt1 ps-azure datastore ds1\n>\n"
        #expect(blockEndHint(text) == nil)
    }

    @Test func theErrorStaysAtTheEndOfTheFile() throws {
        let text = plan(groups: 2, missingCloseOf: 0)
        let unclosed = try #require(Parser.parse(name: "plan.rpl", text: text).diagnostics.first)
        #expect(Int(unclosed.primary.span.start) == text.utf8.count)
    }
}
