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
        partsOfEachLet(in: "let x = \(literal)\n").first ?? []
    }

    /// The parts of the string bound by each `let` of `text`, as text.
    static func partsOfEachLet(in text: String) -> [[String]] {
        Parser.parse(name: "p.rpl", text: text).statements.map { statement in
            guard case let .letBinding(_, value) = statement.kind, case let .string(parts) = value.kind else { return [] }
            return parts.map { part in
                switch part {
                case let .text(text): "t:\(text)"
                case let .interpolation(expr): if case let .name(name) = expr.kind { "i:\(name)@\(expr.span.start)" } else { "i:?" }
                }
            }
        }
    }

    /// A literal written as the one before it shares that one's parts
    /// (`Parser.literalParts`): each must still read as it would alone.
    @Test func repeatedLiteralsReadAsTheyWouldAlone() {
        let pool = [#""/mnt/retention""#, #""/mnt/retention2""#, #""/mnt/retentioN""#, #""""#, #""a\tb""#, #""a\\tb""#,
                    #""x${a}""#, #""x${b}""#, #""é""#, #""a longer literal, past fifteen bytes""#]
        var generator = SplitMix64(seed: 3)
        for _ in 0..<50 {
            let literals = (0..<12).map { _ in pool[generator.next(pool.count)] }
            let text = literals.enumerated().map { "let x\($0.offset) = \($0.element)\n" }.joined()
            let alone = literals.enumerated().map { index, literal in
                // The same literal after comments as long as the lines before it: at the same offset, so
                // that interpolation spans agree too.
                let before = literals[..<index].enumerated().map { "let x\($0.offset) = \($0.element)" }
                    .map { "#" + String(repeating: " ", count: $0.utf8.count - 1) + "\n" }.joined()
                return Self.partsOfEachLet(in: before + "let x\(index) = \(literal)\n").last ?? []
            }
            #expect(Self.partsOfEachLet(in: text) == alone, "\(literals)")
        }
    }

    @Test func literalPartsSplitAtInterpolationsAndResolveEscapes() {
        #expect(Self.parts(#""""#) == [])
        #expect(Self.parts(#""/mnt/retention""#) == ["t:/mnt/retention"])
        #expect(Self.parts(#""a longer literal, past fifteen bytes""#) == ["t:a longer literal, past fifteen bytes"])
        #expect(Self.parts(#""tab\there \"q\" \\ \$ \r\n""#) == ["t:tab\there \"q\" \\ $ \r\n"])
        #expect(Self.parts(#""${a}""#) == ["i:a@11"])
        #expect(Self.parts(#""x${a}y${b}""#) == ["t:x", "i:a@12", "t:y", "i:b@17"])
        #expect(Self.parts(#""\${a}""#) == ["t:${a}"])
        #expect(Self.parts(#""\\${a}z""#) == ["t:\\", "i:a@13", "t:z"])
        #expect(Self.parts(#""é ${a}ü""#) == ["t:é ", "i:a@14", "t:ü"])
    }
}
