/// Searches of a whole file eight bytes at a time (one 64-bit word, no
/// SIMD library): every plan is read three times before it is lexed (line
/// starts, UTF-8 validity, NUL bytes), and byte by byte those three passes
/// were a fifth of `rpl check --syntax-only` on a 4 MB plan.
public enum ByteSearch {
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The top bit of each byte of `word` that holds `target`: the classic
    /// has-a-zero-byte test on `word ^ target...`. Its borrow can mark bytes
    /// above the first match, never below it, so the lowest mark is exact
    /// (`trailingZeroBitCount / 8` is the first match's byte, with byte 0 the
    /// lowest-addressed when the word was loaded little-endian). The one
    /// implementation of the test, for every scan that goes eight bytes at a time.
    @inlinable @inline(__always)
    public static func marks(of target: UInt8, in word: UInt64) -> UInt64 {
        let matched = word ^ (0x0101_0101_0101_0101 &* UInt64(target))
        return (matched &- 0x0101_0101_0101_0101) & ~matched & 0x8080_8080_8080_8080
    }

    /// The first index in `start..<end` that holds `target`; `end` when none does.
    @inline(__always)
    public static func index(of target: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= end {
                // Byte 0 of the word is the lowest-addressed byte, on any platform.
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let found = marks(of: target, in: word)
                if found != 0 { return index + found.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < end, buffer[index] != target { index += 1 }
        return index
    }

    /// The first index in `start..<end` at or after which a byte is 0x80 or
    /// more (not ASCII), at a word's precision: ASCII is skipped eight bytes at
    /// a time, and the caller looks at the bytes from the returned index on.
    @inline(__always)
    public static func skipASCIIWords(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard let base = buffer.baseAddress else { return start }
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 8 <= end, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highBits == 0 { index += 8 }
        return index
    }
}
