import Foundation
import RPLSource
import RPLSyntax
import Testing

/// Golden pairs: `Golden/x.rpl` → `x.out` (text diagnostics, no colour, with
/// the summary line, as `rpl check --syntax-only` prints them) and `x.json`
/// (`--format json`). Regenerate with `RPL_UPDATE_GOLDEN=1 swift test`.
@Suite struct GoldenTests {
    static let inputs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.goldenDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".rpl") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static var updating: Bool { ProcessInfo.processInfo.environment["RPL_UPDATE_GOLDEN"] == "1" }

    @Test func theGoldenSetIsThere() {
        for required in ["card", "unclosed-block", "unterminated-string", "bad-number-suffix", "missing-using",
                         "stray-close", "chained-comparison", "several-errors", "keyword-as-name"] {
            #expect(Self.inputs.contains(required), "Golden/\(required).rpl is missing")
        }
    }

    @Test(arguments: inputs) func golden(_ name: String) throws {
        let input = Repository.goldenDirectory.appendingPathComponent("\(name).rpl")
        let file = SourceFile(name: "\(name).rpl", bytes: Array(try Data(contentsOf: input)))
        let diagnostics = Parser.parse(file).diagnostics.sortedByPosition()
        var text = TextRenderer(color: false).render(diagnostics)
        if let summary = summaryLine(diagnostics) { text += summary + "\n" }
        try compare(text, with: "\(name).out")
        try compare(JSONDiagnostics.render(diagnostics), with: "\(name).json")
    }

    func compare(_ actual: String, with goldenName: String) throws {
        let url = Repository.goldenDirectory.appendingPathComponent(goldenName)
        if Self.updating {
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("Golden/\(goldenName) is missing; run RPL_UPDATE_GOLDEN=1 swift test to write it. Actual:\n\(actual)")
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            Issue.record("Golden/\(goldenName) differs (- expected, + actual):\n\(LineDiff.render(expected: expected, actual: actual))")
        }
    }

    /// The messages the brief names, so a regeneration cannot quietly lose them.
    @Test func goldenMessagesSayWhatIsWrong() throws {
        func messages(_ name: String) throws -> [String] {
            let text = try Repository.text("Tests/RPLSyntaxTests/Golden/\(name).rpl")
            return Parser.parse(name: name, text: text).diagnostics.map(\.message)
        }
        #expect(try messages("card").isEmpty)
        #expect(try messages("contoso").isEmpty)
        #expect(try messages("language-tour").isEmpty)
        #expect(try messages("unclosed-block").contains("'>' expected (to close '<' at line 2)"))
        #expect(try messages("unterminated-string").contains { $0.hasPrefix("unterminated string") })
        #expect(try messages("bad-number-suffix").filter { $0.hasPrefix("invalid number") }.count == 2)
        #expect(try messages("missing-using").contains { $0.hasPrefix("expected 'using'") })
        #expect(try messages("stray-close").contains { $0.hasPrefix("unmatched '>'") })
        #expect(try messages("chained-comparison").filter { $0.hasPrefix("comparisons do not chain") }.count == 2)
        #expect(try messages("several-errors").count >= 5)
        #expect(try messages("keyword-as-name").filter { $0.contains("is a keyword") }.count == 2)
        #expect(try messages("not-precedence").filter { $0.hasPrefix("'not' binds more loosely") }.count == 2)
    }
}

/// A small line diff (longest common subsequence) for golden mismatches.
enum LineDiff {
    static func render(expected: String, actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [String] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append("  " + a[i]); i += 1; j += 1
            } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
                out.append("+ " + b[j]); j += 1
            } else {
                out.append("- " + a[i]); i += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
