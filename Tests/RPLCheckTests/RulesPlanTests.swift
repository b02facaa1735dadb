import Foundation
import RPLInventory
import RPLSource
import Testing
@testable import RPLCheck

/// db01 and db02 (steps 2 and 3) are the replication group erp.
@Suite struct PlanRulesTests {
    @Test func RP105_machineReprotectedTwice() {
        let clean = Estate.baseline()
        var broken = clean
        broken.reprotects.append(Estate.Step(machine: "web", masterTarget: "mt-lin2"))
        let finding = expectOnly(.RP105, clean: clean, broken: broken, at: .reprotect(5, .machine), mentions: ["web"])
        #expect(finding?.related.map(\.subject) == [.reprotect(0, .machine)])
        #expect(broken.findings().map(\.code) == [.RP105], "the second reprotect's machine facts are not repeated")
    }

    @Test func RP701_replicationGroupSplitAcrossMasterTargets() {
        let clean = Estate.baseline()
        var broken = clean
        broken.step("db02") { $0.masterTarget = "mt-lin2" }
        let finding = expectOnly(.RP701, clean: clean, broken: broken, at: .reprotect(3, .masterTarget),
                                 mentions: ["erp", "mt-lin", "mt-lin2"], help: "same master target")
        #expect(finding?.related.map(\.subject) == [.reprotect(2, .masterTarget)])
        var auto = clean
        auto.step("db02") { $0.masterTarget = "auto" }
        #expect(auto.findings(.RP701).isEmpty, "the scheduler places an auto member with the rest of its group")
    }

    @Test func RP702_replicationGroupPartlyInPlan() {
        let clean = Estate.baseline()
        var broken = clean
        broken.reprotects.removeAll { $0.machine == "db02" }
        let finding = expectOnly(.RP702, clean: clean, broken: broken, at: .reprotect(2, .machine), mentions: ["erp"], help: "'db02'")
        #expect(finding?.message.contains("1 of its 2") == true)
    }

    @Test func RP703_replicationGroupOutsideRecoveryPlan() {
        var clean = Estate.baseline()
        clean.isRecoveryPlan = false
        clean.reprotects = [Estate.Step(machine: "web")]
        clean.failbacks = []
        #expect(clean.findings().isEmpty, "a lone statement for a machine outside any replication group is fine")
        var broken = clean
        broken.reprotects = [Estate.Step(machine: "db01")]
        expectOnly(.RP703, clean: clean, broken: broken, at: .reprotect(0, .machine), mentions: ["db01", "erp"], help: "'db02'")
        #expect(broken.findings(.RP702).isEmpty, "RP703 already says the rest of the group is needed")
    }

    @Test func RP704_replicationGroupMixesWindowsAndLinux() {
        let clean = Estate.baseline()
        var broken = clean
        broken.add {
            $0.machines.append(Machine(name: "db03", os: .windows, osVersion: "Windows Server 2019", replicationGroup: "erp",
                                       onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"])))
        }
        broken.reprotects.append(Estate.Step(machine: "db03", masterTarget: "mt-win"))
        let finding = expectOnly(.RP704, clean: clean, broken: broken, at: .reprotect(2, .machine), mentions: ["erp", "db03", "db01"])
        #expect(finding?.message.contains("Windows") == true)
        #expect(broken.findings(.RP701).isEmpty, "RP704 explains why one master target cannot serve them")
    }

    @Test func RP705_missingDatastore() {
        let clean = Estate.baseline()
        var broken = clean
        broken.step("api") { $0.datastore = nil }
        expectOnly(.RP705, clean: clean, broken: broken, at: .reprotect(1, .statement), mentions: ["api"], help: "datastore")
        #expect(broken.findings().map(\.code) == [.RP705])
    }

    @Test func RP708_failbackWithoutReprotect() {
        let clean = Estate.baseline()
        var broken = clean
        broken.add {
            $0.machines.append(Machine(name: "hr01", os: .windows, osVersion: "Windows Server 2022",
                                       onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"])))
        }
        broken.failbacks.append(("hr01", nil))
        expectOnly(.RP708, clean: clean, broken: broken, at: .failback(2), mentions: ["hr01"], help: "reprotect 'hr01'")
        #expect(broken.findings(.RP201).isEmpty)
    }

    @Test func unresolvedDatastoreIsNotMissing() {
        var estate = Estate.baseline()
        estate.machine("web") { $0.onpremVM = OnPremVM(exists: false) }
        estate.step("web") { $0.datastore = "ds-typo" }
        #expect(estate.findings().isEmpty, "RP101 was reported for ds-typo; nothing follows from it")
    }
}
