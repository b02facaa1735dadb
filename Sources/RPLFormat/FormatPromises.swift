import RPLSource
import RPLSyntax

/// The formatter's promises, checked on one input: the formatted text parses
/// without errors to the same tree, with the same comments in the same
/// order, and formatting it again changes nothing. The unit tests and the
/// fuzz harness both ask this one oracle.
public enum FormatPromises {
    /// The first promise `file` breaks, described with the formatted text;
    /// nil when all hold, or when the input itself has syntax errors (such
    /// input is not formatted).
    public static func brokenPromise(_ file: SourceFile) -> String? {
        let tree = Parser.parse(file)
        if tree.diagnostics.hasErrors { return nil }
        let once = Formatter.format(tree)
        let reparsed = Parser.parse(SourceFile(name: file.name, text: once))
        if reparsed.diagnostics.hasErrors {
            let messages = reparsed.diagnostics.filter { $0.severity == .error }.map(\.message)
            return "the formatted text does not parse: \(messages)\n\(once)"
        }
        if TreeShape.of(reparsed) != TreeShape.of(tree) {
            return "the formatted text parses to another tree\n\(once)"
        }
        if commentTexts(reparsed) != commentTexts(tree) {
            return "the comments changed: \(commentTexts(tree)) became \(commentTexts(reparsed))\n\(once)"
        }
        let twice = Formatter.format(reparsed)
        if twice != once {
            return "formatting twice differs from formatting once\n\(once)\n---\n\(twice)"
        }
        return nil
    }

    static func commentTexts(_ tree: SyntaxTree) -> [String] { tree.comments.map(tree.file.text) }
}
