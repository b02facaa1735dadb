import Foundation
import GRDB
import RPLInventory
import RPLStore
import Testing

/// The inventory snapshot the database keeps beside the tables: it holds
/// every field, it is what loads while current, and it never disagrees with
/// the tables (stale, absent or damaged, the tables load instead).
@Suite struct InventorySnapshotTests {
    /// Every stored property, even one a custom `==` leaves out; not the name
    /// indexes, which follow from the records and dump in hash order.
    static func dumped(_ inventory: Inventory) -> String {
        var text = ""
        for field in Mirror(reflecting: inventory).children where !(field.label ?? "").hasSuffix("Index") {
            text += "\(field.label ?? "?"): "
            dump(field.value, to: &text)
        }
        return text
    }

    @Test func theFixtureLeavesNoFieldAtItsDefault() {
        for (name, record, defaults) in InventorySnapshotFixture.recordsAndDefaults {
            let unset = InventorySnapshotFixture.fieldsLeftAtDefault(record, defaults, path: name)
            #expect(unset.isEmpty, "set these in InventorySnapshotFixture (and in the snapshot codec): \(unset)")
        }
    }

    @Test func theSnapshotRoundTripsEveryFieldOfEveryRecord() throws {
        let directory = try TemporaryDirectory()
        let fixture = InventorySnapshotFixture.inventory
        // Over empty tables, so that only a snapshot that decodes can give the fixture back.
        let snapshotOnly = try Self.disagreeing(tables: Inventory(), snapshot: fixture, in: directory)
        let fromSnapshot = try InventoryStore(path: snapshotOnly.path, mode: .readOnly).loadInventory()
        let tablesOnly = try InventoryStore(temporaryImporting: fixture)
        #expect(try Self.snapshotCount(tablesOnly) == 1)
        try tablesOnly.dbQueue.write { db in try db.execute(sql: "DELETE FROM inventory_snapshot") }
        let fromTables = try tablesOnly.loadInventory()
        #expect(Self.dumped(fromSnapshot) == Self.dumped(fromTables))
        #expect(Self.dumped(fromSnapshot) == Self.dumped(fixture))
    }

    /// String arrays are stored once and shared: records listing the same
    /// strings, other strings, a prefix of them or none each read back their own.
    @Test func sharedStringArraysReadBackPerRecord() throws {
        let directory = try TemporaryDirectory()
        let lists: [[String]] = [["ds1", "ds2"], ["ds1", "ds2"], [], ["ds1"], ["ds2", "ds1"], [], ["ds1", "ds2"], ["ds2"]]
        let machines = lists.enumerated().map { position, list in
            Machine(name: "vm\(position)", os: .linux, diskUUIDs: list.reversed(), onpremVM: OnPremVM(exists: true, datastores: list))
        }
        let inventory = Inventory(datastores: [Datastore(name: "ds1"), Datastore(name: "ds2")], machines: machines)
        let snapshotOnly = try Self.disagreeing(tables: Inventory(), snapshot: inventory, in: directory)
        let loaded = try InventoryStore(path: snapshotOnly.path, mode: .readOnly).loadInventory()
        #expect(loaded.machines.map(\.onpremVM.datastores) == lists)
        #expect(loaded.machines.map(\.diskUUIDs) == lists.map { $0.reversed() })
    }

    /// Enough machines for the snapshot to decode them on two threads (from
    /// `SnapshotReader.elementsWorthTwoThreads`, 1,000), each with its own name, group and disk.
    static func manyMachines(_ note: String = "") -> Inventory {
        let count = 1_501
        let machines = (0..<count).map { position in
            Machine(name: "vm\(position)", os: position % 3 == 0 ? .windows : .linux, osVersion: note,
                    replicationGroup: "group\(position / 7)", diskGB: position, diskUUIDs: ["disk-\(position)"],
                    onpremVM: OnPremVM(exists: true, datastores: [position % 2 == 0 ? "ds1" : "ds2"]))
        }
        return Inventory(datastores: [Datastore(name: "ds1"), Datastore(name: "ds2")], machines: machines)
    }

