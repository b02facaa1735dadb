import Foundation
import RPLInventory
import RPLSource
import Testing
@testable import RPLCheck

/// mt-lin serves web, api, db01 and db02 (steps 0–3); its first use is step 0.
@Suite struct MasterTargetRulesTests {
    @Test func RP301_diskEnableUUID() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-lin") { $0.diskEnableUUID = false }
        let finding = expectOnly(.RP301, clean: clean, broken: broken, at: .reprotect(0, .masterTarget), mentions: ["mt-lin"],
                                 help: "disk.EnableUUID=true")
        #expect(finding?.message.contains("does not have disk.EnableUUID=true") == true)
    }

    @Test func RP302_storageVMotion() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-win") { $0.storageVMotion = true }
        expectOnly(.RP302, clean: clean, broken: broken, at: .reprotect(4, .masterTarget), mentions: ["mt-win"],
                   help: "you cannot use Storage vMotion for the master target server")
    }

    @Test func RP303_masterTargetSnapshots() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-lin") { $0.snapshots = 1 }
        expectOnly(.RP303, clean: clean, broken: broken, at: .reprotect(0, .masterTarget), mentions: ["mt-lin"],
                   help: "delete the snapshots of master target")
    }

    @Test func RP304_paravirtualSCSI() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-lin") { $0.scsiController = .paravirtual }
        expectOnly(.RP304, clean: clean, broken: broken, at: .reprotect(0, .masterTarget), mentions: ["mt-lin"], help: "LSI Logic")
    }

    @Test func RP305_noVMFSDatastoreOnHost() {
        var clean = Estate.baseline()
        clean.step("web") { $0.masterTarget = "mt-lin2" }
        var broken = clean
        // esx02 keeps only an NFS datastore: ds1 is moved off it and an NFS share added.
        broken.datastore("ds1") { $0.mounts = [("esx01", .readWrite)] }
        broken.add { $0.datastores.append(Datastore(name: "nfs1", type: .nfs, mounts: [("esx02", .readWrite)])) }
        broken.machine("web") { $0.onpremVM = OnPremVM(exists: false) }
        let finding = expectOnly(.RP305, clean: clean, broken: broken, at: .reprotect(0, .masterTarget), mentions: ["esx02", "mt-lin2"],
                                 help: "NFS is not supported")
        #expect(finding?.message.contains("nfs1") == true)
    }

    @Test func RP306_vmwareTools() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-lin") { $0.vmwareTools = false }
        expectOnly(.RP306, clean: clean, broken: broken, at: .reprotect(0, .masterTarget), mentions: ["mt-lin"], help: "install VMware tools")
    }

    @Test func RP307_freeEdition() {
        let clean = Estate.baseline()
        var broken = clean
        broken.host("esx01") { $0.edition = .vsphere6HypervisorFree }
        // mt-lin and mt-win both run on esx01: once per master target.
        let found = broken.findings(.RP307)
        #expect(found.map(\.subject) == [.reprotect(0, .masterTarget), .reprotect(4, .masterTarget)])
        #expect(found.allSatisfy { $0.help == ["upgrade to the evaluation license"] })
        #expect(clean.findings(.RP307).isEmpty)
        var evaluation = clean
        evaluation.host("esx01") { $0.edition = .evaluation }
        #expect(evaluation.findings().isEmpty)
    }

    @Test func RP308_vcenterNotDiscovered() {
        let clean = Estate.baseline()
        var broken = clean
        broken.add {
            $0.vcenters.append(VCenter(name: "vc-alt", discovered: false))
            $0.hosts[1].vcenter = "vc-alt"
        }
        broken.step("db01") { $0.masterTarget = "mt-lin2" }
        broken.step("db02") { $0.masterTarget = "mt-lin2" }
        expectOnly(.RP308, clean: clean, broken: broken, at: .reprotect(2, .masterTarget), mentions: ["vc-alt", "mt-lin2"],
                   help: "make sure that the new vCenter is discovered")
        var unknownHost = clean
        unknownHost.masterTarget("mt-win") { $0.host = "esx09" }
        expectOnly(.RP308, clean: clean, broken: unknownHost, at: .reprotect(4, .masterTarget), mentions: ["esx09", "mt-win"])
        #expect(unknownHost.findings().map(\.code) == [.RP308], "an unknown host explains the host's other rules away")
    }

    @Test func RP309_masterTargetNotOnPrem() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-win") { $0.site = .azure }
        expectOnly(.RP309, clean: clean, broken: broken, at: .reprotect(4, .masterTarget), mentions: ["mt-win"])
    }

    @Test func RP310_datastoreNotAttached() {
        var clean = Estate.baseline()
        clean.machine("web") { $0.onpremVM = OnPremVM(exists: false) }
        var broken = clean
        broken.step("web") { $0.masterTarget = "mt-lin2"; $0.datastore = "ds2" }
        expectOnly(.RP310, clean: clean, broken: broken, at: .reprotect(0, .datastore), mentions: ["ds2", "esx02", "mt-lin2"],
                   help: "'ds1'")
        #expect(broken.findings(.RP210).isEmpty, "RP310 says it instead")
        // When the on-prem VM exists its disks are used: the datastore does not matter.
        var existing = broken
        existing.machine("web") { $0.onpremVM = OnPremVM(exists: true, host: "esx02", datastores: ["ds1"]) }
        #expect(existing.findings(.RP310).isEmpty)
    }

    @Test func RP311_moreThan60Disks() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-lin") { $0.attachedDisks = 55 }
        // 55 + web 2 = 57, + api 2 = 59, + db01 2 = 61: db01's step crosses the limit.
        let finding = expectOnly(.RP311, clean: clean, broken: broken, at: .reprotect(2, .masterTarget), mentions: ["mt-lin", "db01"])
        #expect(finding?.message.contains("61") == true)
        #expect(finding?.related.map(\.subject) == [.reprotect(0, .masterTarget), .reprotect(1, .masterTarget)])
        var atLimit = clean
        atLimit.masterTarget("mt-lin") { $0.attachedDisks = 52 }
        #expect(atLimit.findings(.RP311).isEmpty, "52 + 8 = 60 is allowed")
    }

    @Test func masterTargetFactsAreReportedOncePerMasterTarget() {
        var estate = Estate.baseline()
        estate.masterTarget("mt-lin") { $0.diskEnableUUID = false; $0.snapshots = 3 }
        let found = estate.findings()
        #expect(found.filter { $0.code == .RP301 }.count == 1)
        #expect(found.filter { $0.code == .RP303 }.count == 1)
        #expect(found.count == 2, "\(found.map(\.summary))")
    }

    @Test func autoAndUnresolvedMasterTargetsAreLeftAlone() {
        var estate = Estate.baseline()
        estate.masterTarget("mt-lin") { $0.diskEnableUUID = false }
        estate.step("web") { $0.masterTarget = "auto" }
        estate.step("api") { $0.masterTarget = "mt-typo" }
        // db01 is now mt-lin's first use.
        #expect(estate.findings(.RP301).map(\.subject) == [.reprotect(2, .masterTarget)])
        estate.step("db01") { $0.masterTarget = "auto" }
        estate.step("db02") { $0.masterTarget = "mt-typo" }
        let found = estate.findings()
        #expect(found.isEmpty, "\(found.map(\.summary))")
    }
}
