import Foundation
import GRDB
import GRDBSQLite
import RPLInventory

/// The whole inventory as one blob beside the tables, so that loading it
/// (every `rpl check`) is one row instead of a statement per table and a
/// row per record. The tables stay the source of truth:
///
/// - every inventory write goes through `InventoryTables.replace`, which
///   writes the snapshot last, from the tables as they load, in the same
///   transaction;
/// - any other change to an inventory table (a hand edit, a later tool)
///   fires a trigger that deletes the snapshot, except a machine's state
///   (what a run changes, step by step), which only marks the snapshot's
///   states as changed: loading then reads them from `machine_states`;
/// - every migration discards it (it changes tables without triggers);
/// - a snapshot written under other migrations or another layout
///   (an older or newer rpl, read-only) is ignored, as is one that does not decode.
///
/// Ignored means loaded from the tables; the next import, or the next
/// opening for writing (`refreshIfStale`), writes a fresh one.
enum InventorySnapshot {
    static let migration = "v11-inventory-snapshot"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE inventory_snapshot (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                format TEXT NOT NULL,
                migrations TEXT NOT NULL,
                states_changed INTEGER NOT NULL DEFAULT 0,
                bytes BLOB NOT NULL
            );
            """)
    }

    /// Drops the snapshot, if the database has one yet (the next import writes a new one).
    static func discard(_ db: Database) throws {
        if try db.tableExists("inventory_snapshot") { try db.execute(sql: "DELETE FROM inventory_snapshot") }
    }

    /// The migrations a snapshot was written under, as stored beside it.
    private static func migrationsKey(_ applied: Set<String>) -> String { applied.sorted().joined(separator: ",") }

    /// Every table an inventory is stored in: a change to any of them outside
    /// `replace` makes the snapshot stale. (A table added for new records
    /// joins one of these lists, which `replace` also empties.)
    private static var guardedTables: [String] {
        InventoryTables.tables + ModernizedTables.tables + [ARMIDTables.runAsAccountsTable]
    }

    private static func triggerName(_ table: String, _ operation: String) -> String {
        "inventory_snapshot_stale_after_\(operation.lowercased())_on_\(table)"
    }

    private static let operations = ["INSERT", "UPDATE", "DELETE"]

    /// Before `replace` rewrites the tables: no trigger per row written, no snapshot to go stale.
    static func prepareForReplace(_ db: Database) throws {
        for table in guardedTables {
            for operation in operations { try db.execute(sql: "DROP TRIGGER IF EXISTS \(triggerName(table, operation))") }
        }
        try db.execute(sql: "DELETE FROM inventory_snapshot")
    }

    /// After `replace` wrote the tables: the snapshot of what they now hold, and the triggers that guard it.
    static func write(_ db: Database) throws {
        let schema = try InventoryTables.StoredSchema(db)
        let inventory = try InventoryTables.loadTables(from: db, schema)
        try db.execute(sql: "INSERT OR REPLACE INTO inventory_snapshot (id, format, migrations, bytes) VALUES (1, ?, ?, ?)",
                       arguments: [InventorySnapshotCodec.formatKey, migrationsKey(schema.applied),
                                   Data(InventorySnapshotCodec.encode(inventory))])
        for table in guardedTables {
            for operation in operations {
                // A state moved to another machine is not a state change: it goes stale.
                let stale = table == "machine_states" && operation == "UPDATE"
                    ? "DELETE FROM inventory_snapshot WHERE NEW.machine_id IS NOT OLD.machine_id; "
                        + "UPDATE inventory_snapshot SET states_changed = 1 WHERE states_changed = 0"
                    : "DELETE FROM inventory_snapshot"
                try db.execute(sql: "CREATE TRIGGER \(triggerName(table, operation)) AFTER \(operation) ON \(table) BEGIN \(stale); END")
            }
        }
    }

    /// Rewrites a snapshot that a migration discarded or that another layout
    /// wrote (the database of an older rpl), when the database is opened for
    /// writing: `rpl check` opens it read-only and would otherwise load every
    /// table, several times slower, until the next import. A database with no
    /// machines has nothing worth a snapshot and is left as it is.
    static func refreshIfStale(_ db: Database) throws {
        guard try isStale(db) else { return }
        try prepareForReplace(db)
        try write(db)
    }

    /// Whether `refreshIfStale` has work to do: asked first in a read, so
    /// that opening a current database never waits for the write lock.
    static func isStale(_ db: Database) throws -> Bool {
        let schema = try InventoryTables.StoredSchema(db)
        guard schema.applied.contains(migration) else { return false }
        let stored = try Row.fetchOne(db, sql: "SELECT format, migrations FROM inventory_snapshot")
        if let stored, stored["format"] == InventorySnapshotCodec.formatKey, stored["migrations"] == migrationsKey(schema.applied) {
            return false
        }
        return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM machines)") == true
    }

    /// The inventory from a current snapshot, or nil when there is none to trust.
    static func load(from db: Database, _ schema: InventoryTables.StoredSchema) throws -> Inventory? {
        guard schema.applied.contains(migration) else { return nil }
        var decoded: InventorySnapshotCodec.Decoded?
        var statesChanged = false
        try RawRows.each(db, "SELECT format, migrations, states_changed, bytes FROM inventory_snapshot") { row in
            guard row.text(0) == InventorySnapshotCodec.formatKey, row.text(1) == migrationsKey(schema.applied) else { return }
            statesChanged = row.bool(2)
            let count = Int(sqlite3_column_bytes(row.statement, 3))
            guard let bytes = sqlite3_column_blob(row.statement, 3) else { return }
            guard var reader = try? SnapshotReader(UnsafeRawBufferPointer(start: bytes, count: count)) else { return }
            decoded = try? InventorySnapshotCodec.decode(&reader)
            reader.releaseTablesInBackground()
        }
        guard var decoded else { return nil }
        if statesChanged {
            // Machines load in id order and each has one state row: the n-th state is the n-th machine's.
            var position = 0
            var complete = true
            try RawRows.each(db, "SELECT machine_id, state FROM machine_states ORDER BY machine_id") { row in
                guard position < decoded.records.machines.count else { return complete = false }
                decoded.records.machines[position].state = try row.enumeration(1, "machine_states", row.int64(0), "state")
                position += 1
            }
            guard complete, position == decoded.records.machines.count else { return nil }
        }
        return Inventory(network: decoded.network, configurationServer: decoded.configurationServer, vault: decoded.vault,
                         records: decoded.records, machineIndex: decoded.machineIndex)
    }
}
