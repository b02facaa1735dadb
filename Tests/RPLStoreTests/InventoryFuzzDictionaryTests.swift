import Foundation
import RPLInventory
import RPLSource
import Testing

/// `Fuzz/inventory.dict` gives libFuzzer the import format's keys: every key
/// the encoder writes for the demo inventory (which has a record of every
/// kind, so every key), quoted as they appear in JSON. Regenerate with
/// `RPL_UPDATE_GOLDEN=1 swift test`.
struct InventoryFuzzDictionaryTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/inventory.dict")

    static func keys(_ value: JSONValue, into keys: inout Set<String>) {
        switch value {
        case let .object(members):
            for (key, member) in members {
                keys.insert(key)
                Self.keys(member, into: &keys)
            }
        case let .array(items):
            for item in items { Self.keys(item, into: &keys) }
        default: break
        }
    }

    static func generated() throws -> String {
        var keys = Set<String>()
        Self.keys(InventoryJSON.encode(try DemoInventory.load()), into: &keys)
        var text = "# libFuzzer dictionary for the inventory import format, generated from the\n"
            + "# encoder by Tests/RPLStoreTests/InventoryFuzzDictionaryTests.swift (RPL_UPDATE_GOLDEN=1).\n"
        for key in keys.sorted() { text += "key_\(key)=\"\\\"\(key)\\\":\"\n" }
        for literal in ["true", "false", "null", "{}", "[]"] { text += "\"\(literal)\"\n" }
        return text
    }

    @Test func inventoryFuzzDictionaryHasEveryKey() throws {
        let generated = try Self.generated()
        if ProcessInfo.processInfo.environment["RPL_UPDATE_GOLDEN"] == "1" {
            try generated.write(to: Self.path, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: Self.path, encoding: .utf8)
        #expect(onDisk == generated, "Fuzz/inventory.dict is stale: run the tests with RPL_UPDATE_GOLDEN=1")
        #expect(onDisk.contains("\\\"machines\\\":"))
    }
}
