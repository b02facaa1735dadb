import RPLSource
import RPLSyntax

/// The canonical layout of rpl source (`rpl fmt`).
///
/// Canonical choices, each so that one tree has exactly one text:
/// - two spaces of indentation per block level, one statement per line, LF
///   line ends, no trailing whitespace, one final newline;
/// - a block is always written over several lines, `head <` ... `>` with `>`
///   on its own line at the head's indentation; only an empty block (no
///   statements, no comments) stays on the head's line as `< >`;
/// - `> else <` and `> else if COND <` continue the closing line of the
///   block before them;
/// - reprotect options in the order `datastore`, `retention`, `policy`;
///   `group NAME after a, b`, `fn NAME(a, b)`, `[a, b]`, `{k: v}`, `f(a, b)`,
///   single spaces around binary operators and after keywords;
/// - an expression is written on one line; literals keep their spelling
///   (`90m` stays `90m`, strings stay as typed, escapes and `${...}` included);
/// - parentheses: only those the parser needs, for precedence and around a
///   `<` or `>` comparison outside every bracket (see `ExpressionPrinter`),
///   so the output is never nested deeper than the input;
/// - blank lines: at most one, where the source had one or more between two
///   statements or comments; none after `<`, before `>` or at the file's ends;
/// - every comment is kept, by position: a comment on its own line stays
///   above what follows it, at that statement's indentation; a comment after
///   code stays at the end of that code's line, one space before `#`; one at
///   the end of a block stays before the `>`; one at the end of the file
///   stays there. A comment inside a statement that is now written on one
///   line (a list over several lines, say) moves above the statement; inside
///   a block statement's head it moves to the top of the body, so that it
///   never comes between a function and its `##` documentation; between a
///   `>` and the `else ... <` after it, to the end of the block before.
///   Comments never change order, and one moved this way is kept apart from
///   an `fn` below it by a blank line, so it does not become its `##`
///   documentation.
public enum Formatter {
    /// The canonical text of a parsed file. A tree with syntax errors comes
    /// back as its source text, unchanged: formatting a partial tree would
    /// lose whatever the parser could not read.
    public static func format(_ tree: SyntaxTree) -> String {
        guard !tree.diagnostics.hasErrors else {
            return String(decoding: tree.file.bytes, as: UTF8.self)
        }
        var layout = Layout(tree: tree)
        layout.writeFile()
        return layout.text
    }

    /// Parses and formats; throws the syntax errors instead of formatting a broken file.
    public static func format(_ file: SourceFile) throws(SyntaxErrors) -> String {
        let tree = Parser.parse(file)
        if tree.diagnostics.hasErrors { throw SyntaxErrors(diagnostics: tree.diagnostics) }
        return format(tree)
    }

    /// One expression in canonical form, on one line (for the REPL and messages).
    public static func format(_ expression: Expr, in file: SourceFile) -> String {
        ExpressionPrinter(file: file).print(expression)
    }

    /// Parses and formats source text.
    public static func format(text: String, name: String = "<input>") throws(SyntaxErrors) -> String {
        try format(SourceFile(name: name, text: text))
    }
}

/// The diagnostics of a file that was not formatted because it does not parse.
public struct SyntaxErrors: Error, Sendable {
    public var diagnostics: [Diagnostic]
}
