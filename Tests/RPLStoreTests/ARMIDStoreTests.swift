import Foundation
import RPLInventory
import RPLSource
import RPLStore
import Testing

/// Every record a request names keeps its ARM id through the import format
/// and the database, and an unknown id stays unknown.
@Suite struct ARMIDStoreTests {
    /// Ids on some records only, two appliances with agents: each id must land on its own record.
    static func partlyKnown() -> Inventory {
        Inventory(
            configurationServer: ConfigurationServer(name: "cs01", armID: "/fabrics/cs01"),
            vcenters: [VCenter(name: "vc01"), VCenter(name: "vc02", armID: "/vcenters/vc02")],
            hosts: [ESXiHost(name: "esx01", vcenter: "vc01")],
            datastores: [Datastore(name: "ds1")],
            masterTargets: [MasterTarget(name: "mt1", os: .windows, host: "esx01",
                                         // As Site Recovery reports a retention volume: sizes, no file system.
                                         volumes: [Volume(path: "F:", filesystem: nil, capacityGB: 9, freeGB: 9)], armID: "30AE6187"),
                            MasterTarget(name: "mt2", os: .linux, host: "esx01")],
            processServers: [ProcessServer(name: "ps1", site: .onprem), ProcessServer(name: "ps2", site: .azure, armID: "14968BDF")],
            machines: [Machine(name: "web", os: .linux), Machine(name: "db", os: .windows, armID: "/items/db"),
                       Machine(name: "app", os: .linux, armID: "/items/app")],
            vault: Vault(name: "vault01", region: "westeurope", armID: "/vaults/vault01"),
            appliances: [
                ReplicationAppliance(name: "ap1", reprotectAgents: [ReprotectAgent(name: "ra1", vcenter: "vc01")]),
                ReplicationAppliance(name: "ap2", reprotectAgents: [ReprotectAgent(name: "ra2", vcenter: "vc01"),
                                                                   ReprotectAgent(name: "ra3", vcenter: "vc02", armID: "RA-3")],
                                     armID: "/fabrics/ap2"),
            ],
            logStorageAccounts: [LogStorageAccount(name: "lsa01", region: "westeurope", armID: "/sa/lsa01")],
            failbackPolicies: [FailbackPolicyRecord(name: "p1", kind: .inMage),
                               FailbackPolicyRecord(name: "p2", kind: .inMageRcmFailback, armID: "/policies/p2")],
            runAsAccounts: [RunAsAccount(name: "vcenteruser", armID: "1"), RunAsAccount(name: "linuxuser")])
    }

    @Test func armIDsRoundTripThroughTheDatabase() throws {
        for inventory in [InventoryDocTests.fullInventory(), Self.partlyKnown()] {
            let loaded = try InventoryStore(temporaryImporting: inventory).loadInventory()
            #expect(loaded == inventory)
        }
        let loaded = try InventoryStore(temporaryImporting: Self.partlyKnown()).loadInventory()
        #expect(loaded.machine("web")?.armID == nil)
        #expect(loaded.machine("app")?.armID == "/items/app")
        #expect(loaded.reprotectAgent("ra3")?.agent.armID == "RA-3")
        #expect(loaded.reprotectAgent("ra2")?.agent.armID == nil)
        #expect(loaded.runAsAccounts.map(\.name) == ["vcenteruser", "linuxuser"])
        #expect(loaded.vault?.armID == "/vaults/vault01")
        #expect(loaded.configurationServer?.armID == "/fabrics/cs01")
    }

    /// What `inventory show --format json` prints imports again and prints the same bytes.
    @Test func showJSONReimportsByteIdentically() throws {
        for inventory in [InventoryDocTests.fullInventory(), Self.partlyKnown()] {
            let shown = InventoryJSON.encode(inventory).serialized(pretty: true)
            let again = try InventoryJSON.decode(Array(shown.utf8))
            #expect(again == inventory)
            #expect(InventoryJSON.encode(again).serialized(pretty: true) == shown)
        }
    }

    @Test func anUnknownARMIDIsNotWritten() {
        let shown = InventoryJSON.encode(Inventory(machines: [Machine(name: "web", os: .linux)])).serialized()
        #expect(!shown.contains("arm_id"))
        #expect(InventoryJSON.encode(Self.partlyKnown()).serialized().contains("\"arm_id\":\"/items/db\""))
    }

    @Test func anARMIDThatIsNotAStringIsRefusedAtItsPath() {
        let document = #"{"machines": [{"name": "web", "os": "linux", "arm_id": 7}], "run_as_accounts": [{"name": "a"}, {"name": "a"}]}"#
        do {
            _ = try InventoryJSON.decode(Array(document.utf8))
            Issue.record("a number as arm_id and a duplicate run-as account were accepted")
        } catch {
            #expect(error.issues.contains { $0.path == "machines[0].arm_id" })
            #expect(error.issues.contains { $0.path.hasPrefix("run_as_accounts[1]") })
        }
    }
}
