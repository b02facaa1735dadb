/// Compiler-style text: `file:line:col: error[RP301]: message`, then the
/// source line under a line-number gutter with a caret under the span,
/// secondary labels, notes and `help:` lines. Colour is the caller's
/// decision (TTY and `NO_COLOR`), see `Terminal.wantsColor`.
public struct TextRenderer: Sendable {
    public var color: Bool

    public init(color: Bool = false) { self.color = color }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics { out += render(diagnostic) }
        return out
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let primary = diagnostic.primary
        let (line, column) = primary.file.location(of: primary.span.start)
        let place = primary.file.isTextless ? primary.file.name : "\(primary.file.name):\(line):\(column)"
        var out = paint("\(place): ", .bold)
        out += paint("\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]", severityStyle(diagnostic.severity))
        out += paint(": \(diagnostic.message)", .bold) + "\n"
        // A finding about something with no text (a run read back from the
        // journal): the header, then its notes and help, without a snippet.
        if primary.file.isTextless {
            for note in diagnostic.notes { out += paint("  = ", .blue) + paint("note", .bold) + ": \(note)\n" }
            for help in diagnostic.help { out += paint("  = ", .blue) + paint("help", .bold) + ": \(help)\n" }
            return out
        }

        // Lines to show: the primary's, and each secondary label's in the same file.
        var labels = [(label: primary, isPrimary: true)]
        for label in diagnostic.secondary { labels.append((label, false)) }
        let shown = labels.filter { $0.label.file === primary.file }
        let width = String(shown.map { $0.label.line }.max() ?? line).count
        let gutter = String(repeating: " ", count: width)
        out += paint("\(gutter) |", .blue) + "\n"
        let byLine = Dictionary(grouping: shown, by: { $0.label.line })
        for lineNumber in byLine.keys.sorted() {
            let window = visibleWindow(of: byLine[lineNumber]!.map(\.label), line: lineNumber)
            let text = window.text
            let number = String(lineNumber)
            out += paint(String(repeating: " ", count: width - number.count) + number + " |", .blue)
            out += text.isEmpty ? "\n" : " " + text + "\n"
            for entry in byLine[lineNumber]!.sorted(by: { $0.isPrimary && !$1.isPrimary }) {
                out += paint("\(gutter) |", .blue) + " " + underline(entry.label, isPrimary: entry.isPrimary, window: window) + "\n"
            }
        }
        for label in diagnostic.secondary where label.file !== primary.file {
            out += paint("\(gutter) = ", .blue) + "\(label.file.name):\(label.line):\(label.column): \(label.message)\n"
        }
        for note in diagnostic.notes { out += paint("\(gutter) = ", .blue) + paint("note", .bold) + ": \(note)\n" }
        for help in diagnostic.help { out += paint("\(gutter) = ", .blue) + paint("help", .bold) + ": \(help)\n" }
        return out
    }

    /// Long lines (generated plans, minified input) are cut to a window
    /// around the labels so the caret stays on screen. Everything here is
    /// counted in the line's characters (`shownCharacters(ofLine:)`), the
    /// unit columns are counted in, so the caret sits under the column the
    /// location names whatever the bytes are.
    private struct Window {
        var characters: [ShownCharacter]
        /// Characters dropped from the left; a "..." is printed instead.
        var skipped: Int
        /// Characters shown after the skipped ones.
        var count: Int

        var prefixWidth: Int { skipped > 0 ? 3 : 0 }

        var text: String {
            var text = skipped > 0 ? "..." : ""
            for character in characters[skipped..<skipped + count] { text += character.text }
            if skipped + count < characters.count { text += "..." }
            return text
        }

        /// Terminal cells from the start of the printed text to character `index` of the line.
        func cells(before index: Int) -> Int {
            let stop = min(max(index, skipped), skipped + count)
            return prefixWidth + characters[skipped..<stop].reduce(0) { $0 + $1.width }
        }
    }

    static let maxLineWidth = 120

    private func visibleWindow(of labels: [Label], line: Int) -> Window {
        let characters = labels[0].file.shownCharacters(ofLine: line)
        let totalWidth = characters.reduce(0) { $0 + $1.width }
        guard totalWidth > TextRenderer.maxLineWidth else {
            return Window(characters: characters, skipped: 0, count: characters.count)
        }
        let firstColumn = labels.map { $0.column }.min() ?? 1
        let skipped = min(max(0, firstColumn - 1 - 20), characters.count)
        var count = 0
        var width = 0
        while skipped + count < characters.count, width + characters[skipped + count].width <= TextRenderer.maxLineWidth {
            width += characters[skipped + count].width
            count += 1
        }
        return Window(characters: characters, skipped: skipped, count: count)
    }

    private func underline(_ label: Label, isPrimary: Bool, window: Window) -> String {
        // The caret's character is the column's: the characters before the span's start.
        let first = label.column - 1
        var covered = 0
        var index = first
        while index < window.characters.count, window.characters[index].start < Int(label.span.end) {
            covered += window.characters[index].width
            index += 1
        }
        let position = window.cells(before: first)
        let room = max(1, window.cells(before: window.characters.count) + (window.skipped + window.count < window.characters.count ? 3 : 0) - position)
        let mark: Character = isPrimary ? "^" : "-"
        var out = String(repeating: " ", count: position)
        out += paint(String(repeating: mark, count: min(room, max(1, covered))), isPrimary ? .red : .blue)
        if !label.message.isEmpty { out += " " + paint(label.message, isPrimary ? .red : .blue) }
        return out
    }

    private enum Style: String {
        case bold = "1", red = "1;31", yellow = "1;33", cyan = "1;36", blue = "1;34"
    }

    private func severityStyle(_ severity: Severity) -> Style {
        switch severity {
        case .error: .red
        case .warning: .yellow
        case .note: .cyan
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// One line summing a run up, the way compilers close: "2 errors, 1 warning".
public func summaryLine(_ diagnostics: [Diagnostic]) -> String? {
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    guard errors + warnings > 0 else { return nil }
    var parts: [String] = []
    if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
    if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
    return parts.joined(separator: ", ")
}
