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

    /// The group index takes a run of neighbouring members at once: every
    /// way of placing up to six machines in two groups (or none), members
    /// next to each other or apart, gives each group its members in order.
    @Test func replicationGroupMembersAreFoundWhereverTheySit() {
        var placements: [[String?]] = [[]]
        for _ in 1...6 {
            placements += placements.filter { $0.count == placements.last!.count }.flatMap { placement in
                [nil, "a", "b"].map { placement + [$0] }
            }
        }
        #expect(placements.count == 1093)
        for placement in placements {
            let machines = placement.enumerated().map { Machine(name: "m\($0.offset)", os: .linux, replicationGroup: $0.element) }
            let inventory = Inventory(machines: machines)
            for group in ["a", "b"] {
                let expected = machines.filter { $0.replicationGroup == group }.map(\.name)
                #expect(inventory.members(ofReplicationGroup: group).map(\.name) == expected, "\(placement)")
            }
            #expect(Set(inventory.replicationGroupIndex.keys) == Set(placement.compactMap { $0 }), "\(placement)")
        }
    }

    /// The inventory snapshot builds the machine index apart (a `NameIndex`,
    /// on its own thread) and hands it over: for every list of up to five
    /// names drawn from three, duplicates included (the first wins), it is
    /// the index the inventory builds from its machines.
    @Test func aMachineIndexBuiltApartIsTheOneTheInventoryBuilds() {
        var lists: [[String]] = [[]]
        for _ in 1...5 {
            lists += lists.filter { $0.count == lists.last!.count }.flatMap { list in ["a", "b", "c"].map { list + [$0] } }
        }
        #expect(lists.count == 364)
        for names in lists {
            var records = Inventory.Records()
            records.machines = names.map { Machine(name: $0, os: .linux) }
            let built = Inventory(records: records)
            let handed = Inventory(network: nil, configurationServer: nil, vault: nil, records: records,
                                   machineIndex: NameIndex(names))
            #expect(handed.machineIndex == built.machineIndex, "\(names)")
            #expect(handed == built, "\(names)")
            for name in Set(names) { #expect(built.machineIndex[name] == names.firstIndex(of: name), "\(names)") }
        }
    }

    @Test func updateReturnsWhatTheChangeReturns() throws {
        var inventory = try DemoInventory.load()
        let removed = inventory.update { $0.machines.removeLast() }
        #expect(inventory.machine(removed.name) == nil)
    }
}
