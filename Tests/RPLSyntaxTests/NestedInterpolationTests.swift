import RPLSyntax
import Testing

/// A string in an interpolation in a string in an interpolation: the
/// parser finds where each interpolation ends with the lexer's own
/// skipping, so an escaped quote or a brace inside the innermost string
/// cannot end the outer interpolation early (a generated program found it).
struct NestedInterpolationTests {
    static func diagnostics(_ expression: String) -> [String] {
        Parser.parse(name: "p.rpl", text: "let x = \(expression)\n").diagnostics.map(\.message)
    }

    @Test func anEscapedQuoteTwoLevelsDeepKeepsTheOuterInterpolationOpen() {
        #expect(Self.diagnostics(#""${ "W${"\0\"" * 1}" }""#).isEmpty)
        #expect(Self.diagnostics(#""${ "a${ "}" }b" }""#).isEmpty)
        #expect(Self.diagnostics(#""${ "a${ "{" }b" }""#).isEmpty)
    }

    @Test func theInnerStringsAreParsedAsStrings() throws {
        let tree = Parser.parse(name: "p.rpl", text: #"let x = "${ "W${"}\"" + "{"}" }""# + "\n")
        #expect(tree.diagnostics.isEmpty, "\(tree.diagnostics.map(\.message))")
    }
}
