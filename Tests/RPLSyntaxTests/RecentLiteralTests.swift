import RPLSource
import RPLSyntax
import Testing

/// A string literal written as one of the last few plain literals shares
/// their parts instead of making its own; whether shared or made, a
/// literal's parts are its own text.
struct RecentLiteralTests {
    /// Literals of equal and unequal lengths, with and without interpolations.
    static let pool = [#""R:""#, #""S:""#, #""/mnt/retention""#, #""/mnt/retentioN""#, #""""#, #""a${x}b""#,
                       #""a${y}b""#, #""${x}""#, #""/srv/r""#, #""R:/x""#, #""x""#, #""y""#]

    /// A literal's parts as text: `T(...)` for text, `I(name)` for an interpolated name.
    static func shape(_ parts: [StringPart]) -> String {
        parts.map { part in
            switch part {
            case let .text(text): "T(\(text))"
            case let .interpolation(expr): if case let .name(name) = expr.kind { "I(\(name))" } else { "I(?)" }
            }
        }.joined()
    }

    static func literals(in tree: SyntaxTree) -> [String] {
        tree.statements.compactMap { statement in
            guard case let .letBinding(_, value) = statement.kind, case let .string(parts) = value.kind else { return nil }
            return shape(parts)
        }
    }

    @Test func everyLiteralHasItsOwnPartsWhetherSharedOrMade() {
        var generator = SplitMix64(seed: 41)
        for _ in 0..<200 {
            let written = (0..<Int.random(in: 1...24, using: &generator)).map { _ in Self.pool.randomElement(using: &generator)! }
            let text = written.enumerated().map { "let v\($0.offset) = \($0.element)" }.joined(separator: "\n")
            let together = Self.literals(in: Parser.parse(name: "p.rpl", text: text))
            let alone = written.map { Self.literals(in: Parser.parse(name: "p.rpl", text: "let v = \($0)")).first ?? "missing" }
            #expect(together == alone, "\(text)")
        }
    }
}
