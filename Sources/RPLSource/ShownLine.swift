/// One character of a source line as the text renderer prints it.
struct ShownCharacter {
    /// The bytes of the line it stands for.
    var start: Int
    var end: Int
    /// What is printed: the character itself, or a visible stand-in.
    var text: String
    /// Terminal cells it takes (four for a tab, else one).
    var width: Int
}

extension SourceFile {
    /// The characters of a 1-based line as the text renderer prints them,
    /// split as `location(of:)` counts columns (character `n` is column
    /// `n + 1`), so a caret can be placed under any column of any bytes.
    /// Tabs print as four spaces; control characters as their Control
    /// Pictures (U+2400 + byte, so no raw escape reaches the terminal); an
    /// ill-formed sequence as U+FFFD.
    func shownCharacters(ofLine line: Int) -> [ShownCharacter] {
        let range = lineRange(line)
        var shown: [ShownCharacter] = []
        shown.reserveCapacity(range.count)
        bytes.withUnsafeBufferPointer { buffer in
            var index = range.lowerBound
            while index < range.upperBound {
                let (length, isValid) = UTF8Scanning.character(in: buffer, at: index, end: range.upperBound)
                let text: String
                var width = 1
                switch buffer[index] {
                case 0x09:
                    text = "    "
                    width = 4
                case 0x00..<0x20: text = String(Unicode.Scalar(0x2400 + UInt32(buffer[index]))!)
                case 0x7F: text = "\u{2421}"
                default:
                    text = isValid
                        ? String(decoding: UnsafeBufferPointer(rebasing: buffer[index..<index + length]), as: UTF8.self)
                        : "\u{FFFD}"
                }
                shown.append(ShownCharacter(start: index, end: index + length, text: text, width: width))
                index += length
            }
        }
        return shown
    }
}
