import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// A modernized machine's failback (RP910–RP913), and the classic rules that
/// must stay quiet for modernized machines: each with the estate of
/// RulesModernizedTests, `crm` already reprotected, and one fact changed.
@Suite struct RulesModernizedFailbackTests {
    static let plan = "plan p version 1 <\n  failback crm\n>\n"

    static func estate(_ change: (inout Inventory.Records) -> Void = { _ in }) -> Inventory {
        RulesModernizedTests.estate { records, _ in
            records.machines[0].state = .reprotected
            change(&records)
        }
    }

    static func diagnostics(_ inventory: Inventory, plan: String = plan) -> [Diagnostic] {
        Checker.check(Parser.parse(name: "plan.rpl", text: plan), inventory: inventory, options: CheckOptions(now: Estate.now))
            .diagnostics.filter { $0.severity != .note }
    }

    static func codes(_ inventory: Inventory, plan: String = plan) -> [DiagnosticCode] {
        diagnostics(inventory, plan: plan).map(\.code)
    }

    @Test func theReprotectedModernizedMachineFailsBackClean() {
        #expect(Self.codes(Self.estate()) == [])
    }

    @Test func RP910() {
        #expect(Self.codes(Self.estate { $0.machines[0].forwardReplication.health = .warning }) == [.RP910])
        #expect(Self.codes(Self.estate { $0.machines[0].forwardReplication.health = .critical }) == [.RP910])
    }

    @Test func RP911() {
        #expect(Self.codes(Self.estate { $0.machines[0].forwardReplication.initialReplicationComplete = false }) == [.RP911])
    }

    @Test func RP912() {
        #expect(Self.codes(Self.estate { $0.machines[0].forwardReplication.resyncRequired = true }) == [.RP912])
    }

    @Test func RP913() {
        #expect(Self.codes(Self.estate { $0.machines[0].forwardReplication.recoveryPoints = 0 }) == [.RP913])
    }

    /// The same facts on a classic machine are not what its failback needs (its
    /// replication is reported through the configuration server): no finding.
    @Test func aClassicMachineDoesNotNeedTheModernizedFailbackFacts() {
        let inventory = Self.estate {
            $0.machines[0].architecture = .classic
            $0.machines[0].forwardReplication.recoveryPoints = 0
        }
        #expect(Self.codes(inventory) == [])
    }

    /// Several machines in one failback: each is reported, by name, on its own.
    @Test func everyMachineOfAFailbackIsCheckedOnItsOwn() {
        let inventory = Self.estate { records in
            var erp = records.machines[0]
            erp.name = "erp"
            records.machines.append(erp)
            records.machines[0].forwardReplication.recoveryPoints = 0
            records.machines[2].forwardReplication.recoveryPoints = 0
        }
        let found = Self.diagnostics(inventory, plan: "plan p version 1 <\n  failback [crm, erp]\n>\n")
        #expect(found.map(\.code) == [.RP913, .RP913])
        #expect(found.map(\.message).contains { $0.contains("'crm'") })
        #expect(found.map(\.message).contains { $0.contains("'erp'") })
    }

    /// Configuration-server facts (RP203, RP504) are classic: a modernized
    /// machine not in any configuration server, in an estate without one, is clean.
    @Test func configurationServerRulesDoNotFireForAModernizedMachine() {
        var inventory = Self.estate { $0.machines[0].inConfigurationServer = false }
        inventory.configurationServer = nil
        #expect(Self.codes(inventory) == [])
        // The same facts on a classic machine are errors.
        var classic = Self.estate {
            $0.machines[0].inConfigurationServer = false
            $0.machines[0].architecture = .classic
        }
        classic.configurationServer = nil
        #expect(Self.codes(classic).sorted() == [.RP203, .RP504])
    }

    /// A modernized machine sent through a master target is RP909 and nothing
    /// else: not the master target's OS (RP206), disk.EnableUUID (RP301), its
    /// FAT32 retention volume (RP402), the agent's registration with the
    /// configuration server (RP211), nor the missing configuration server (RP504)
    /// and the process server on-premises (RP502). A classic machine in its
    /// place earns every one of them.
    @Test func classicReprotectRulesDoNotFireForAModernizedMachine() {
        func estate(_ architecture: Architecture) -> Inventory {
            var inventory = RulesModernizedTests.estate { records, _ in
                records.masterTargets = [MasterTarget(name: "mt-win", os: .windows, host: "esx01", diskEnableUUID: false,
                                                      volumes: [Volume(path: "R:", filesystem: "fat32", capacityGB: 100)])]
                records.machines[0].agentRegistered = false
                records.machines[0].architecture = architecture
            }
            inventory.configurationServer = nil
            return inventory
        }
        let plan = "plan p version 1 <\n  reprotect crm using mt-win ps-appliance01 datastore ds1\n>\n"
        #expect(Self.codes(estate(.modernized), plan: plan) == [.RP909])
        #expect(Set(Self.codes(estate(.classic), plan: plan)) == [.RP206, .RP211, .RP301, .RP402, .RP502, .RP504])
    }

    /// `using auto` with a process server is the classic form too: the
    /// scheduler would choose a master target for a modernized machine, so it
    /// is RP909 at `auto`, not a silent classic reprotect.
    @Test func classicFormWithAutoIsRP909ForAModernizedMachine() {
        var inventory = RulesModernizedTests.estate { records, _ in records.machines[0].agentRegistered = false }
        inventory.configurationServer = nil
        let plan = "plan p version 1 <\n  reprotect crm using auto ps-appliance01 datastore ds1\n>\n"
        let diagnostics = Self.diagnostics(inventory, plan: plan)
        #expect(diagnostics.map(\.code) == [.RP909])
        #expect(diagnostics.first?.message.contains("a master target and a process server") == true)
    }
}
