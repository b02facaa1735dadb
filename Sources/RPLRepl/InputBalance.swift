import RPLSource
import RPLSyntax

/// Whether typed input is complete or waits for more lines: a block opened
/// with `<` and not yet closed. Counted on tokens, not characters, so a `<`
/// inside a string, a comment or parentheses (where it compares) does not count.
public enum InputBalance {
    /// Blocks still open at the end of `text`; 0 when the input is complete.
    public static func openBlocks(in text: String) -> Int {
        let tokens = Lexer.tokenize(SourceFile(name: "<input>", text: text)).tokens
        var blocks = 0
        var grouping = 0
        for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: grouping += 1
            case .rightParen, .rightBracket, .rightBrace: grouping = max(0, grouping - 1)
            case .lessThan where grouping == 0: blocks += 1
            // A stray `>` is the parser's to report; it never makes input "more than complete".
            case .greaterThan where grouping == 0: blocks = max(0, blocks - 1)
            default: break
            }
        }
        return blocks
    }

    public static func isComplete(_ text: String) -> Bool { openBlocks(in: text) == 0 }
}
