import Foundation
import RPLSyntax
import Testing

/// `Fuzz/rpl.dict` gives libFuzzer the language's words: every keyword and
/// punctuation token of the lexer's table, and the few multi-byte marks a
/// mutator is unlikely to stumble on (`${`, `##`). It is generated from
/// `TokenKind`, so a new keyword reaches the fuzzer; regenerate with
/// `RPL_UPDATE_GOLDEN=1 swift test`.
struct FuzzDictionaryTests {
    static let path = Repository.root.appendingPathComponent("Fuzz/rpl.dict")

    static func generated() -> String {
        var entries: [String] = []
        for kind in TokenKind.allCases where kind.isKeyword || kind.quoted != kind.spelling {
            entries.append(kind.spelling)
        }
        entries += ["${", "##", "#", "\"", "\r\n"]
        var text = "# libFuzzer dictionary for rpl, generated from the lexer's token table by\n"
            + "# Tests/RPLSyntaxTests/FuzzDictionaryTests.swift (RPL_UPDATE_GOLDEN=1 to regenerate).\n"
        for entry in entries { text += "\"\(escaped(entry))\"\n" }
        return text
    }

    /// libFuzzer's dictionary escapes: `\\`, `\"` and `\xNN`.
    static func escaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\""): out += "\\\""
            case 0x20...0x7E: out += String(UnicodeScalar(byte))
            default: out += String(format: "\\x%02X", byte)
            }
        }
        return out
    }

    @Test func fuzzDictionaryHasEveryTokenOfTheLexer() throws {
        let generated = Self.generated()
        if ProcessInfo.processInfo.environment["RPL_UPDATE_GOLDEN"] == "1" {
            try generated.write(to: Self.path, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: Self.path, encoding: .utf8)
        #expect(onDisk == generated, "Fuzz/rpl.dict is stale: run the tests with RPL_UPDATE_GOLDEN=1")
        for keyword in TokenKind.keywords.keys {
            #expect(onDisk.contains("\n\"\(keyword)\"\n"), "'\(keyword)' is missing from Fuzz/rpl.dict")
        }
    }
}