    @Test func machinesDecodedOnTwoThreadsAreTheTablesMachinesInOrder() throws {
        let directory = try TemporaryDirectory()
        let many = Self.manyMachines()
        let snapshotOnly = try Self.disagreeing(tables: Inventory(), snapshot: many, in: directory)
        let loaded = try InventoryStore(path: snapshotOnly.path, mode: .readOnly).loadInventory()
        #expect(loaded == many)
        #expect(loaded.machine("vm1000")?.diskUUIDs == ["disk-1000"])
    }

    @Test func aDamagedSnapshotOfManyMachinesFallsBackToTheTables() throws {
        let directory = try TemporaryDirectory()
        let tables = Self.manyMachines("from the tables")
        // Cut at every tenth (in the string tables and in both halves of the machines) and just before the end.
        let cuts = (1..<10).map { "length(bytes) * \($0) / 10" } + ["length(bytes) - 2"]
        for damage in cuts.map({ "UPDATE inventory_snapshot SET bytes = substr(bytes, 1, \($0))" }) {
            let store = try Self.disagreeing(tables: tables, snapshot: Self.manyMachines("from the snapshot"), in: directory)
            try store.dbQueue.write { db in try db.execute(sql: damage) }
            #expect(try InventoryStore(path: store.path, mode: .readOnly).loadInventory() == tables, "\(damage)")
        }
    }

    static func snapshotCount(_ store: InventoryStore) throws -> Int {
        try store.dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM inventory_snapshot") ?? 0 }
    }

