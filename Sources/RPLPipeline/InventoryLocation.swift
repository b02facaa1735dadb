import Foundation
import RPLInventory
import RPLSource
import RPLStore

/// Where the inventory comes from, decided once from `--inventory PATH`:
/// an inventory JSON file (its name ends in `.json`, or its first
/// non-blank byte is `{`), a database made by `rpl inventory import`, or,
/// without a path, the embedded demo inventory.
public enum InventoryLocation: Sendable, Equatable {
    case demo
    case json(path: String)
    case database(path: String)

    /// The database made from the demo inventory by commands that write.
    public static let demoDatabasePath = "rpl-demo.sqlite"

    public init(path: String?) throws(PipelineFailure) {
        guard let path else {
            self = .demo
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .usage("cannot read inventory '\(path)': no such file")
        }
        if isDirectory.boolValue {
            throw .usage("inventory '\(path)' is a directory: give an inventory JSON file or a database made by `rpl inventory import`")
        }
        self = path.lowercased().hasSuffix(".json") || Self.startsLikeJSON(path) ? .json(path: path) : .database(path: path)
    }

    /// What messages call it.
    public var name: String {
        switch self {
        case .demo: "the demo inventory"
        case let .json(path), let .database(path): path
        }
    }

    /// The database runs are journaled in: the database itself, or the one
    /// derived from the JSON file (`DIR/NAME.json` -> `DIR/NAME.sqlite`) or
    /// from the demo (`./rpl-demo.sqlite`).
    public var runDatabasePath: String {
        switch self {
        case .demo: Self.demoDatabasePath
        case let .json(path): (path as NSString).deletingPathExtension + ".sqlite"
        case let .database(path): path
        }
    }

    /// Reads the inventory without changing anything: `rpl check`, `rpl
    /// plan` and the REPL. A database is opened so that SQLite refuses writes.
    public func readInventory() throws(PipelineFailure) -> Inventory {
        switch self {
        case .demo: return try InventoryDocument.decode(DemoInventory.json, name: "<demo inventory>")
        case let .json(path): return try InventoryDocument.decode(try InventoryDocument.read(path), name: path)
        case let .database(path):
            let store = try RunDatabase.open(path, mode: .readOnly)
            do { return try store.loadInventory() } catch {
                throw .usage("cannot load inventory '\(path)': \(error)")
            }
        }
    }

    /// The first non-blank byte of the file is `{` (a JSON object; a SQLite
    /// file starts "SQLite format 3").
    private static func startsLikeJSON(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return head.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }
}

/// An inventory JSON document: read whole, decoded and validated, every
/// problem reported as `FILE: JSON-PATH: message`.
public enum InventoryDocument {
    public static func read(_ path: String) throws(PipelineFailure) -> [UInt8] {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard exists, !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "permission denied"
            throw .usage("cannot read inventory '\(path)': \(reason)")
        }
        return Array(data)
    }

    public static func decode(_ bytes: [UInt8], name: String) throws(PipelineFailure) -> Inventory {
        do {
            return try InventoryJSON.decode(bytes)
        } catch {
            switch error {
            case let .syntax(syntax):
                throw PipelineFailure(.usage, nil, details: ["\(name):\(syntax.line):\(syntax.column): error: not valid JSON: \(syntax.message)"])
            case let .invalid(issues):
                throw PipelineFailure(.usage, "\(issues.count) error\(issues.count == 1 ? "" : "s") in inventory '\(name)'",
                                      details: issues.map { "\(name): error: \($0.path): \($0.message)" })
            }
        }
    }

    /// FNV-1a, 64 bits: enough to notice that a file changed (not a security measure).
    public static func digest(_ bytes: [UInt8]) -> String {
        let hex = String(fnv1a64(bytes), radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
