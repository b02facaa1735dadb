import RPLSource
import Testing

/// Word-at-a-time searches against the plain byte-by-byte answer, on
/// buffers built to trip them: matches at every alignment, bytes just
/// around the target (the has-a-zero-byte test's borrow), high bytes.
@Suite struct ByteSearchTests {
    static func buffers() -> [[UInt8]] {
        var random = SplitMix64(seed: 15)
        let alphabet: [UInt8] = [0x00, 0x01, 0x0A, 0x0B, 0x09, 0x7F, 0x80, 0xFF, 0x41, 0x20]
        return (0..<400).map { _ in (0..<random.next(40)).map { _ in alphabet[random.next(alphabet.count)] } }
    }

    @Test func indexOfAByteIsTheFirstOne() {
        for bytes in Self.buffers() {
            for target: UInt8 in [0x00, 0x0A, 0x80, 0xFF] {
                for start in 0...bytes.count {
                    let expected = bytes[start...].firstIndex(of: target) ?? bytes.count
                    let found = bytes.withUnsafeBufferPointer { ByteSearch.index(of: target, in: $0, from: start, to: $0.count) }
                    #expect(found == expected, "\(bytes) from \(start) for \(target)")
                }
            }
        }
    }

    @Test func skippingASCIIStopsAtOrBeforeTheFirstHighByte() {
        for bytes in Self.buffers() {
            let firstHigh = bytes.firstIndex { $0 >= 0x80 } ?? bytes.count
            let stop = bytes.withUnsafeBufferPointer { ByteSearch.skipASCIIWords(in: $0, from: 0, to: $0.count) }
            #expect(stop <= firstHigh)
            #expect(firstHigh - stop < 8 || firstHigh == bytes.count && bytes.count - stop < 8)
        }
    }
}
