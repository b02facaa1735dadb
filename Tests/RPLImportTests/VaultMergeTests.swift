import RPLImport
import RPLInventory
import Testing

/// The vault's facts merged with what the vCenter (or the user) said, by identity, in either order.
@Suite struct VaultMergeTests {
    static let vcenterSaid = Inventory(
        vcenters: [VCenter(name: "vc01")], hosts: [ESXiHost(name: "esx01", vcenter: "vc01")],
        datastores: [Datastore(name: "datastore1", mounts: [("esx01", .readWrite)])],
        masterTargets: [MasterTarget(name: "V2A-PS-200", os: .windows, host: "esx01", diskEnableUUID: false, snapshots: 1,
                                     volumes: [Volume(path: "F:", filesystem: "NTFS", capacityGB: 1, locked: true)])],
        machines: [
            // The name the plans use; the VM found by a vCenter pull, with its BIOS UUID in another case.
            Machine(name: "w2k19", os: .windows,
                    onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["datastore1"], snapshots: 2,
                                       identity: VMIdentity(biosUUID: "D375A4FA-963A-11EB-A892-000D3AD78FAB"), poweredOn: true),
                    churnGBPerDay: 40),
            Machine(name: "gone", os: .linux, armID: "/subscriptions/s/x/replicationProtectedItems/gone"),
            Machine(name: "handwritten", os: .linux),
        ])

    static func vault() throws -> VaultEstate {
        let directory = asrFixtures.appendingPathComponent("classic").path
        return try ASRImport.estate(from: ARMResponses.readFolder(directory), source: directory).estate
    }

    @Test func aMachineIsMatchedByItsVMIdentityAndKeepsTheVCentersFacts() throws {
        let merged = InventoryMerge.merge(Self.vcenterSaid, withVault: try Self.vault())
        #expect(merged.inventory.validationIssues().isEmpty, "\(merged.inventory.validationIssues())")
        let machine = try #require(merged.inventory.machine("w2k19"))
        #expect(merged.inventory.machine("V2A-W2K19-202") == nil, "matched, not added")
        #expect(machine.state == .protected)
        #expect(machine.armID?.hasSuffix("/replicationProtectedItems/V2A-W2K19-202") == true)
        #expect(machine.onpremVM.host == "esx01" && machine.onpremVM.snapshots == 2 && machine.onpremVM.poweredOn == true)
        #expect(machine.churnGBPerDay == 40)
        #expect(merged.notes.contains { $0.contains("w2k19") && $0.contains("V2A-W2K19-202") })
    }

    @Test func theVaultRemovesWhatItNoLongerProtectsAndKeepsWhatItNeverKnew() throws {
        let merged = InventoryMerge.merge(Self.vcenterSaid, withVault: try Self.vault()).inventory
        #expect(merged.machine("gone") == nil, "an ARM id the vault's full list no longer has")
        #expect(merged.machine("handwritten") != nil, "never the vault's: kept")
        let changes = InventoryChanges.between(Self.vcenterSaid, merged)
        #expect(changes.removed.map(\.description) == ["machine gone"])
    }

    @Test func aMasterTargetKeepsItsHostAndVolumeFactsAndTakesTheVaultsSizes() throws {
        let target = try #require(InventoryMerge.merge(Self.vcenterSaid, withVault: try Self.vault()).inventory.masterTarget("V2A-PS-200"))
        #expect(target.host == "esx01" && target.snapshots == 1 && !target.diskEnableUUID)
        #expect(target.armID == "30AE6187-5869-8E44-B8AF6AA66E3ECC8F")
        let volume = try #require(target.volume(at: "F:"))
        #expect(volume.filesystem == "NTFS", "the user said it; the vault does not")
        #expect(volume.locked)
        #expect(volume.capacityGB == 9 && volume.freeGB == 9)
    }

    /// The other order: the vault first, then a vCenter pull finds the machine's VM by name; the vault's
    /// VM id is not stored as a UUID (the recorded one is the mobility agent's), so it cannot hide the VM.
    @Test func aVCenterPullAfterTheVaultFindsTheVMByName() throws {
        let base = Inventory(vcenters: [VCenter(name: "vc01")], hosts: [ESXiHost(name: "esx01", vcenter: "vc01")])
        let fromVault = InventoryMerge.merge(base, withVault: try Self.vault()).inventory
        let pulled = PulledEstate(source: "https://vc01/sdk", vcenter: VCenter(name: "vc01"),
                                  hosts: [ESXiHost(name: "esx01", vcenter: "vc01")],
                                  datastores: [Datastore(name: "datastore1", mounts: [("esx01", .readWrite)])],
                                  vms: [PulledVM(name: "V2A-W2K19-202", identity: VMIdentity(biosUUID: "4211aaaa-0000-0000-0000-000000000202"),
                                                 host: "esx01", datastores: ["datastore1"], snapshots: 3)])
        #expect(fromVault.machine("V2A-W2K19-202")?.onpremVM.identity.isEmpty == true)
        let merged = InventoryMerge.merge(fromVault, with: pulled).inventory
        let machine = try #require(merged.machine("V2A-W2K19-202"))
        #expect(machine.onpremVM.exists && machine.onpremVM.host == "esx01" && machine.onpremVM.snapshots == 3)
        #expect(machine.onpremVM.identity.biosUUID == "4211aaaa-0000-0000-0000-000000000202", "the pull's identity, for the next match")
        #expect(machine.armID == fromVault.machine("V2A-W2K19-202")?.armID, "the pull keeps the vault's id")
    }

    /// Two items the vault gives the same VM id (copies of one guest's agent) are two machines: the
    /// vault's id matches only what a pull recorded, never a machine this import just created.
    @Test func theVaultsVMIdNeverMatchesAMachineTheSameImportCreated() throws {
        var vault = try Self.vault()
        var twin = try #require(vault.machines.first { $0.record.name == "V2A-W2K19-202" })
        twin.record.name = "twin"
        twin.record.armID = "/subscriptions/s/x/replicationProtectedItems/twin"
        vault.machines.append(twin)
        let merged = InventoryMerge.merge(Inventory(), withVault: vault).inventory
        #expect(merged.machine("twin") != nil && merged.machine("V2A-W2K19-202") != nil)
        #expect(merged.machines.count == vault.machines.count)
    }
}
