import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// The end of the failback cycle: commit, protection to Azure, the
/// recovery point of a modernized failback. Each code with a clean plan and
/// estate and the nearly identical one that triggers it.
@Suite struct CycleRulesTests {
    /// The modernized estate of RulesModernizedTests with `crm` (modernized)
    /// and `web` (classic) in `state`, an on-prem process server of the
    /// configuration server, and both forward policies.
    static func estate(_ state: MachineState, _ change: (inout Inventory.Records) -> Void = { _ in }) -> Inventory {
        RulesModernizedTests.estate { records, _ in
            for index in records.machines.indices { records.machines[index].state = state }
            records.processServers.append(ProcessServer(name: "ps-onprem", site: .onprem))
            records.processServers.append(ProcessServer(name: "ps-azure", site: .azure))
            records.failbackPolicies = [FailbackPolicyRecord(name: "failback-rcm", kind: .inMageRcmFailback),
                                        FailbackPolicyRecord(name: "forward-classic", kind: .inMageAzureV2),
                                        FailbackPolicyRecord(name: "forward-rcm", kind: .inMageRcm)]
            change(&records)
        }
    }

    static func check(_ body: String, _ inventory: Inventory) -> CheckResult {
        Checker.check(Parser.parse(name: "plan.rpl", text: "plan p version 1 <\n\(body)\n>\n"), inventory: inventory,
                      options: CheckOptions(now: Estate.now))
    }

    static func codes(_ body: String, _ inventory: Inventory) -> [DiagnosticCode] {
        check(body, inventory).diagnostics.filter { $0.code.rawValue >= "RP940" }.map(\.code)
    }

    static let fullCycle = """
          reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback
          failback crm
          commit crm
          protect crm using ps-appliance01
        """

    @Test func theWholeModernizedCycleChecksCleanAndMakesFourStepsInOrder() throws {
        let result = Self.check(Self.fullCycle, Self.estate(.failedOver))
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.map(\.message))")
        let steps = try #require(result.plan?.steps)
        #expect(steps.map(\.action.kind) == [.reprotect, .failback, .commit, .protect])
        #expect(steps[2].dependsOn == [steps[1].id])
        #expect(steps[3].dependsOn == [steps[2].id])
        guard case let .failback(_, recoveryPoint) = steps[1].action else { Issue.record("not a failback"); return }
        #expect(recoveryPoint == .crashConsistent)
        guard case let .protect(protect) = steps[3].action else { Issue.record("not a protect"); return }
        #expect(protect == ProtectAction(machine: "crm", architecture: .modernized, processServer: "ps-appliance01",
                                         appliance: "appliance01", policy: "forward-rcm"))
    }

    @Test func RP941() {
        // Clean: failed back earlier in the plan, or already failed-back.
        #expect(Self.codes("  commit crm", Self.estate(.failedBack)) == [])
        #expect(Self.codes("  commit crm", Self.estate(.reprotected)) == [.RP941])
        #expect(Self.codes("  commit all", Self.estate(.failedBack)) == [.RP941])
    }

    @Test func RP942() {
        #expect(Self.codes("  protect crm using ps-appliance01", Self.estate(.committed)) == [])
        #expect(Self.codes("  protect crm using ps-appliance01", Self.estate(.failedBack)) == [.RP942])
        #expect(Self.codes("  commit crm\n  protect crm using ps-appliance01", Self.estate(.failedBack)) == [])
    }

    @Test func RP943() {
        // Modernized: an appliance's process server; classic: an on-prem one of the configuration server.
        #expect(Self.codes("  protect crm using ps-onprem", Self.estate(.committed)) == [.RP943])
        #expect(Self.codes("  protect web using ps-onprem", Self.estate(.committed)) == [])
        #expect(Self.codes("  protect web using ps-azure", Self.estate(.committed)) == [.RP943])
        #expect(Self.codes("  protect web using ps-appliance01", Self.estate(.committed)) == [.RP943])
    }

    @Test func RP944() {
        #expect(Self.codes("  protect web using ps-onprem policy forward-classic", Self.estate(.committed)) == [])
        #expect(Self.codes("  protect web using ps-onprem policy forward-rcm", Self.estate(.committed)) == [.RP944])
        #expect(Self.codes("  protect web using ps-onprem policy nowhere", Self.estate(.committed)) == [.RP944])
        let noForward = Self.estate(.committed) { $0.failbackPolicies.removeAll { $0.kind == .inMageAzureV2 } }
        #expect(Self.codes("  protect web using ps-onprem", noForward) == [.RP944])
    }

    @Test func RP945() {
        #expect(Self.codes("  failback crm recovery-point app-consistent", Self.estate(.reprotected)) == [.RP946])
        #expect(Self.codes("  failback crm recovery-point latest", Self.estate(.reprotected)) == [.RP945])
        #expect(Self.codes("  failback web recovery-point crash-consistent", Self.estate(.reprotected)) == [.RP945])
        #expect(Self.codes("  failback web", Self.estate(.reprotected)) == [])
    }

    @Test func RP946() throws {
        #expect(Self.codes("  failback crm recovery-point crash-consistent", Self.estate(.reprotected)) == [])
        let note = try #require(Self.check("  failback crm recovery-point app-consistent", Self.estate(.reprotected))
            .diagnostics.first { $0.code == .RP946 })
        #expect(note.severity == .note)
        #expect(note.message.contains("60 minutes"))
    }

    @Test func aClassicFailbackStaysLatestTime() throws {
        let steps = try #require(Self.check("  failback web", Self.estate(.reprotected)).plan?.steps)
        guard case let .failback(_, recoveryPoint) = steps[0].action else { Issue.record("not a failback"); return }
        #expect(recoveryPoint == nil)
    }
}
