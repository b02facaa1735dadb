import RPLSource
import RPLSyntax
import Testing

/// The lexer compares names with keywords as packed words: read from the
/// buffer where sixteen bytes follow, byte by byte near its end. Both ways
/// must agree with the keyword table, and a word that only starts or ends
/// like a keyword is a name.
@Suite struct KeywordLexingTests {
    static func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(SourceFile(name: "k.rpl", text: text)).tokens.map(\.kind).dropLast()
    }

    @Test(arguments: [false, true])
    func everyKeywordLexesAsItselfWhereverItStands(atTheEnd: Bool) {
        let padding = String(repeating: " ", count: 20)
        for (spelling, kind) in TokenKind.keywords {
            let text = atTheEnd ? spelling : spelling + padding
            #expect(Self.kinds(text) == [kind], "'\(spelling)'")
        }
    }

    @Test(arguments: [false, true])
    func wordsThatOnlyResembleAKeywordAreNames(atTheEnd: Bool) {
        let padding = String(repeating: " ", count: 20)
        for spelling in TokenKind.keywords.keys {
            for word in [spelling + "s", spelling + "-x", String(spelling.dropLast()), spelling + "0123456789abcdef",
                         spelling.uppercased()] where word.count >= 2 && TokenKind.keywords[word] == nil {
                #expect(Self.kinds(atTheEnd ? word : word + padding) == [.name], "'\(word)'")
            }
        }
    }
}
