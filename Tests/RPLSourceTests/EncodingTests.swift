import RPLSource
import RPLSyntax
import Testing

/// Plans are UTF-8: anything else is one RP002 at the first invalid
/// sequence, or names the encoding its byte-order mark announces.
@Suite struct EncodingTests {
    static func encoding(_ bytes: [UInt8]) -> Diagnostic? { SourceFile(name: "p.rpl", bytes: bytes).encodingDiagnostic }

    @Test func latin1IsRefusedAtItsFirstInvalidByte() throws {
        let bytes = Array("# Caf".utf8) + [0xE9] + Array("\ngroup g < reprotect web using mt1 ps-azure datastore ds1 >\n".utf8)
        let tree = Parser.parse(SourceFile(name: "latin1.rpl", bytes: bytes))
        let diagnostic = try #require(tree.diagnostics.first)
        #expect(tree.diagnostics.count == 1)
        #expect(diagnostic.code == .RP002)
        #expect(diagnostic.message == "the file is not UTF-8 text: byte offset 5 (line 1, column 6) holds the byte E9, which is not UTF-8")
        #expect(diagnostic.primary.span == Span(5, 6))
        #expect(tree.statements.isEmpty)
    }

    /// Every position, every ill-formed sequence: the offset named is the
    /// first byte Swift's own decoder replaces.
    @Test func theFirstInvalidSequenceIsTheOneSwiftsDecoderReplacesFirst() {
        let invalid: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                  [0xF0, 0x9F, 0x98], [0xFE], [0xFF], [0xE2, 0x82, 0x41]]
        for sequence in invalid {
            for prefix in ["", "a", "é", "😀", "line\nnext "] {
                let bytes = Array(prefix.utf8) + sequence + Array(" tail".utf8)
                let found = UTF8Scanning.firstInvalidSequence(in: bytes)
                let decoded = String(decoding: bytes, as: UTF8.self)
                let replaced = decoded.unicodeScalars.firstIndex(of: "\u{FFFD}").map {
                    decoded.unicodeScalars[..<$0].reduce(0) { $0 + String($1).utf8.count }
                }
                #expect(found?.offset == replaced, "\(bytes)")
                #expect(found?.offset == Array(prefix.utf8).count)
            }
        }
        #expect(UTF8Scanning.firstInvalidSequence(in: Array("plain, é, 😀, \u{10FFFF}".utf8)) == nil)
    }

    @Test(arguments: [
        ([0xFF, 0xFE] as [UInt8], "UTF-16 (little-endian)", "iconv -f UTF-16 -t UTF-8"),
        ([0xFE, 0xFF], "UTF-16 (big-endian)", "iconv -f UTF-16 -t UTF-8"),
        ([0xFF, 0xFE, 0x00, 0x00], "UTF-32 (little-endian)", "iconv -f UTF-32 -t UTF-8"),
        ([0x00, 0x00, 0xFE, 0xFF], "UTF-32 (big-endian)", "iconv -f UTF-32 -t UTF-8"),
    ])
    func byteOrderMarksAreNamed(_ mark: [UInt8], _ name: String, _ conversion: String) throws {
        let diagnostic = try #require(Self.encoding(mark + [0x67, 0x00]))
        #expect(diagnostic.code == .RP002)
        #expect(diagnostic.message == "the file is \(name) text: rpl reads UTF-8; convert it, e.g. with \(conversion)")
    }

    @Test func utf16WithoutAMarkIsRecognisedByItsNulBytes() throws {
        let text = "group g < reprotect web using mt1 ps-azure datastore ds1 >\n"
        let littleEndian = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let diagnostic = try #require(Self.encoding(littleEndian))
        #expect(diagnostic.message == "the file is not UTF-8 text: byte offset 1 (line 1, column 2) holds a NUL byte")
        #expect(diagnostic.help == ["it looks like UTF-16 (little-endian) text without a byte-order mark; convert it, e.g. with iconv -f UTF-16LE -t UTF-8"])
        #expect(Parser.parse(SourceFile(name: "u16.rpl", bytes: littleEndian)).diagnostics.count == 1)
    }

    @Test func aUTF8ByteOrderMarkIsAcceptedAndIsNoColumn() throws {
        let file = SourceFile(name: "bom.rpl", bytes: UTF8Scanning.byteOrderMark + Array("wait 1s\nwait x y\n".utf8))
        #expect(file.encodingDiagnostic == nil)
        #expect(file.location(of: 3) == (1, 1))
        #expect(file.location(of: 8) == (1, 6))
        let tree = Parser.parse(file)
        #expect(tree.statements.count >= 1)
        #expect(tree.diagnostics.allSatisfy { $0.code == .RP001 && $0.primary.line == 2 })
    }
}
