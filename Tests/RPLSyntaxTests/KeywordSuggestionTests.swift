import RPLSource
import RPLSyntax
import Testing

/// "did you mean" for a keyword misspelt into a name.
@Suite struct KeywordSuggestionTests {
    /// The first two different neighbouring letters swapped: one edit, as typing goes wrong.
    func misspelt(_ word: String) -> String {
        var letters = Array(word)
        let at = letters.indices.dropLast().first { letters[$0] != letters[$0 + 1] }!
        letters.swapAt(at, at + 1)
        return String(letters)
    }

    @Test func misspeltStatementKeywordsGetADidYouMean() throws {
        for keyword in ["reprotect", "failback", "group", "manual", "import", "assert", "check", "return"] {
            let text = "plan p <\n  \(misspelt(keyword)) web\n>\n"
            let first = try #require(Parser.parse(name: "plan.rpl", text: text).diagnostics.first, "\(keyword)")
            #expect(first.help.contains("did you mean '\(keyword)'?"), "\(keyword): \(first.help)")
        }
    }

    @Test func misspeltOptionKeywordsGetADidYouMean() throws {
        for keyword in ["retention", "datastore", "policy"] {
            let text = "reprotect web using mt1 ps-azure \(misspelt(keyword)) x\n"
            let first = try #require(Parser.parse(name: "plan.rpl", text: text).diagnostics.first, "\(keyword)")
            #expect(first.help.contains("did you mean '\(keyword)'?"), "\(keyword): \(first.help)")
        }
        let missingUsing = try #require(Parser.parse(name: "plan.rpl", text: "reprotect web usign mt1 ps-azure\n").diagnostics.first)
        #expect(missingUsing.help.contains("did you mean 'using'?"))
    }

    @Test func namesFarFromAnyKeywordGetNoSuggestion() throws {
        let first = try #require(Parser.parse(name: "plan.rpl", text: "plan p <\n  webserver web\n>\n").diagnostics.first)
        #expect(!first.help.contains { $0.hasPrefix("did you mean") })
    }
}
