import RPLSource
import Testing

/// Spans, columns and carets in one unit for any bytes: the text renderer
/// once trapped on a caret under a span ending inside an invalid or
/// multi-byte sequence (`if<\xff`).
@Suite struct RendererColumnTests {
    typealias Random = SplitMix64

    /// Bytes biased towards what breaks renderers: lead and continuation
    /// bytes, line breaks, tabs, control characters, multi-byte text.
    static func randomBytes(_ random: inout Random) -> [UInt8] {
        let pieces: [[UInt8]] = [[0xFF], [0xC3], [0xA9], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x80], [0x0A], [0x0D], [0x09],
                                 [0x1B], [0x00], Array("é".utf8), Array("😀".utf8), Array("e\u{301}".utf8), [0xEF, 0xBB, 0xBF]]
        var bytes: [UInt8] = []
        for _ in 0..<random.next(60) {
            if random.next(3) == 0 {
                bytes += pieces[random.next(pieces.count)]
            } else {
                bytes.append(UInt8(32 + random.next(95)))
            }
        }
        return bytes
    }

    /// The rendered header's line and column, the printed source line and the caret line.
    static func parse(_ rendered: String) -> (line: Int, column: Int, source: String, caret: String)? {
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 4 else { return nil }
        let header = lines[0].split(separator: ":")
        guard header.count >= 3, let line = Int(header[1]), let column = Int(header[2]) else { return nil }
        let source = lines[2].split(separator: "|", maxSplits: 1).last.map { String($0.dropFirst()) } ?? ""
        let caret = lines[3].split(separator: "|", maxSplits: 1).last.map { String($0.dropFirst()) } ?? ""
        return (line, column, source, caret)
    }

    @Test func anySpanOfAnyBytesRendersWithTheCaretUnderItsColumn() throws {
        var random = Random(seed: 0xCA2E7)
        for _ in 0..<3_000 {
            let bytes = Self.randomBytes(&random)
            let file = SourceFile(name: "f", bytes: bytes)
            let start = random.next(bytes.count + 1)
            let end = start + random.next(bytes.count - start + 1)
            let diagnostic = Diagnostic(.RP001, "m", file: file, span: Span(start, end))
            let rendered = TextRenderer().render(diagnostic)
            let parsed = try #require(Self.parse(rendered), "\(bytes)")
            // The column the location prints: Swift's own decoder, an
            // independent count of the characters before the offset.
            let range = file.lineRange(parsed.line)
            let before = Array(bytes[range.lowerBound..<min(max(start, range.lowerBound), range.upperBound)])
            let expectedColumn = 1 + String(decoding: before, as: UTF8.self).unicodeScalars.count
            #expect(parsed.column == expectedColumn, "\(bytes) at \(start)")
            // The caret sits under that column of the printed line (lines here are short: no window).
            let printed = Array(parsed.source.unicodeScalars)
            let caretCell = parsed.caret.prefix { $0 == " " }.count
            let tabsBefore = before.filter { $0 == 0x09 }.count
            #expect(caretCell == expectedColumn - 1 + 3 * tabsBefore, "\(bytes) at \(start): \(rendered)")
            #expect(caretCell <= printed.count, "\(bytes)")
            #expect(parsed.caret.dropFirst(caretCell).hasPrefix("^"))
        }
    }

    @Test func theFourBytesThatTrappedRenderWithTheCaretOnTheInvalidByte() throws {
        let file = SourceFile(name: "c.rpl", bytes: Array("if<".utf8) + [0xFF])
        for span in [Span(3, 4), Span(2, 4), Span(3, 3), Span(0, 4), Span(4, 4)] {
            let rendered = TextRenderer().render(Diagnostic(.RP001, "m", file: file, span: span))
            let parsed = try #require(Self.parse(rendered))
            #expect(parsed.source == "if<\u{FFFD}")
            #expect(parsed.caret.prefix { $0 == " " }.count == parsed.column - 1)
        }
    }

    /// Long lines are cut to a window; the caret still lands on the character its column names.
    @Test func windowedLinesKeepTheCaretOnItsCharacter() throws {
        var random = Random(seed: 0x10176)
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<(150 + random.next(200)) {
                bytes += random.next(4) == 0 ? [0xFF] : (random.next(5) == 0 ? Array("é".utf8) : [UInt8(97 + random.next(26))])
            }
            let start = random.next(bytes.count)
            let file = SourceFile(name: "f", bytes: bytes)
            let rendered = TextRenderer().render(Diagnostic(.RP001, "m", file: file, span: Span(start, start + 1)))
            let parsed = try #require(Self.parse(rendered))
            let printed = Array(parsed.source.unicodeScalars)
            let caretCell = parsed.caret.prefix { $0 == " " }.count
            let characters = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            try #require(caretCell < printed.count)
            #expect(printed[caretCell] == characters[parsed.column - 1], "\(rendered)")
        }
    }
}
