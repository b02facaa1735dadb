import Foundation
import RPLInventory
import RPLStore
import Testing

/// The facts a pull fills in survive the database, and unknown stays unknown.
@Suite struct PulledFactsStoreTests {
    @Test func pulledFactsRoundTripThroughTheDatabase() throws {
        let inventory = InventoryDocTests.fullInventory()
        let store = try InventoryStore(temporaryImporting: inventory)
        let loaded = try store.loadInventory()
        #expect(loaded == inventory)
        #expect(loaded.vcenter("vc01")?.apiType == "VirtualCenter")
        #expect(loaded.machine("web")?.onpremVM.poweredOn == true)
        #expect(loaded.masterTarget("mt1")?.identity == VMIdentity(instanceUUID: "i-mt1", biosUUID: "b-mt1"))
    }

    @Test func unknownPulledFactsStayUnknown() throws {
        let inventory = Inventory(vcenters: [VCenter(name: "vc")], hosts: [ESXiHost(name: "h", vcenter: "vc")],
                                  datastores: [Datastore(name: "d", type: .other)],
                                  machines: [Machine(name: "m", os: .linux, onpremVM: OnPremVM(exists: false, poweredOn: false))])
        let loaded = try InventoryStore(temporaryImporting: inventory).loadInventory()
        #expect(loaded == inventory)
        #expect(loaded.datastore("d")?.capacityGB == nil)
        #expect(loaded.host("h")?.version == nil)
        #expect(loaded.machine("m")?.onpremVM.poweredOn == false)
        #expect(loaded.machine("m")?.onpremVM.identity.isEmpty == true)
    }
}