    /// A database whose tables hold `tables` and whose snapshot was written for
    /// `snapshot`: which one loads shows which was read.
    static func disagreeing(tables: Inventory, snapshot: Inventory, in directory: TemporaryDirectory) throws -> InventoryStore {
        let other = directory.path("other.sqlite")
        try InventoryStore(path: other).importInventory(snapshot)
        let store = try InventoryStore(path: directory.path("inv.sqlite"))
        try store.importInventory(tables)
        try store.dbQueue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS other", arguments: [other])
            try db.execute(sql: "DELETE FROM main.inventory_snapshot")
            try db.execute(sql: "INSERT INTO main.inventory_snapshot SELECT * FROM other.inventory_snapshot")
            try db.execute(sql: "DETACH DATABASE other")
        }
        return store
    }

    static func twoInventories() throws -> (tables: Inventory, snapshot: Inventory) {
        let demo = try DemoInventory.load()
        var changed = demo
        changed.update { records in records.machines[0].osVersion = "from the snapshot" }
        return (demo, changed)
    }

    @Test func aCurrentSnapshotIsWhatLoads() throws {
        let directory = try TemporaryDirectory()
        let (tables, snapshot) = try Self.twoInventories()
        let store = try Self.disagreeing(tables: tables, snapshot: snapshot, in: directory)
        #expect(try InventoryStore(path: store.path, mode: .readOnly).loadInventory() == snapshot)
    }

    @Test(arguments: [
        "UPDATE inventory_snapshot SET migrations = 'v1-inventory'",
        "UPDATE inventory_snapshot SET format = 'layout 0'",
        "UPDATE inventory_snapshot SET bytes = substr(bytes, 1, length(bytes) / 2)",
        "UPDATE inventory_snapshot SET bytes = bytes || x'00'",
        "DELETE FROM inventory_snapshot",
    ])
    func aStaleDamagedOrAbsentSnapshotFallsBackToTheTables(_ damage: String) throws {
        let directory = try TemporaryDirectory()
        let (tables, snapshot) = try Self.twoInventories()
        let store = try Self.disagreeing(tables: tables, snapshot: snapshot, in: directory)
        try store.dbQueue.write { db in try db.execute(sql: damage) }
        #expect(try InventoryStore(path: store.path, mode: .readOnly).loadInventory() == tables)
    }

    /// An older rpl's snapshot (another layout) or none at all (a migration
    /// discarded it) is rewritten from the tables the next time the database
    /// is opened for writing; a read-only opening changes nothing.
    @Test(arguments: ["UPDATE inventory_snapshot SET format = 'layout 0'", "DELETE FROM inventory_snapshot"])
    func aStaleOrDiscardedSnapshotIsRewrittenWhenOpenedForWriting(_ staleness: String) throws {
        let directory = try TemporaryDirectory()
        let (tables, snapshot) = try Self.twoInventories()
        let store = try Self.disagreeing(tables: tables, snapshot: snapshot, in: directory)
        try store.dbQueue.write { db in try db.execute(sql: staleness) }
        func formats(_ store: InventoryStore) throws -> [String] {
            try store.dbQueue.read { db in try String.fetchAll(db, sql: "SELECT format FROM inventory_snapshot") }
        }
        let before = try formats(InventoryStore(path: store.path, mode: .readOnly))
        let reopened = try InventoryStore(path: store.path)
        let after = try formats(reopened)
        #expect(after.count == 1 && after != before && after != ["layout 0"])
        // The rewritten snapshot is the tables' inventory, and it is what loads.
        try reopened.dbQueue.write { db in
            try db.execute(sql: "DROP TRIGGER inventory_snapshot_stale_after_update_on_machines")
            try db.execute(sql: "UPDATE machines SET os_version = 'tables only' WHERE id = 0")
        }
        #expect(try InventoryStore(path: store.path, mode: .readOnly).loadInventory() == tables)
    }

    @Test func aDatabaseFromBeforeTheSnapshotLoadsReadOnlyFromItsTables() throws {
        let directory = try TemporaryDirectory()
        let demo = try DemoInventory.load()
        let path = try directory.olderDatabase(holding: demo) { db in
            try db.execute(sql: """
                DROP TABLE inventory_snapshot;
                DELETE FROM grdb_migrations WHERE identifier = 'v11-inventory-snapshot';
                """)
        }
        #expect(try InventoryStore(path: path, mode: .readOnly).loadInventory() == demo)
    }

    @Test func aHandEditToATableMakesTheSnapshotStale() throws {
        let store = try InventoryStore(temporaryImporting: try DemoInventory.load())
        for edit in [
            "UPDATE machines SET os_version = 'edited' WHERE id = 0",
            "INSERT INTO machine_disk_uuids (machine_id, ordinal, uuid) VALUES (0, 99, 'added')",
            "DELETE FROM datastore_mounts WHERE datastore_id = 0 AND ordinal = 0",
        ] {
            try store.importInventory(try DemoInventory.load())
            #expect(try Self.snapshotCount(store) == 1)
            try store.dbQueue.write { db in try db.execute(sql: edit) }
            #expect(try Self.snapshotCount(store) == 0, "\(edit)")
        }
        try store.importInventory(try DemoInventory.load())
        try store.dbQueue.write { db in try db.execute(sql: "UPDATE machines SET os_version = 'edited' WHERE id = 0") }
        #expect(try store.loadInventory().machines[0].osVersion == "edited")
    }

    @Test func aMachineStateChangedByARunLoadsWithTheSnapshotKept() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("inv.sqlite")
        var demo = try DemoInventory.load()
        let store = try InventoryStore(path: path)
        try store.importInventory(demo)
        let name = demo.machines[1].name
        try store.setMachineState(name, .failingBack)
        #expect(try Self.snapshotCount(store) == 1)
        demo.update { records in records.machines[1].state = .failingBack }
        #expect(try InventoryStore(path: path, mode: .readOnly).loadInventory() == demo)
    }

    @Test func aStateMovedToAnotherMachineMakesTheSnapshotStale() throws {
        let store = try InventoryStore(temporaryImporting: try DemoInventory.load())
        try store.dbQueue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "UPDATE machine_states SET machine_id = 1000 WHERE machine_id = 0")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        #expect(try Self.snapshotCount(store) == 0)
    }
}
