import Foundation
import RPLInventory
import RPLSource
import Testing
@testable import RPLCheck

@Suite struct MachineRulesTests {
    @Test func baselineHasNoFindings() {
        let findings = Estate.baseline().findings()
        #expect(findings.isEmpty, "\(findings.map(\.summary))")
    }

    @Test func RP201_reprotectNeedsFailedOver() {
        let clean = Estate.baseline()
        var broken = clean
        broken.machine("api") { $0.state = .protected }
        let finding = expectOnly(.RP201, clean: clean, broken: broken, at: .reprotect(1, .machine), mentions: ["api"])
        #expect(finding?.message.contains("failed-over") == true)
    }

    @Test func RP201_failbackNeedsReprotected() {
        let clean = Estate.baseline()
        var broken = clean
        broken.machine("fin01") { $0.state = .reprotecting }
        expectOnly(.RP201, clean: clean, broken: broken, at: .failback(0), mentions: ["fin01"], help: "wait")
        #expect(broken.findings(.RP708).isEmpty)
    }

    @Test func RP201_failbackAfterReprotectInThePlanIsFine() {
        // sql01 is failed-over in the inventory; the plan reprotects it before failing it back.
        var estate = Estate.baseline()
        #expect(estate.findings().isEmpty)
        estate.failbacks = [("sql01", 4)]
        #expect(estate.findings(.RP708).map(\.subject) == [.failback(0)], "the reprotect comes after the failback")
        estate.failbacks = [("sql01", 5)]
        #expect(estate.findings().isEmpty)
    }

    @Test func RP202_onPremSnapshots() {
        let clean = Estate.baseline()
        var broken = clean
        broken.machine("web") { $0.onpremVM.snapshots = 2 }
        expectOnly(.RP202, clean: clean, broken: broken, at: .reprotect(0, .machine), mentions: ["web"],
                   help: "delete the snapshots of the on-prem VM")
        var gone = clean
        gone.machine("web") { $0.onpremVM = OnPremVM(exists: false, snapshots: 2) }
        #expect(gone.findings(.RP202).isEmpty, "no on-prem VM, no snapshots of it")
    }

    @Test func RP203_notInConfigurationServer() {
        let clean = Estate.baseline()
        var broken = clean
        broken.machine("db01") { $0.inConfigurationServer = false }
        expectOnly(.RP203, clean: clean, broken: broken, at: .reprotect(2, .machine), mentions: ["db01"])
        var failbackOnly = clean
        failbackOnly.machine("fin01") { $0.inConfigurationServer = false }
        expectOnly(.RP203, clean: clean, broken: failbackOnly, at: .failback(0), mentions: ["fin01"])
    }

    @Test func RP204_diskUUIDClash() {
        let clean = Estate.baseline()
        var broken = clean
        broken.machine("api") { $0.diskUUIDs = ["uuid-api-0", "uuid-mt-lin-0"] }
        expectOnly(.RP204, clean: clean, broken: broken, at: .reprotect(1, .machine), mentions: ["api", "mt-lin", "uuid-mt-lin-0"],
                   help: "deploy another master target that was not created from the same template")
    }

    @Test func RP205_windows2008R2SP1Physical() {
        let clean = Estate.baseline()
        var broken = clean
        broken.machine("sql01") { $0.kind = .physical; $0.osVersion = "Windows Server 2008 R2 Service Pack 1" }
        expectOnly(.RP205, clean: clean, broken: broken, at: .reprotect(4, .machine), mentions: ["sql01"])
        var virtual = clean
        virtual.machine("sql01") { $0.osVersion = "Windows Server 2008 R2 SP1" }
        #expect(virtual.findings(.RP205).isEmpty, "a VMware VM with that OS fails back")
        #expect(MachineRules.isWindows2008R2SP1("win2008r2-sp1"))
        #expect(!MachineRules.isWindows2008R2SP1("Windows Server 2008 SP2"))
        #expect(!MachineRules.isWindows2008R2SP1("Windows Server 2008 R2"))
    }

