import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// What a modernized reprotect asks of the vCenter account (RP601, shared
/// with the classic rule) and of the appliance's capacity (RP914).
@Suite struct RulesModernizedCapacityTests {
    /// RP601 for a reprotect agent: its vCenter's read-only account cannot
    /// create disks or power VMs on; reported once per vCenter.
    @Test func RP601_reprotectAgentVCenterIsReadOnly() {
        let readOnly = RulesModernizedTests.estate { records, _ in records.vcenters[0].account = .readOnly }
        #expect(RulesModernizedTests.codes(readOnly) == [.RP601])
        #expect(RulesModernizedTests.codes(RulesModernizedTests.estate()) == [])
        let twice = "plan p version 1 <\n  reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback\n"
            + "  reprotect erp using ra-onprem01 datastore ds1 log-storage lsa-failback\n>\n"
        #expect(RulesModernizedTests.codes(Self.withMachines(disks: [2, 2], readOnly: true), plan: twice) == [.RP601])
    }

    /// Modernized machines `db1`... with these disks, on the estate of RulesModernizedTests.
    static func withMachines(disks: [Int], readOnly: Bool = false) -> Inventory {
        RulesModernizedTests.estate { records, _ in
            if readOnly { records.vcenters[0].account = .readOnly }
            let model = records.machines[0]
            records.machines = disks.enumerated().map { index, count in
                var machine = model
                machine.name = index == 0 ? "crm" : index == 1 ? "erp" : "db\(index)"
                machine.disks = count
                return machine
            }
        }
    }

    static func plan(_ count: Int) -> String {
        let names = (0..<count).map { $0 == 0 ? "crm" : $0 == 1 ? "erp" : "db\($0)" }
        return "plan p version 1 <\n"
            + names.map { "  reprotect \($0) using ra-onprem01 datastore ds1 log-storage lsa-failback\n" }.joined() + ">\n"
    }

    @Test func RP914() {
        #expect(RulesModernizedTests.codes(Self.withMachines(disks: [15, 15, 15, 15]), plan: Self.plan(4)) == [])
        let over = Checker.check(Parser.parse(name: "plan.rpl", text: Self.plan(4)),
                                 inventory: Self.withMachines(disks: [15, 15, 15, 16]), options: CheckOptions(now: Estate.now))
            .diagnostics.filter { $0.code == .RP914 }
        #expect(over.count == 1)
        // Said at the reprotect that crosses the limit, with the others as labels.
        #expect(over.first.map { $0.primary.file.location(of: $0.primary.span.start).line } == 5)
        #expect(over.first?.secondary.count == 3)
        #expect(over.first?.message.contains("61 disks") == true)
    }

    /// A machine reprotected twice through one appliance counts once (the second is a plan mistake of its own).
    @Test func aMachineCountsOnceAgainstItsAppliance() {
        let plan = Self.plan(4).replacingOccurrences(of: ">\n", with: "") + "  reprotect db3 using ra-onprem01 datastore ds1 log-storage lsa-failback\n>\n"
        let codes = RulesModernizedTests.codes(Self.withMachines(disks: [15, 15, 15, 15]), plan: plan)
        #expect(!codes.contains(.RP914))
    }
}
