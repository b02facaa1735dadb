import Foundation
import RPLInventory
import RPLSource
import Testing

/// The modernized architecture's records in the import format: read strictly,
/// referenced records checked, written back as read.
@Suite struct ModernizedInventoryJSONTests {
    static let document = """
        {
          "vault": {"name": "vault01", "region": "westeurope"},
          "vcenters": [{"name": "vc01"}],
          "esxi_hosts": [{"name": "esx01", "vcenter": "vc01"}],
          "datastores": [{"name": "ds1", "mounts": {"esx01": "read-write"}}],
          "process_servers": [{"name": "ps-appliance01", "site": "onprem"}],
          "replication_appliances": [{"name": "appliance01", "last_heartbeat": "2026-11-24T07:55:00Z", "protected_items": 3,
                                      "process_servers": ["ps-appliance01"],
                                      "reprotect_agents": [{"name": "ra-onprem01", "health": "warning", "vcenter": "vc01",
                                                            "accessible_datastores": ["ds1"]}]}],
          "log_storage_accounts": [{"name": "lsa-failback", "region": "westeurope", "soft_delete": true}],
          "failback_policies": [{"name": "failback-rcm", "kind": "InMageRcmFailback", "rpo_threshold_minutes": 30}],
          "machines": [{"name": "web", "os": "linux", "architecture": "modernized",
                        "forward_replication": {"failover_committed": false, "recovery_points": 0, "health": "critical"}}]
        }
        """

    static func replacing(_ old: String, with new: String) -> String {
        precondition(document.contains(old), "the fixture has no '\(old)'")
        return document.replacingOccurrences(of: old, with: new)
    }

    @Test func everyModernizedFactIsRead() throws {
        let inventory = try decode(Self.document)
        #expect(inventory.vault == Vault(name: "vault01", region: "westeurope"))
        let appliance = try #require(inventory.appliance("appliance01"))
        #expect(appliance.protectedItems == 3)
        #expect(appliance.lastHeartbeat == ISO8601.parse("2026-11-24T07:55:00Z"))
        #expect(appliance.processServers == ["ps-appliance01"])
        let (agent, owner) = try #require(inventory.reprotectAgent("ra-onprem01"))
        #expect(owner.name == "appliance01")
        #expect(agent.health == .warning && agent.vcenter == "vc01" && agent.accessibleDatastores == ["ds1"])
        #expect(inventory.logStorageAccount("lsa-failback")?.softDelete == true)
        #expect(inventory.failbackPolicy(for: .modernized)?.rpoThresholdMinutes == 30)
        #expect(inventory.failbackPolicy(for: .classic) == nil)
        let web = try #require(inventory.machine("web"))
        #expect(web.architecture == .modernized)
        #expect(web.forwardReplication == ForwardReplication(failoverCommitted: false, health: .critical, recoveryPoints: 0))
    }

    @Test func aMachineWithoutTheNewKeysIsClassicWithTheDefaults() throws {
        let web = try #require(try decode(smallDocument).machine("web"))
        #expect(web.architecture == .classic)
        #expect(web.forwardReplication == ForwardReplication())
    }

    @Test func encodingThenDecodingGivesTheSameInventory() throws {
        let inventory = try decode(Self.document)
        let again = try InventoryJSON.decode(InventoryJSON.encode(inventory))
        #expect(again == inventory)
    }

    @Test(arguments: [
        ("\"health\": \"warning\"", "\"health\": \"poor\"", "replication_appliances[0].reprotect_agents[0].health", "is not one of"),
        ("\"kind\": \"InMageRcmFailback\"", "\"kind\": \"InMageRcmFailbak\"", "failback_policies[0].kind", "is not one of"),
        ("\"architecture\": \"modernized\"", "\"architecture\": \"modernised\"", "machines[0].architecture", "did you mean"),
        ("\"vcenter\": \"vc01\",\n", "\"vcenter\": \"vc02\",\n", "replication_appliances[0].reprotect_agents[0].vcenter", "no vCenter named 'vc02'"),
        ("\"accessible_datastores\": [\"ds1\"]", "\"accessible_datastores\": [\"ds9\"]",
         "replication_appliances[0].reprotect_agents[0].accessible_datastores[0]", "no datastore named 'ds9'"),
        ("\"process_servers\": [\"ps-appliance01\"]", "\"process_servers\": [\"ps-9\"]",
         "replication_appliances[0].process_servers[0]", "no process server named 'ps-9'"),
        ("\"soft_delete\": true", "\"soft_delete\": \"yes\"", "log_storage_accounts[0].soft_delete", "expected a boolean"),
        ("\"recovery_points\": 0", "\"recovery_points\": -1", "machines[0].forward_replication.recovery_points", "non-negative"),
        ("\"failover_committed\": false", "\"failover_comitted\": false", "machines[0].forward_replication.failover_comitted", "unknown key"),
        ("\"last_heartbeat\": \"2026-11-24T07:55:00Z\"", "\"last_heartbeat\": \"yesterday\"",
         "replication_appliances[0].last_heartbeat", "ISO 8601"),
        ("{\"name\": \"vault01\", \"region\": \"westeurope\"}", "{\"name\": \"vault01\"}", "vault.region", "missing"),
        ("\"name\": \"lsa-failback\"", "\"name\": \"web\"", "log_storage_accounts[0].name", "already the name of a machine"),
        ("\"name\": \"ra-onprem01\"", "\"name\": \"ds1\"", "replication_appliances[0].reprotect_agents[0].name", "already the name of a datastore"),
    ])
    func eachMistakeIsReportedAtItsPath(old: String, new: String, path: String, words: String) {
        let found = issues(of: Self.replacing(old, with: new))
        #expect(found.contains { $0.path == path && $0.message.contains(words) }, "\(found)")
    }
}