    @Test func RP206_osMismatch() {
        let clean = Estate.baseline()
        var broken = clean
        broken.step("sql01") { $0.masterTarget = "mt-lin"; $0.retention = nil }
        expectOnly(.RP206, clean: clean, broken: broken, at: .reprotect(4, .masterTarget), mentions: ["sql01", "mt-lin"],
                   help: "'mt-win'")
    }

    @Test func RP207_linuxStaticIP() {
        let clean = Estate.baseline()
        var broken = clean
        broken.machine("web") { $0.staticIP = true }
        expectOnly(.RP207, clean: clean, broken: broken, at: .reprotect(0, .machine), mentions: ["web"], help: "static IP address again")
        var windows = clean
        windows.machine("sql01") { $0.staticIP = true }
        #expect(windows.findings(.RP207).isEmpty, "a Windows machine gets its static IP again")
        // With a failback of the machine in the plan, the warning goes there.
        broken.failbacks.append(("web", nil))
        #expect(broken.findings(.RP207).map(\.subject) == [.failback(2)])
    }

    @Test func RP208_networkManagerAfterLinuxFailback() {
        var clean = Estate.baseline()
        clean.failbacks.append(("sql01", nil))
        var broken = Estate.baseline()
        broken.failbacks.append(("web", nil))
        expectOnly(.RP208, clean: clean, broken: broken, at: .failback(2), mentions: ["web"])
        #expect(broken.findings().map(\.code) == [.RP208])
    }

    @Test func RP209_onPremDatastoreNotMountedReadWrite() {
        let clean = Estate.baseline()
        var broken = clean
        broken.datastore("ds1") { $0.mounts = [("esx01", .readOnly), ("esx02", .readWrite)] }
        // Every Linux step on mt-lin (esx01) is affected; web is the first.
        let found = broken.findings(.RP209)
        #expect(found.count == 5)
        #expect(found.first?.subject == .reprotect(0, .datastore))
        #expect(found.first?.message.contains("'ds1'") == true && found.first?.message.contains("'esx01'") == true)
        #expect(clean.findings(.RP209).isEmpty)
        // On mt-lin2 (esx02) ds1 is read-write.
        var moved = broken
        moved.step("web") { $0.masterTarget = "mt-lin2" }
        #expect(!moved.findings(.RP209).contains { $0.subject == .reprotect(0, .datastore) })
    }

    @Test func RP210_datastoreIgnoredOrNewVM() {
        let clean = Estate.baseline()
        var ignored = clean
        ignored.step("web") { $0.datastore = "ds2" }
        expectOnly(.RP210, clean: clean, broken: ignored, at: .reprotect(0, .datastore), mentions: ["web", "ds2"])
        var created = clean
        created.machine("web") { $0.onpremVM = OnPremVM(exists: false) }
        let finding = expectOnly(.RP210, clean: clean, broken: created, at: .reprotect(0, .datastore), mentions: ["web", "esx01", "ds1"])
        #expect(finding?.message.contains("new VM") == true)
    }

    @Test func RP211_agentMayNotBeRegistered() {
        let clean = Estate.baseline()
        var broken = clean
        broken.machine("api") { $0.bootedInAzureAt = Estate.now.addingTimeInterval(-6 * 60) }
        let finding = expectOnly(.RP211, clean: clean, broken: broken, at: .reprotect(1, .machine), mentions: ["api"])
        #expect(finding?.message.contains("6 minutes") == true)
        var later = broken
        later.machine("api") { $0.bootedInAzureAt = Estate.now.addingTimeInterval(-15 * 60) }
        #expect(later.findings(.RP211).isEmpty, "15 minutes is enough")
        var unregistered = clean
        unregistered.machine("api") { $0.agentRegistered = false }
        expectOnly(.RP211, clean: clean, broken: unregistered, at: .reprotect(1, .machine), mentions: ["api"])
    }
}
