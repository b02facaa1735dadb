import RPLSource
import RPLSyntax
import Testing

/// Names and literal text are made by `UTF8Scanning.string`, which builds a
/// string in place instead of going through `String(decoding:as:)`: both
/// must read every byte sequence alike, ill-formed UTF-8 included.
struct SourceTextTests {
    /// Bytes drawn mostly from ASCII, with lead, continuation and never-valid bytes mixed in.
    static func randomBytes(count: Int, using generator: inout SplitMix64) -> [UInt8] {
        let interesting: [UInt8] = [0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90, 0x8F]
        return (0..<count).map { _ in
            let roll = generator.next() % 4
            return roll == 0 ? interesting[Int(generator.next() % UInt64(interesting.count))]
                : UInt8(truncatingIfNeeded: generator.next() % 0x80)
        }
    }

    @Test func agreesWithStringDecodingOnAnyBytes() {
        var generator = SplitMix64(seed: 15)
        // Up to 40 bytes: either side of the 15 bytes a string holds inline.
        for count in 0...40 {
            for _ in 0..<200 {
                let bytes = Self.randomBytes(count: count, using: &generator)
                let built = bytes.withUnsafeBufferPointer { UTF8Scanning.string($0) }
                let decoded = String(decoding: bytes, as: UTF8.self)
                #expect(Array(built.utf8) == Array(decoded.utf8), "\(bytes)")
            }
        }
    }

    @Test func spanTextIsTheDecodedBytes() {
        let file = SourceFile(name: "p.rpl", bytes: Array("vm-01 é\u{1F600} ".utf8) + [0xC3, 0x28, 0xFF])
        for start in 0...file.bytes.count {
            for end in start...file.bytes.count {
                let expected = String(decoding: file.bytes[start..<end], as: UTF8.self)
                #expect(file.text(Span(start, end)) == expected)
            }
        }
        #expect(file.text(Span(5, 2)).isEmpty)
        #expect(file.text(Span(0, 1000)) == String(decoding: file.bytes, as: UTF8.self))
    }

    static func parts(_ literal: String) -> [String] {
        let tree = Parser.parse(name: "p.rpl", text: "let x = \(literal)\n")
        guard case let .letBinding(_, value) = tree.statements.first?.kind, case let .string(parts) = value.kind else { return [] }
        return parts.map { part in
            switch part {
            case let .text(text): "t:\(text)"
            case let .interpolation(expr): if case let .name(name) = expr.kind { "i:\(name)" } else { "i:?" }
            }
        }
    }

    @Test func literalPartsSplitAtInterpolationsAndResolveEscapes() {
        #expect(Self.parts(#""""#) == [])
        #expect(Self.parts(#""/mnt/retention""#) == ["t:/mnt/retention"])
        #expect(Self.parts(#""a longer literal, past fifteen bytes""#) == ["t:a longer literal, past fifteen bytes"])
        #expect(Self.parts(#""tab\there \"q\" \\ \$ \r\n""#) == ["t:tab\there \"q\" \\ $ \r\n"])
        #expect(Self.parts(#""${a}""#) == ["i:a"])
        #expect(Self.parts(#""x${a}y${b}""#) == ["t:x", "i:a", "t:y", "i:b"])
        #expect(Self.parts(#""\${a}""#) == ["t:${a}"])
        #expect(Self.parts(#""\\${a}z""#) == ["t:\\", "i:a", "t:z"])
        #expect(Self.parts(#""é ${a}ü""#) == ["t:é ", "i:a", "t:ü"])
    }
}
