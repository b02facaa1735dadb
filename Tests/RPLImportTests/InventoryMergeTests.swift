import RPLInventory
import Testing

/// The source-neutral merge: matching by identity, then name; scope of
/// "not found"; what stays; the change summary.
@Suite struct InventoryMergeTests {
    let base = Inventory(
        vcenters: [VCenter(name: "VC01"), VCenter(name: "vc02")],
        hosts: [ESXiHost(name: "esx1", vcenter: "VC01"), ESXiHost(name: "esx-old", vcenter: "VC01"), ESXiHost(name: "far", vcenter: "vc02")],
        datastores: [Datastore(name: "ds1", freeGB: 5, mounts: [("esx1", .readWrite), ("far", .readOnly)]),
                     Datastore(name: "ds-old", mounts: [("esx-old", .readWrite)])],
        masterTargets: [MasterTarget(name: "mt1", os: .linux, host: "esx1", diskEnableUUID: true, storageVMotion: true,
                                     identity: VMIdentity(instanceUUID: "AAAA"))],
        machines: [
            Machine(name: "web", os: .linux, osVersion: "RHEL 8", onpremVM: OnPremVM(exists: true, host: "esx1", identity: VMIdentity(biosUUID: "b-web"))),
            Machine(name: "db", os: .windows, onpremVM: OnPremVM(exists: true, host: "esx1")),
            Machine(name: "elsewhere", os: .linux, onpremVM: OnPremVM(exists: true, host: "far")),
        ])

    let pulled = PulledEstate(
        source: "https://vc01/sdk", vcenter: VCenter(name: "vc01", version: "7.0.3", apiType: "VirtualCenter"),
        hosts: [ESXiHost(name: "esx1", vcenter: "vc01", edition: .licensed, version: "7.0.3"),
                ESXiHost(name: "esx2", vcenter: "vc01", version: "7.0.3")],
        datastores: [Datastore(name: "ds1", type: .nfs, freeGB: 40, capacityGB: 100, mounts: [("esx2", .readOnly)])],
        vms: [
            // Renamed in the vCenter, found by BIOS UUID.
            PulledVM(name: "web-renamed", identity: VMIdentity(instanceUUID: "i-web", biosUUID: "B-WEB"), host: "esx2",
                     datastores: ["ds1"], snapshots: 2, poweredOn: true),
            // Has the name of mt1 but not its identity: another VM.
            PulledVM(name: "mt1", identity: VMIdentity(instanceUUID: "other"), host: "esx1", diskEnableUUID: false),
            PulledVM(name: "mt1-new-name", identity: VMIdentity(instanceUUID: "aaaa"), host: "esx2", snapshots: 1,
                     vmwareTools: nil, diskEnableUUID: false, scsiController: .paravirtual),
        ])

    @Test func machinesAreMatchedByIdentityBeforeName() throws {
        let merged = InventoryMerge.merge(base, with: pulled).inventory
        let web = try #require(merged.machine("web"))
        #expect(web.onpremVM == OnPremVM(exists: true, host: "esx2", datastores: ["ds1"], snapshots: 2,
                                         identity: VMIdentity(instanceUUID: "i-web", biosUUID: "B-WEB"), poweredOn: true))
        #expect(web.osVersion == "RHEL 8")
    }

    @Test func aMasterTargetIsMatchedOnlyByItsIdentityWhenItHasOne() throws {
        let target = try #require(InventoryMerge.merge(base, with: pulled).inventory.masterTarget("mt1"))
        #expect(target.host == "esx2")
        #expect(target.snapshots == 1)
        #expect(target.diskEnableUUID == false)
        #expect(target.scsiController == .paravirtual)
        #expect(target.vmwareTools == true, "unknown tools keep their value")
        #expect(target.storageVMotion == true, "what no vCenter says stays")
    }

    @Test func aVMMissingFromItsVCenterNoLongerExistsButOneElsewhereIsKept() throws {
        let result = InventoryMerge.merge(base, with: pulled)
        #expect(result.inventory.machine("db")?.onpremVM.exists == false)
        #expect(result.inventory.machine("elsewhere")?.onpremVM == OnPremVM(exists: true, host: "far"))
        #expect(result.notes.contains { $0.contains("machine db") })
    }

    @Test func hostsAndDatastoresAreMergedByNameWithinTheVCenter() throws {
        let merged = InventoryMerge.merge(base, with: pulled).inventory
        #expect(merged.vcenters.map(\.name) == ["VC01", "vc02"])
        #expect(merged.vcenter("VC01")?.version == "7.0.3")
        #expect(merged.hosts.map(\.name) == ["esx1", "far", "esx2"])
        #expect(merged.host("esx2")?.vcenter == "VC01")
        let ds1 = try #require(merged.datastore("ds1"))
        #expect(ds1.type == .nfs && ds1.freeGB == 40 && ds1.capacityGB == 100)
        #expect(ds1.mounts.map(\.host) == ["esx2", "far"], "a mount on another vCenter's host stays")
        #expect(merged.datastore("ds-old") == nil)
        #expect(merged.validationIssues().isEmpty)
    }

    @Test func theChangeSummaryNamesRecordsAndFields() {
        let merged = InventoryMerge.merge(base, with: pulled).inventory
        let changes = InventoryChanges.between(base, merged)
        #expect(changes.added.map(\.description) == ["ESXi host esx2"])
        #expect(Set(changes.removed.map(\.description)) == ["ESXi host esx-old", "datastore ds-old"])
        let db = changes.changed.first { $0.name == "db" }
        #expect(db?.fields.contains("onprem_vm.exists: true → false") == true)
        #expect(InventoryChanges.between(merged, merged).report() == ["no changes"])
        // Merging the same facts again changes nothing.
        #expect(InventoryChanges.between(merged, InventoryMerge.merge(merged, with: pulled).inventory).isEmpty)
    }
}
