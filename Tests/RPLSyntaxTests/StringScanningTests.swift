import RPLSource
@testable import RPLSyntax
import Testing

/// The lexer skips a string literal's plain text eight bytes at a time
/// (`StringBytes.plainCount`): it must stop at every byte the byte loop
/// acts on, and the literal must lex the same wherever those bytes fall.
struct StringScanningTests {
    static let stops: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"), UInt8(ascii: "\n")]

    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    @Test func everyByteStopsThePlainTextWhereTheByteLoopWould() {
        let filler = Array("/mnt/ré!".utf8).prefix(8)
        for position in 0..<8 {
            for byte in UInt8.min...UInt8.max {
                var bytes = Array(filler)
                bytes[position] = byte
                let expected = bytes.firstIndex(where: { Self.stops.contains($0) }) ?? 8
                #expect(StringBytes.plainCount(in: Self.word(bytes)) == expected, "byte \(byte) at \(position)")
            }
        }
    }

    @Test func randomWordsAgree() {
        var generator = SplitMix64(seed: 22)
        let stops = Array(Self.stops)
        for _ in 0..<20000 {
            let bytes = (0..<8).map { _ in
                generator.next(5) == 0 ? stops[generator.next(stops.count)] : UInt8(truncatingIfNeeded: generator.next())
            }
            let expected = bytes.firstIndex(where: { Self.stops.contains($0) }) ?? 8
            #expect(StringBytes.plainCount(in: Self.word(bytes)) == expected, "\(bytes)")
        }
    }

    @Test func literalsEndAtTheirQuoteWhateverTheirLength() {
        for length in 0...40 {
            let body = String((0..<length).map { Array("ab/é-c1 ")[$0 % 8] })
            for (literal, kinds) in [("\"\(body)\"", [TokenKind.string]), ("\"\(body)\\\"x\"", [.string]),
                                     ("\"\(body)${a}\"", [.string]), ("\"\(body)\n", [.invalid])] {
                let lexed = Lexer.tokenize(SourceFile(name: "p.rpl", text: literal + " z"))
                #expect(lexed.tokens.map(\.kind) == kinds + [.name, .endOfFile], "\(literal.debugDescription)")
                #expect(lexed.tokens.first?.span.end == Int32(literal.utf8.count) - (kinds == [.invalid] ? 1 : 0),
                        "\(literal.debugDescription)")
            }
        }
    }
}
