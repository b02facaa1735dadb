import RPLSource

/// What changed between two inventories, record by record and field by
/// field, in the import format's terms: the short summary a pull prints.
/// Records are compared through their JSON encoding, so every field the
/// format has is covered without a list to keep up to date.
public struct InventoryChanges: Sendable, Equatable {
    public struct Change: Sendable, Equatable, CustomStringConvertible {
        /// "machine", "ESXi host", …
        public var kind: String
        public var name: String
        /// "onprem_vm.snapshots: 0 → 1", one per field that differs.
        public var fields: [String]

        public var description: String {
            fields.isEmpty ? "\(kind) \(name)" : "\(kind) \(name) (\(fields.joined(separator: ", ")))"
        }
    }

    public var added: [Change] = []
    public var removed: [Change] = []
    public var changed: [Change] = []

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    public static func between(_ old: Inventory, _ new: Inventory) -> InventoryChanges {
        var changes = InventoryChanges()
        func compare(_ kind: String, _ before: [(String, JSONValue)], _ after: [(String, JSONValue)]) {
            let beforeByName = Dictionary(before, uniquingKeysWith: { first, _ in first })
            let afterNames = Set(after.map(\.0))
            for (name, record) in after {
                if let previous = beforeByName[name] {
                    let fields = differences(previous, record, path: "")
                    if !fields.isEmpty { changes.changed.append(Change(kind: kind, name: name, fields: fields)) }
                } else {
                    changes.added.append(Change(kind: kind, name: name, fields: []))
                }
            }
            for (name, _) in before where !afterNames.contains(name) {
                changes.removed.append(Change(kind: kind, name: name, fields: []))
            }
        }
        /// Each record of a kind by its name, in the import format's terms.
        func records<T>(_ list: [T], _ name: (T) -> String, _ encode: (T) -> JSONValue) -> [(String, JSONValue)] {
            list.map { (name($0), encode($0)) }
        }
        func kind<T>(_ noun: String, _ of: (Inventory) -> [T], _ name: (T) -> String, _ encode: (T) -> JSONValue) {
            compare(noun, records(of(old), name, encode), records(of(new), name, encode))
        }
        kind("vCenter", \.vcenters, \.name, InventoryJSON.encode)
        kind("ESXi host", \.hosts, \.name, InventoryJSON.encode)
        kind("datastore", \.datastores, \.name, InventoryJSON.encode)
        kind("master target", \.masterTargets, \.name, InventoryJSON.encode)
        kind("process server", \.processServers, \.name, InventoryJSON.encode)
        kind("machine", \.machines, \.name, InventoryJSON.encode)
        // The records a vault import fills in.
        kind("configuration server", { [$0.configurationServer].compactMap { $0 } }, \.name, InventoryJSON.encode)
        kind("vault", { [$0.vault].compactMap { $0 } }, \.name, InventoryJSON.encode)
        kind("replication appliance", \.appliances, \.name, InventoryJSON.encode)
        kind("log storage account", \.logStorageAccounts, \.name, InventoryJSON.encode)
        kind("failback policy", \.failbackPolicies, \.name, InventoryJSON.encode)
        kind("run-as account", \.runAsAccounts, \.name, InventoryJSON.encode)
        return changes
    }

    /// Field paths whose values differ, with both values; objects are
    /// compared key by key, anything else as a whole.
    private static func differences(_ a: JSONValue, _ b: JSONValue, path: String) -> [String] {
        if case let .object(left) = a, case let .object(right) = b {
            let leftByKey = Dictionary(left, uniquingKeysWith: { first, _ in first })
            let rightByKey = Dictionary(right, uniquingKeysWith: { first, _ in first })
            var keys = left.map(\.0)
            keys += right.map(\.0).filter { leftByKey[$0] == nil }
            return keys.flatMap { key in
                differences(leftByKey[key] ?? .null, rightByKey[key] ?? .null, path: path.isEmpty ? key : "\(path).\(key)")
            }
        }
        return a == b ? [] : ["\(path): \(a.serialized()) → \(b.serialized())"]
    }

    /// The lines a command prints: a count line, then one line per change.
    public func report() -> [String] {
        if isEmpty { return ["no changes"] }
        var lines = ["\(added.count) added, \(removed.count) removed, \(changed.count) changed"]
        lines += added.map { "  added    \($0)" }
        lines += removed.map { "  removed  \($0)" }
        lines += changed.map { "  changed  \($0)" }
        return lines
    }
}
