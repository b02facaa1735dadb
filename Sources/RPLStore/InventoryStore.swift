import Foundation
import GRDB
import RPLInventory

/// Why the store could not do what was asked. Every case reads as a
/// sentence for the user, with the path of the database where it matters.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case missingDatabase(path: String)
    case notAnInventoryDatabase(path: String)
    case invalidInventory([InventoryIssue])
    case unknownMachine(String)
    case corruptRecord(table: String, id: Int64, message: String)
    case sqlite(path: String, message: String)

    public var description: String {
        switch self {
        case let .missingDatabase(path):
            "no inventory database at '\(path)'"
        case let .notAnInventoryDatabase(path):
            "'\(path)' is not an rpl inventory database (create one with `rpl inventory import FILE.json --db \(path)`)"
        case let .invalidInventory(issues):
            "the inventory is not valid:\n" + issues.map { "  \($0)" }.joined(separator: "\n")
        case let .unknownMachine(name):
            "no machine named '\(name)' in the inventory database"
        case let .corruptRecord(table, id, message):
            "the inventory database is damaged: \(table) row \(id): \(message)"
        case let .sqlite(path, message):
            "'\(path)': \(message)"
        }
    }
}

/// The inventory database: the records of docs/inventory.md and the machines'
/// current states, in SQLite. The run journal lives in the same database
/// (its tables come from later migrations of `StoreSchema`), which is why
/// the writer is public: the runtime journals a step and changes a
/// machine's state in one transaction.
public final class InventoryStore: InventoryReader, Sendable {
    public enum Mode: Sendable {
        /// Opens the file, creating it when missing, and brings its schema up to date.
        case readWrite
        /// Opens an existing file that SQLite will not let this process change
        /// (`rpl check` reads an inventory and must never change it).
        case readOnly
    }

    /// The file, or `:memory:` for a temporary database.
    public let path: String
    public let mode: Mode
    /// The connection: the runtime writes its journal through it.
    public let dbQueue: DatabaseQueue

    public init(path: String, mode: Mode = .readWrite) throws(StoreError) {
        self.path = path
        self.mode = mode
        let existed = path != ":memory:" && FileManager.default.fileExists(atPath: path)
        if mode == .readOnly, !existed { throw .missingDatabase(path: path) }
        var configuration = Configuration()
        configuration.readonly = mode == .readOnly
        // Another rpl (a run journaling steps) may hold the write lock for a moment.
        configuration.busyMode = .timeout(10)
        // No memory-mapped reads (SQLite's default): a load reads one snapshot
        // blob, which SQLite copies out of its pages into one buffer anyway, so
        // mapping the file only added its 4.7 MB of pages to a 50k check's peak
        // memory, at no measurable speed. Loading from the tables (a stale
        // snapshot, until the next read-write open rewrites it) is ~8% slower.
        // A read-only connection reads each page once (the snapshot's, or the
        // tables' in order), so a small page cache is enough: SQLite's default
        // 2 MB filled up with snapshot pages read once and kept until closed.
        if mode == .readOnly {
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -256") }
        }
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.wrap(error, path: path)
        }
        // A file that is there already must be an rpl database before
        // anything is written to it: a 0-byte file or someone else's SQLite
        // database is refused, by every command, as `rpl check` refuses it.
        if existed { try requireInventorySchema() }
        try prepareSchema()
    }

    /// A database in memory, gone with the process: for an inventory JSON
    /// file where a command needs a database but nothing should persist.
    public init(temporaryImporting inventory: Inventory) throws(StoreError) {
        path = ":memory:"
        mode = .readWrite
        do {
            dbQueue = try DatabaseQueue()
        } catch {
            throw Self.wrap(error, path: ":memory:")
        }
        try prepareSchema()
        try importInventory(inventory)
    }

    private func prepareSchema() throws(StoreError) {
        do {
            switch mode {
            case .readWrite:
                try StoreSchema.migrator.migrate(dbQueue)
                if try dbQueue.read(InventorySnapshot.isStale) {
                    try dbQueue.write { db in try InventorySnapshot.refreshIfStale(db) }
                }
            case .readOnly:
                try requireInventorySchema()
            }
        } catch {
            throw Self.wrap(error, path: path)
        }
    }

    /// The one test of "is an rpl inventory database": its inventory migration ran.
    private func requireInventorySchema() throws(StoreError) {
        let ready: Bool
        do {
            ready = try dbQueue.read { db in
                try StoreSchema.migrator.appliedIdentifiers(db).contains(StoreSchema.inventoryMigration)
            }
        } catch {
            throw Self.wrap(error, path: path)
        }
        if !ready { throw .notAnInventoryDatabase(path: path) }
    }

    static func wrap(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB { return .notAnInventoryDatabase(path: path) }
            if error.resultCode == .SQLITE_READONLY {
                return .sqlite(path: path, message: "the database is open read-only; nothing was changed")
            }
            return .sqlite(path: path, message: error.message ?? "\(error.resultCode)")
        }
        return .sqlite(path: path, message: "\(error)")
    }

    // MARK: - Writing

    /// Replaces the whole inventory in one transaction: after an error
    /// (an invalid inventory, a read-only database, a full disk) the
    /// previous content is untouched. Journal tables are not touched.
    public func importInventory(_ inventory: Inventory, sourceDigest: String? = nil) throws(StoreError) {
        let issues = inventory.validationIssues()
        if !issues.isEmpty { throw .invalidInventory(issues) }
        do {
            try dbQueue.write { db in
                try InventoryTables.replace(with: inventory, in: db)
                if let sourceDigest {
                    try db.execute(sql: "INSERT OR REPLACE INTO store_info (key, value) VALUES ('source_digest', ?)",
                                   arguments: [sourceDigest])
                } else {
                    try db.execute(sql: "DELETE FROM store_info WHERE key = 'source_digest'")
                }
            }
        } catch {
            throw Self.wrap(error, path: path)
        }
    }

    /// The digest given to the last `importInventory`, if any: lets a
    /// command tell whether the JSON file a database was made from changed.
    public func sourceDigest() throws(StoreError) -> String? {
        do {
            return try dbQueue.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'source_digest'")
            }
        } catch {
            throw Self.wrap(error, path: path)
        }
    }

    /// Records a machine's new state inside the caller's transaction (the
    /// runtime journals the step that caused it in the same one).
    public static func setMachineState(_ name: String, _ state: MachineState, in db: Database) throws {
        try db.execute(sql: """
            UPDATE machine_states SET state = ?
            WHERE machine_id = (SELECT id FROM machines WHERE name = ?)
            """, arguments: [state.rawValue, name])
        if db.changesCount == 0 { throw StoreError.unknownMachine(name) }
    }

    /// Records a machine's new state in a transaction of its own.
    public func setMachineState(_ name: String, _ state: MachineState) throws(StoreError) {
        do {
            try dbQueue.write { db in try Self.setMachineState(name, state, in: db) }
        } catch {
            throw Self.wrap(error, path: path)
        }
    }

    // MARK: - Reading

    /// Everything, in bulk: one statement per table, rows read straight
    /// from SQLite cursors.
    public func loadInventory() throws -> Inventory {
        do {
            return try dbQueue.read { db in try InventoryTables.load(from: db) }
        } catch {
            throw Self.wrap(error, path: path)
        }
    }
}
