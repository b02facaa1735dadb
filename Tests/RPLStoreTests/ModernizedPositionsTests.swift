import Foundation
import GRDB
import RPLInventory
import RPLStore
import Testing

/// A machine's modernized row finds its machine by the machines' id →
/// position map, whatever the ids: gaps, deleted machines, orphan rows.
@Suite struct ModernizedPositionsTests {
    /// Every other machine modernized, each with a recovery-point count that names it.
    static func inventory() throws -> Inventory {
        var inventory = try DemoInventory.load()
        inventory.update { records in
            for position in records.machines.indices where position % 2 == 0 {
                records.machines[position].architecture = .modernized
                records.machines[position].forwardReplication.recoveryPoints = 100 + position
            }
        }
        return inventory
    }

    @Test func modernizedRowsLandOnTheirMachinesAfterADeletedMachineLeavesAGap() throws {
        let inventory = try Self.inventory()
        #expect(inventory.machines.count >= 4)
        let store = try InventoryStore(temporaryImporting: inventory)
        // The second machine goes: every later id is one more than its position.
        try store.dbQueue.write { db in try db.execute(sql: "DELETE FROM machines WHERE id = 1") }
        var expected = inventory.machines
        expected.remove(at: 1)
        #expect(try store.loadInventory().machines == expected)
    }

    @Test func modernizedRowsFollowRenumberedIdsAndOrphanRowsAreIgnored() throws {
        let inventory = try Self.inventory()
        let store = try InventoryStore(temporaryImporting: inventory)
        try store.dbQueue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            // Ids far apart and out of step with positions, children moved along;
            // then a modernized row whose machine is gone.
            // Two passes, so that no new id meets an old one on the way.
            let owners = ["machine_states", "machine_disk_uuids", "machine_onprem_datastores", "machine_modernized"]
                .map { ($0, "machine_id") } + [("machines", "id")]
            for (table, column) in owners {
                try db.execute(sql: "UPDATE \(table) SET \(column) = \(column) + 1000000")
                try db.execute(sql: "UPDATE \(table) SET \(column) = (\(column) - 1000000) * 1000 + 7")
            }
            try db.execute(sql: """
                INSERT INTO machine_modernized (machine_id, architecture, failover_committed, agent_reregistered,
                    replication_health, initial_replication_complete, resync_required, recovery_points)
                VALUES (999999, 'modernized', 1, 1, 'normal', 1, 0, 5)
                """)
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        #expect(try store.loadInventory().machines == inventory.machines)
    }
}
