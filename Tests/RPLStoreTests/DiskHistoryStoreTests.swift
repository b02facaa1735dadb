import Foundation
import GRDB
import RPLInventory
import RPLStore
import Testing

/// The disk history and a failed planned failover (migration v8-disk-history)
/// go through the store and come back the same; a database from before it
/// reads as "as now".
@Suite struct DiskHistoryStoreTests {
    static func inventory() throws -> Inventory {
        var inventory = try DemoInventory.load()
        inventory.update { records in
            records.machines[0].architecture = .modernized
            records.machines[0].forwardReplication.disksAtFailover = 1
            records.machines[0].forwardReplication.diskGBAtFailover = 50
            records.machines[1].forwardReplication.plannedFailoverFailed = true
        }
        return inventory
    }

    @Test func theDiskHistorySurvivesTheRoundTrip() throws {
        let inventory = try Self.inventory()
        let store = try InventoryStore(temporaryImporting: inventory)
        #expect(try store.loadInventory() == inventory)
    }

    @Test func aDatabaseFromBeforeTheDiskHistoryReadsAsNow() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.olderDatabase(holding: try Self.inventory()) { db in
            try db.execute(sql: """
                ALTER TABLE machine_modernized DROP COLUMN disks_at_failover;
                ALTER TABLE machine_modernized DROP COLUMN disk_gb_at_failover;
                ALTER TABLE machine_modernized DROP COLUMN planned_failover_failed;
                DELETE FROM grdb_migrations WHERE identifier = 'v8-disk-history';
                """)
        }
        let loaded = try InventoryStore(path: path, mode: .readOnly).loadInventory()
        #expect(loaded.machines[0].architecture == .modernized)
        #expect(loaded.machines.allSatisfy { $0.forwardReplication.disksAtFailover == nil && !$0.forwardReplication.plannedFailoverFailed })
    }
}
