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
}
