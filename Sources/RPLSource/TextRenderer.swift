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
        let place = primary.file.bytes.isEmpty ? primary.file.name : "\(primary.file.name):\(line):\(column)"
        var out = paint("\(place): ", .bold)
        out += paint("\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]", severityStyle(diagnostic.severity))
        out += paint(": \(diagnostic.message)", .bold) + "\n"
        // A finding about something with no text (a run read back from the
        // journal): the header, then its notes and help, without a snippet.
        if primary.file.bytes.isEmpty {
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
    /// around the labels so the caret stays on screen.
    private struct Window {
        var text: String
        /// Columns (characters) dropped from the left, and the width of the "..." shown instead.
        var skipped: Int
        var prefixWidth: Int
    }

    static let maxLineWidth = 120

    private func visibleWindow(of labels: [Label], line: Int) -> Window {
        let full = expandTabs(labels[0].file.lineText(line))
        guard full.count > TextRenderer.maxLineWidth else { return Window(text: full, skipped: 0, prefixWidth: 0) }
        let firstColumn = labels.map { $0.column }.min() ?? 1
        let skipped = max(0, firstColumn - 1 - 20)
        var text = String(full.dropFirst(skipped).prefix(TextRenderer.maxLineWidth))
        if skipped + text.count < full.count { text += "..." }
        return skipped > 0 ? Window(text: "..." + text, skipped: skipped, prefixWidth: 3) : Window(text: text, skipped: 0, prefixWidth: 0)
    }

    private func underline(_ label: Label, isPrimary: Bool, window: Window) -> String {
        let file = label.file
        let line = label.line
        let lineStart = Int(file.lineStarts[line - 1])
        let lineText = file.lineText(line)
        let lineEnd = lineStart + lineText.utf8.count
        let start = Int(label.span.start)
        let end = min(max(Int(label.span.end), start + 1), max(lineEnd, start + 1))
        let before = expandTabs(String(decoding: file.bytes[lineStart..<min(start, lineEnd)], as: UTF8.self))
        let covered = start < lineEnd
            ? expandTabs(String(decoding: file.bytes[start..<min(end, lineEnd)], as: UTF8.self)) : " "
        let mark: Character = isPrimary ? "^" : "-"
        var out = String(repeating: " ", count: max(0, before.count - window.skipped) + window.prefixWidth)
        let room = max(1, window.text.count - (out.count))
        let marks = String(repeating: mark, count: min(room, max(1, covered.count)))
        out += paint(marks, isPrimary ? .red : .blue)
        if !label.message.isEmpty { out += " " + paint(label.message, isPrimary ? .red : .blue) }
        return out
    }

    private func expandTabs(_ text: String) -> String { text.replacingTabs() }

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

extension String {
    fileprivate func replacingTabs() -> String {
        guard contains("\t") else { return self }
        return split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ")
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
