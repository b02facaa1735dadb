/// A source text held as bytes, with a table of line starts so that a
/// position can stay one integer (a byte offset) until someone needs to
/// show it as line and column.
public final class SourceFile: Sendable {
    /// The name shown in diagnostics: the path as the user typed it, or `<stdin>`, `<repl>`.
    public let name: String
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int32]
    /// A place with no text (a run read back from the journal): findings
    /// about it are said without a line, a column or a snippet.
    public let isTextless: Bool

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        isTextless = false
        var starts: [Int32] = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var index = ByteSearch.index(of: UInt8(ascii: "\n"), in: buffer, from: 0, to: buffer.count)
            while index < buffer.count {
                starts.append(Int32(index + 1))
                index = ByteSearch.index(of: UInt8(ascii: "\n"), in: buffer, from: index + 1, to: buffer.count)
            }
        }
        self.lineStarts = starts
    }

    public convenience init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// A place that has no text, named for people: `run r2026...`.
    public init(textless name: String) {
        self.name = name
        bytes = []
        lineStarts = [0]
        isTextless = true
    }

    /// 1-based line and column of a byte offset. Columns count characters
    /// as editors do, not bytes; each ill-formed byte sequence counts as one
    /// character (see `UTF8Scanning`), so any bytes have a column, and an
    /// offset inside a character has the column of that character's end.
    /// A byte-order mark is not a column, and a line break is the column
    /// after the line's last character.
    public func location(of offset: Int32) -> (line: Int, column: Int) {
        let line = lineIndex(of: offset)
        // Past the line's last character (its line break), the column is the line's end.
        let range = lineRange(line + 1)
        let end = min(max(Int(offset), range.lowerBound), range.upperBound)
        return (line + 1, 1 + UTF8Scanning.characterCount(in: bytes, from: range.lowerBound, to: end))
    }

    /// Where the text of a 0-based line starts: after the byte-order mark on the first line.
    public func contentStart(ofLineIndex line: Int) -> Int {
        let start = Int(lineStarts[line])
        return line == 0 && UTF8Scanning.startsWithByteOrderMark(bytes) ? min(3, bytes.count) : start
    }

    /// 0-based index of the line that holds `offset`.
    public func lineIndex(of offset: Int32) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let range = lineRange(line)
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The bytes of a 1-based line, without its line break (and without the byte-order mark on line 1).
    public func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
        let start = contentStart(ofLineIndex: line - 1)
        var end = line < lineStarts.count ? Int(lineStarts[line]) : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }

    /// The text a span covers.
    public func text(_ span: Span) -> String {
        let start = max(0, min(Int(span.start), bytes.count))
        let end = max(start, min(Int(span.end), bytes.count))
        return bytes.withUnsafeBufferPointer { UTF8Scanning.string(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}
