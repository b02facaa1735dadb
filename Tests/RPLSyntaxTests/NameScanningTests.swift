import RPLSource
@testable import RPLSyntax
import Testing

/// The lexer reads names eight bytes at a time (`NameBytes.leadingCount`)
/// and finishes byte by byte (`isNameContinue`): both must end a name at the same byte.
struct NameScanningTests {
    /// The byte-by-byte answer `leadingCount` must agree with.
    static func bytewiseCount(_ bytes: [UInt8]) -> Int {
        bytes.firstIndex(where: { !isNameContinue($0) }) ?? bytes.count
    }

    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    @Test func everyByteEndsANameWhereTheByteLoopEndsIt() {
        let filler = Array("a-Z_9zA0".utf8)
        for position in 0..<8 {
            for byte in UInt8.min...UInt8.max {
                var bytes = filler
                bytes[position] = byte
                #expect(NameBytes.leadingCount(in: Self.word(bytes)) == Self.bytewiseCount(bytes), "byte \(byte) at \(position)")
            }
        }
    }

    @Test func randomWordsAgree() {
        var generator = SplitMix64(seed: 8)
        let nameBytes = Array("abcxyzABCXYZ0189-_".utf8)
        for _ in 0..<20000 {
            // Mostly name bytes, so that the first other byte falls anywhere in the word.
            let bytes = (0..<8).map { _ in
                generator.next(6) == 0 ? UInt8(truncatingIfNeeded: generator.next()) : nameBytes[generator.next(nameBytes.count)]
            }
            #expect(NameBytes.leadingCount(in: Self.word(bytes)) == Self.bytewiseCount(bytes), "\(bytes)")
        }
    }

    @Test func namesOfAnyLengthEndAtTheirLastByte() {
        for length in 1...40 {
            let name = String((0..<length).map { Array("vm-0_Z9")[$0 % 7] })
            for follower in [" ", "(", ".", "\n", "é", "", "\"x\"", "\u{7F}"] {
                let tokens = Lexer.tokenize(SourceFile(name: "p.rpl", text: name + follower)).tokens
                #expect(tokens.first?.kind == .name, "\(name)\(follower)")
                #expect(tokens.first?.span == Span(0, length), "\(name)\(follower)")
            }
        }
    }

    @Test func aNameEndsAtTheEndOfTheLexedRange() {
        // The lexer is given a range (an interpolation's): a name must not run past its end,
        // even with name bytes after it.
        let file = SourceFile(name: "p.rpl", text: #"let x = "${abcdefghijklmnop}qrstuvwxyz""# + "\n")
        let start = 11
        let end = 20
        let tokens = Lexer.tokenize(file, from: start, to: end).tokens
        #expect(tokens.map(\.kind) == [.name, .endOfFile])
        #expect(tokens.first?.span == Span(start, end))
    }
}
