import Foundation
import RPLInventory
import RPLSource
import RPLStore
import Testing

/// The components a machine uses and a datastore's UUID survive the
/// database, each on its own record, and unknown stays unknown.
@Suite struct ComponentsInUseStoreTests {
    static func inventory() -> Inventory {
        Inventory(
            vcenters: [VCenter(name: "vc01")],
            hosts: [ESXiHost(name: "esx01", vcenter: "vc01")],
            datastores: [Datastore(name: "ds1"), Datastore(name: "ds2", uuid: "6005a082-e4a06cce-c50c-f0d4e2e6578e")],
            masterTargets: [MasterTarget(name: "mt1", os: .windows, host: "esx01")],
            processServers: [ProcessServer(name: "ps1", site: .onprem)],
            machines: [
                Machine(name: "web", os: .linux),
                Machine(name: "db", os: .windows, inUse: ComponentsInUse(processServer: "ps1", masterTarget: "mt1")),
                Machine(name: "app", os: .linux, architecture: .modernized, inUse: ComponentsInUse(reprotectAgent: "ra1")),
            ],
            appliances: [ReplicationAppliance(name: "ap1", reprotectAgents: [ReprotectAgent(name: "ra1", vcenter: "vc01")])])
    }

    @Test func componentsInUseAndDatastoreUUIDsRoundTripThroughTheDatabase() throws {
        let inventory = Self.inventory()
        #expect(inventory.validationIssues().isEmpty, "\(inventory.validationIssues())")
        let loaded = try InventoryStore(temporaryImporting: inventory).loadInventory()
        #expect(loaded == inventory)
        #expect(loaded.machine("web")?.inUse == ComponentsInUse())
        #expect(loaded.machine("db")?.inUse.masterTarget == "mt1")
        #expect(loaded.machine("app")?.inUse.reprotectAgent == "ra1")
        #expect(loaded.datastore("ds1")?.uuid == nil)
        #expect(loaded.datastore("ds2")?.uuid == "6005a082-e4a06cce-c50c-f0d4e2e6578e")
    }
}
