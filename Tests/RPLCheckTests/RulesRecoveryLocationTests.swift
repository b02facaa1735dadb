import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// What changed in Azure since the failover (RP915–RP917), where a modernized
/// reprotect writes the machine back (RP918, RP919), and a failed planned
/// failover (RP920, RP921): each with the clean estate of RulesModernizedTests.
@Suite struct RulesRecoveryLocationTests {
    static func all(_ inventory: Inventory, plan: String = RulesModernizedTests.plan) -> [DiagnosticCode] {
        Checker.check(Parser.parse(name: "plan.rpl", text: plan), inventory: inventory, options: CheckOptions(now: Estate.now))
            .diagnostics.map(\.code).filter { $0 != .RP710 }
    }

    static func crm(_ change: @escaping (inout Machine) -> Void) -> Inventory {
        RulesModernizedTests.estate { records, _ in change(&records.machines[0]) }
    }

    @Test func RP915() {
        #expect(Self.all(Self.crm { $0.disks = 3; $0.forwardReplication.disksAtFailover = 3 }) == [.RP918])
        #expect(Self.all(Self.crm { $0.disks = 3; $0.forwardReplication.disksAtFailover = 2 }) == [.RP915, .RP918])
    }

    @Test func RP916() {
        #expect(Self.all(Self.crm { $0.diskGB = 100; $0.forwardReplication.diskGBAtFailover = 100 }) == [.RP918])
        #expect(Self.all(Self.crm { $0.diskGB = 200; $0.forwardReplication.diskGBAtFailover = 100 }) == [.RP916])
    }

    @Test func RP917() {
        #expect(Self.all(Self.crm { $0.diskGB = 50; $0.forwardReplication.diskGBAtFailover = 100 }) == [.RP917])
    }

    @Test func RP918() {
        let found = Checker.check(Parser.parse(name: "plan.rpl", text: RulesModernizedTests.plan), inventory: RulesModernizedTests.estate(),
                                  options: CheckOptions(now: Estate.now)).diagnostics.filter { $0.code == .RP918 }
        #expect(found.count == 1)
        #expect(found.first?.severity == .note)
        #expect(found.first?.message.contains("original-location") == true)
    }

    @Test func RP919() {
        #expect(Self.all(Self.crm { $0.onpremVM.exists = false }) == [.RP919])
    }

    @Test func RP920() {
        #expect(Set(Self.all(Self.crm { $0.forwardReplication.plannedFailoverFailed = true })) == [.RP918, .RP920])
        // The classic reprotect of such a machine too.
        let classic = RulesModernizedTests.estate { records, _ in records.machines[1].forwardReplication.plannedFailoverFailed = true }
        let codes = Self.all(classic, plan: "plan p version 1 <\n  reprotect web using auto ps-appliance01 datastore ds1\n>\n")
        #expect(codes.contains(.RP920))
    }

    @Test func RP921() {
        let plan = "plan p version 1 <\n  failback crm\n>\n"
        let failed = RulesModernizedTests.estate { records, _ in
            records.machines[0].state = .reprotected
            records.machines[0].forwardReplication.plannedFailoverFailed = true
        }
        #expect(Self.all(failed, plan: plan).filter { $0 != .RP208 } == [.RP921])
        let clean = RulesModernizedTests.estate { records, _ in records.machines[0].state = .reprotected }
        #expect(Self.all(clean, plan: plan).filter { $0 != .RP208 } == [])
    }
}
