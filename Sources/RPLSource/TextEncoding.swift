extension SourceFile {
    /// RP002 when the file is not UTF-8 text, else nil. Plans are UTF-8: a
    /// file in another encoding is refused before anything reads it, rather
    /// than read with replacement characters that would change names and
    /// comments without a word. A UTF-8 byte-order mark is accepted.
    public var encodingDiagnostic: Diagnostic? {
        if let foreign = ForeignEncoding(byteOrderMarkOf: bytes) {
            return Diagnostic(.RP002, "the file is \(foreign.name) text: rpl reads UTF-8; convert it, e.g. with \(foreign.conversion(hasMark: true))",
                              file: self, span: Span(0, foreign.byteOrderMarkLength))
        }
        if let (offset, length) = UTF8Scanning.firstInvalidSequence(in: bytes) {
            let shown = bytes[offset..<offset + length].map { hex($0) }.joined(separator: " ")
            return Diagnostic(.RP002, "the file is not UTF-8 text: \(place(offset)) holds \(length == 1 ? "the byte" : "the bytes") \(shown), which \(length == 1 ? "is" : "are") not UTF-8",
                              file: self, span: Span(offset, offset + length),
                              help: ["rpl reads UTF-8; convert the file, e.g. with iconv -f WINDOWS-1252 -t UTF-8 if it was saved as Windows-1252 (Latin-1)"])
        }
        // NUL is UTF-8 but never text: ASCII saved as UTF-16 or UTF-32
        // without a byte-order mark is every other (or every fourth) byte NUL.
        let offset = bytes.withUnsafeBufferPointer { ByteSearch.index(of: 0, in: $0, from: 0, to: $0.count) }
        if offset < bytes.count {
            var help = ["a plan is text, which holds no NUL byte"]
            if let guess = ForeignEncoding(guessingFrom: bytes) {
                help = ["it looks like \(guess.name) text without a byte-order mark; convert it, e.g. with \(guess.conversion(hasMark: false))"]
            }
            return Diagnostic(.RP002, "the file is not UTF-8 text: \(place(offset)) holds a NUL byte",
                              file: self, span: Span(offset, offset + 1), help: help)
        }
        return nil
    }

    /// "byte offset 12 (line 2, column 3)".
    private func place(_ offset: Int) -> String {
        let (line, column) = location(of: Int32(offset))
        return "byte offset \(offset) (line \(line), column \(column))"
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

/// The encodings a byte-order mark can announce, other than UTF-8.
enum ForeignEncoding {
    case utf16LittleEndian, utf16BigEndian, utf32LittleEndian, utf32BigEndian

    init?(byteOrderMarkOf bytes: [UInt8]) {
        let head = Array(bytes.prefix(4))
        // UTF-32 LE first: its mark begins with UTF-16 LE's.
        if head == [0xFF, 0xFE, 0x00, 0x00] { self = .utf32LittleEndian }
        else if head == [0x00, 0x00, 0xFE, 0xFF] { self = .utf32BigEndian }
        else if head.starts(with: [0xFF, 0xFE]) { self = .utf16LittleEndian }
        else if head.starts(with: [0xFE, 0xFF]) { self = .utf16BigEndian }
        else { return nil }
    }

    /// Without a mark: ASCII text in UTF-16 or UTF-32 has NUL in fixed places of each unit.
    init?(guessingFrom bytes: [UInt8]) {
        let head = Array(bytes.prefix(4))
        guard head.count == 4 else { return nil }
        let isNul = head.map { $0 == 0 }
        switch (isNul[0], isNul[1], isNul[2], isNul[3]) {
        case (false, true, true, true): self = .utf32LittleEndian
        case (true, true, true, false): self = .utf32BigEndian
        case (false, true, false, true): self = .utf16LittleEndian
        case (true, false, true, false): self = .utf16BigEndian
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .utf16LittleEndian: "UTF-16 (little-endian)"
        case .utf16BigEndian: "UTF-16 (big-endian)"
        case .utf32LittleEndian: "UTF-32 (little-endian)"
        case .utf32BigEndian: "UTF-32 (big-endian)"
        }
    }

    var byteOrderMarkLength: Int {
        switch self {
        case .utf16LittleEndian, .utf16BigEndian: 2
        case .utf32LittleEndian, .utf32BigEndian: 4
        }
    }

    /// With a mark, iconv's plain UTF-16 / UTF-32 reads it; without one the byte order must be named.
    func conversion(hasMark: Bool) -> String {
        let order = hasMark ? "" : (self == .utf16LittleEndian || self == .utf32LittleEndian ? "LE" : "BE")
        let width = self == .utf16LittleEndian || self == .utf16BigEndian ? "16" : "32"
        return "iconv -f UTF-\(width)\(order) -t UTF-8"
    }
}
