import RPLSource
import Testing

/// JSON is written as UTF-8 bytes: every string must come back as it went
/// in, whatever it holds, compact or pretty.
@Suite("JSON writing")
struct JSONWritingTests {
    static let strings = ["", "web", "quote \" backslash \\ slash /", "line\nfeed\rreturn\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
                          "é ü 日本 🚀", "\u{2028}\u{2029}", String(repeating: "x", count: 5_000)]

    @Test("every string reads back as written, compact and pretty", arguments: [false, true])
    func stringsRoundTrip(pretty: Bool) throws {
        let value = JSONValue.object(Self.strings.enumerated().map { ("k\($0.offset) \($0.element.prefix(8))", .string($0.element)) }
            + [("nested", .array(Self.strings.map { .array([.string($0), .number(1.5), .number(-3), .bool(true), .null, .object([])]) }))])
        let text = value.serialized(pretty: pretty)
        #expect(try JSONValue.parse(text) == value)
    }

    @Test("the exact bytes: escapes, control characters as \\u, pretty indentation by two spaces")
    func exactBytes() {
        #expect(JSONValue.string("a\"b\\c\nd\u{1}é").serialized() == #""a\"b\\c\nd\u0001é""#)
        // Escapes first, last and side by side: the runs copied whole between them are empty.
        #expect(JSONValue.string("\"\"plain\\").serialized() == #""\"\"plain\\""#)
        #expect(JSONValue.object([("a", .array([.number(1), .object([("b", .null)])])), ("c", .array([]))]).serialized(pretty: true)
            == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": []\n}")
        #expect(JSONValue.array([.number(2.5), .bool(false), .string("")]).serialized() == #"[2.5,false,""]"#)
    }

    /// `number(Int64)` writes digits itself rather than through a Double
    /// and a String: it must agree with the general path everywhere,
    /// boundaries of the integer form included.
    @Test("an Int64 is written as the same bytes as its Double")
    func integersAgreeWithDoubles() {
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 8_999_999_999_999_999, 9_000_000_000_000_000,
                               -8_999_999_999_999_999, -9_000_000_000_000_000, .max, .min, .min + 1]
        var random = SystemRandomNumberGenerator()
        for digits in 1...18 {
            let bound = (0..<digits).reduce(Int64(1)) { power, _ in power * 10 }
            for _ in 0..<20 { values.append(Int64.random(in: -bound...bound, using: &random)) }
        }
        for value in values {
            var integer = JSONWriter()
            integer.number(value)
            var double = JSONWriter()
            double.number(Double(value))
            #expect(integer.bytes == double.bytes, "\(value)")
            if abs(Double(value)) < 9e15 { #expect(integer.bytes == Array(String(value).utf8), "\(value)") }
        }
    }

    @Test("streamed values equal the tree they make, pretty and compact", arguments: [false, true])
    func streamedEqualsTree(pretty: Bool) {
        var json = JSONWriter(pretty: pretty)
        json.beginObject()
        json.key("empty")
        json.beginArray()
        json.endArray()
        json.key("items")
        json.beginArray()
        json.number(Int64(3))
        json.string(nil)
        json.beginObject()
        json.endObject()
        json.value(.object([("deep", .array([.bool(true)]))]))
        json.endArray()
        json.key("name")
        json.string("q\"")
        json.endObject()
        let tree = JSONValue.object([
            ("empty", .array([])),
            ("items", .array([.number(3), .null, .object([]), .object([("deep", .array([.bool(true)]))])])),
            ("name", .string("q\"")),
        ])
        #expect(json.finish() == tree.serializedBytes(pretty: pretty))
    }

    /// A long array written in parts, each by its own continuation of the
    /// writer that opened it: joined in order, the bytes of one writer,
    /// whichever items each part holds (none in the array at all, too).
    @Test("continuations written one after another equal one writer", arguments: [false, true])
    func continuationsEqualOneWriter(pretty: Bool) {
        let items: [JSONValue] = [.number(1), .string("two"), .object([("three", .array([.null]))]), .array([]), .bool(false)]
        for count in 0...items.count {
            var whole = JSONWriter(pretty: pretty)
            whole.beginObject()
            whole.key("items")
            whole.value(.array(Array(items.prefix(count))))
            whole.key("after")
            whole.number(Int64(count))
            whole.endObject()
            let expected = whole.finish()
            for cut in 0...count {
                var head = JSONWriter(pretty: pretty)
                head.beginObject()
                head.key("items")
                head.beginArray()
                var first = head.continuation(afterItems: false)
                for item in items.prefix(cut) { first.value(item) }
                var second = head.continuation(afterItems: cut > 0)
                for item in items.prefix(count).dropFirst(cut) { second.value(item) }
                var tail = head.continuation(afterItems: count > 0)
                tail.endArray()
                tail.key("after")
                tail.number(Int64(count))
                tail.endObject()
                let joined = head.finish() + first.finish() + second.finish() + tail.finish()
                #expect(joined == expected, "\(count) items cut after \(cut)")
            }
        }
    }

    /// Strings are scanned for bytes to escape eight at a time: against a
    /// byte-by-byte escaper, on strings of every length up to 40 with the
    /// bytes that matter (controls, quote, backslash, their neighbours,
    /// multi-byte characters) at every position.
    @Test("the word-at-a-time scan escapes exactly what byte by byte would")
    func wordScanAgreesWithBytes() {
        let pieces: [String] = ["a", "plain text ", "0123456789", "\"", "\\", "\u{0}", "\u{1F}", " ", "!", "#", "[", "]", "\u{7F}", "é", "日", "🚀", "\n", "\t"]
        var random = SystemRandomNumberGenerator()
        for length in 0...40 {
            for _ in 0..<60 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &random)! }.joined()
                var json = JSONWriter()
                json.string(text)
                #expect(json.bytes == Self.escapedByteByByte(text), "\(Array(text.utf8))")
            }
        }
    }

    static func escapedByteByByte(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): out += Array(#"\\"#.utf8)
            case UInt8(ascii: "\n"): out += Array(#"\n"#.utf8)
            case UInt8(ascii: "\r"): out += Array(#"\r"#.utf8)
            case UInt8(ascii: "\t"): out += Array(#"\t"#.utf8)
            case ..<0x20:
                let hex = String(byte, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(byte)
            }
        }
        return out + [UInt8(ascii: "\"")]
    }
}
