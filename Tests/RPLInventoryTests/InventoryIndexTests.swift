import RPLInventory
import Testing

/// The record arrays change only through `update`, which rebuilds the name
/// lookups: there is no way left to change a record and forget the index.
@Suite struct InventoryIndexTests {
    @Test func lookupsFollowEveryUpdate() throws {
        var inventory = try DemoInventory.load()
        let count = inventory.machines.count
        inventory.update { records in
            records.machines.append(Machine(name: "new01", os: .linux, replicationGroup: "wave"))
            records.machines.removeFirst()
            records.masterTargets[0].name = "mt-renamed"
        }
        #expect(inventory.machines.count == count)
        #expect(inventory.machine("new01")?.name == "new01")
        #expect(inventory.machine("web") == nil, "the first machine was removed")
        #expect(inventory.machine("api")?.name == "api", "positions moved and the index with them")
        #expect(inventory.masterTarget("mt-renamed") != nil)
        #expect(inventory.members(ofReplicationGroup: "wave").map(\.name) == ["new01"])
    }

    @Test func updateReturnsWhatTheChangeReturns() throws {
        var inventory = try DemoInventory.load()
        let removed = inventory.update { $0.machines.removeLast() }
        #expect(inventory.machine(removed.name) == nil)
    }
}
