import RPLSource
import RPLSyntax

/// The session's accepted inputs, and the one text the checker sees: each
/// input keeps its own `SourceFile` (`<repl:3>`, or a loaded file), and the
/// checker works on their concatenation. Diagnostics about the
/// concatenation are mapped back to the input each span falls in, so a
/// caret sits under what the user typed, on the line they typed it.
struct SessionSource {
    /// A stretch of one input's file that takes part in the combined text.
    struct Piece {
        var file: SourceFile
        var range: Span
        /// Glue around the piece in the combined text, in no file (an
        /// expression is checked as `let _repl-value = (EXPR)`).
        var before = ""
        var after = ""
        var text: String { file.text(range) }
    }

    var pieces: [Piece] = []

    /// The combined text, with `extra` pieces appended (the input being tried).
    func combined(with extra: [Piece] = [], name: String = "<repl>") -> Combined {
        var text = ""
        var placed: [(piece: Piece, glue: Int, start: Int)] = []
        for piece in pieces + extra {
            let glue = text.utf8.count
            text += piece.before
            placed.append((piece, glue, text.utf8.count))
            text += piece.text
            text += piece.after + "\n"
        }
        return Combined(file: SourceFile(name: name, text: text), placed: placed)
    }

    struct Combined {
        var file: SourceFile
        /// Each piece with where its glue and its own text start in the combined text.
        var placed: [(piece: Piece, glue: Int, start: Int)]

        /// The label moved to the input its span falls in; labels in other
        /// files (a stdlib module) stay as they are.
        func map(_ label: Label) -> Label {
            guard label.file === file else { return label }
            let offset = Int(label.span.start)
            guard let entry = placed.last(where: { $0.glue <= offset }) else { return label }
            // Glue belongs to no input (`(x)` of an expression starts at its glue): clamp into the piece.
            let pieceEnd = entry.start + Int(entry.piece.range.length)
            let start = min(max(offset, entry.start), pieceEnd)
            let end = max(start, min(Int(label.span.end), pieceEnd))
            let shift = Int(entry.piece.range.start) - entry.start
            return Label(file: entry.piece.file, span: Span(start + shift, end + shift), message: label.message)
        }

        func map(_ diagnostic: Diagnostic) -> Diagnostic {
            var mapped = diagnostic
            mapped.primary = map(diagnostic.primary)
            mapped.secondary = diagnostic.secondary.map(map)
            return mapped
        }
    }
}
