import Foundation
import RPLInventory
import Testing

/// The disks a machine failed over with and its failed planned failover, in
/// the import format: read strictly, left out as "as now", written back as read.
@Suite struct DiskHistoryJSONTests {
    static func document(_ forward: String) -> String {
        """
        {"machines": [{"name": "crm", "os": "linux", "architecture": "modernized", "disks": 3, "disk_gb": 200,
                       "forward_replication": {\(forward)}}]}
        """
    }

    @Test func theDiskHistoryAndAFailedPlannedFailoverAreRead() throws {
        let inventory = try decode(Self.document("\"disks_at_failover\": 2, \"disk_gb_at_failover\": 100, \"planned_failover_failed\": true"))
        let forward = try #require(inventory.machine("crm")).forwardReplication
        #expect(forward.disksAtFailover == 2 && forward.diskGBAtFailover == 100 && forward.plannedFailoverFailed)
        #expect(try InventoryJSON.decode(InventoryJSON.encode(inventory)) == inventory)
    }

    @Test func leftOutOrNullTheyMeanAsNow() throws {
        for forward in ["", "\"disks_at_failover\": null, \"disk_gb_at_failover\": null"] {
            let machine = try #require(try decode(Self.document(forward)).machine("crm"))
            #expect(machine.forwardReplication.disksAtFailover == nil && machine.forwardReplication.diskGBAtFailover == nil)
            #expect(!machine.forwardReplication.plannedFailoverFailed)
        }
    }

    @Test(arguments: [
        ("\"disks_at_failover\": -1", "machines[0].forward_replication.disks_at_failover", "non-negative"),
        ("\"disk_gb_at_failover\": \"100\"", "machines[0].forward_replication.disk_gb_at_failover", "integer"),
        ("\"planned_failover_failed\": 1", "machines[0].forward_replication.planned_failover_failed", "expected a boolean"),
    ])
    func aWrongValueIsReportedAtItsPath(forward: String, path: String, words: String) {
        let found = issues(of: Self.document(forward))
        #expect(found.contains { $0.path == path && $0.message.contains(words) }, "\(found)")
    }
}
