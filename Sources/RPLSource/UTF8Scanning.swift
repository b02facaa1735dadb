/// UTF-8 read byte by byte, the one way every column, caret and encoding
/// check of rpl counts characters: a well-formed sequence is one character,
/// and so is each *maximal subpart* of an ill-formed one (the Unicode
/// Standard's recommended practice for U+FFFD substitution, which Swift's
/// `String(decoding:as:)` follows too). Any bytes at all thus split into
/// characters the same way, whether they are shown, counted or underlined.
public enum UTF8Scanning {
    /// The UTF-8 encoding of U+FEFF: a byte-order mark, accepted and skipped at the start of a file.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The character starting at `index`: its length in bytes (at least 1,
    /// never past `end`) and whether it is well-formed UTF-8.
    @inline(__always)
    public static func character(in bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (length: Int, isValid: Bool) {
        let lead = bytes[index]
        if lead < 0x80 { return (1, true) }
        // The continuation bytes a lead byte needs, and the range its first
        // one must fall in (narrower after E0, ED, F0 and F4: that excludes
        // overlong forms, surrogates and scalars past U+10FFFF).
        let needed: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: needed = 1
        case 0xE0: needed = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED: needed = 2; high = 0x9F
        case 0xF0: needed = 3; low = 0x90
        case 0xF1...0xF3: needed = 3
        case 0xF4: needed = 3; high = 0x8F
        default: return (1, false)
        }
        var length = 1
        while length <= needed {
            let at = index + length
            guard at < end, bytes[at] >= low, bytes[at] <= high else { return (length, false) }
            low = 0x80
            high = 0xBF
            length += 1
        }
        return (length, true)
    }

    /// The text of `bytes`, each ill-formed sequence read as U+FFFD, as
    /// `String(decoding:as: UTF8.self)` reads it. Built in place, a string of
    /// at most 15 ASCII bytes (every name, most literals) is made without a
    /// separate validation pass: `SourceFile.text` went from 49.7 M to 27.4 M
    /// instructions on the 4 MB bench plan (200,000 names).
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { target in
            target.baseAddress!.initialize(from: source, count: bytes.count)
            return bytes.count
        }
    }

    /// The offset and length of the first ill-formed sequence, nil when all of `bytes` is UTF-8.
    public static func firstInvalidSequence(in bytes: [UInt8]) -> (offset: Int, length: Int)? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let end = buffer.count
            while index < end {
                // ASCII, the whole of most plans: a word at a time, then a byte.
                index = ByteSearch.skipASCIIWords(in: buffer, from: index, to: end)
                guard index < end else { break }
                if buffer[index] < 0x80 { index += 1; continue }
                let (length, isValid) = character(in: buffer, at: index, end: end)
                if !isValid { return (index, length) }
                index += length
            }
            return nil
        }
    }

    /// How many characters `bytes[start..<end]` holds, counting as `character(in:at:end:)` does.
    public static func characterCount(in bytes: [UInt8], from start: Int, to end: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            var index = start
            while index < end {
                index += buffer[index] < 0x80 ? 1 : character(in: buffer, at: index, end: end).length
                count += 1
            }
            return count
        }
    }

    /// Whether `bytes` start with the UTF-8 byte-order mark.
    public static func startsWithByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }
}
