import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// The modernized reprotect's rules: each code with a clean estate and the
/// nearly identical one that triggers it (one fact changed).
@Suite struct RulesModernizedTests {
    static let plan = "plan p version 1 <\n  reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback\n>\n"

    /// A modernized machine `crm` on vc01, an appliance whose agent reaches ds1, a log storage account in the vault's region.
    static func estate(_ change: (inout Inventory.Records, inout Vault) -> Void = { _, _ in }) -> Inventory {
        var records = Inventory.Records()
        records.vcenters = [VCenter(name: "vc01"), VCenter(name: "vc02")]
        records.hosts = [ESXiHost(name: "esx01", vcenter: "vc01")]
        records.datastores = [Datastore(name: "ds1", freeGB: 4096, mounts: [("esx01", .readWrite)]),
                              Datastore(name: "ds2", freeGB: 4096, mounts: [("esx01", .readWrite)])]
        records.processServers = [ProcessServer(name: "ps-appliance01", site: .onprem)]
        let heartbeat = Estate.now.addingTimeInterval(-300)
        records.appliances = [ReplicationAppliance(
            name: "appliance01", lastHeartbeat: heartbeat, protectedItems: 10, processServers: ["ps-appliance01"],
            reprotectAgents: [ReprotectAgent(name: "ra-onprem01", lastHeartbeat: heartbeat, vcenter: "vc01",
                                             accessibleDatastores: ["ds1"])])]
        records.logStorageAccounts = [LogStorageAccount(name: "lsa-failback", region: "westeurope")]
        records.machines = [
            Machine(name: "crm", os: .linux, bootedInAzureAt: Estate.now.addingTimeInterval(-7200), disks: 2, diskGB: 100,
                    onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"]), architecture: .modernized),
            Machine(name: "web", os: .linux, bootedInAzureAt: Estate.now.addingTimeInterval(-7200),
                    onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"])),
        ]
        var vault = Vault(name: "vault01", region: "westeurope")
        change(&records, &vault)
        return Inventory(network: Network(link: .siteToSiteVPN), configurationServer: ConfigurationServer(name: "cs01"),
                         vault: vault, records: records)
    }

    /// The codes found (without RP710, which a plan that makes no step reports).
    static func codes(_ inventory: Inventory, plan: String = plan) -> [DiagnosticCode] {
        Checker.check(Parser.parse(name: "plan.rpl", text: plan), inventory: inventory, options: CheckOptions(now: Estate.now))
            .diagnostics.filter { $0.severity != .note && $0.code != .RP710 }.map(\.code)
    }

    @Test func theCleanModernizedEstateChecksClean() {
        #expect(Self.codes(Self.estate()) == [])
    }

    @Test func RP901() {
        #expect(Self.codes(Self.estate { r, _ in r.machines[0].forwardReplication.failoverCommitted = false }) == [.RP901])
    }

    @Test func RP902() {
        #expect(Self.codes(Self.estate { r, _ in r.machines[0].forwardReplication.agentReregistered = false }) == [.RP902])
    }

    @Test func RP903() {
        let changes: [(inout Inventory.Records) -> Void] = [
            { $0.appliances[0].health = .critical },
            { $0.appliances[0].reprotectAgents[0].health = .warning },
            { $0.appliances[0].reprotectAgents[0].lastHeartbeat = nil },
            { $0.processServers[0].heartbeat = false },
        ]
        for change in changes {
            #expect(Self.codes(Self.estate { r, _ in change(&r) }) == [.RP903])
        }
    }

    @Test func RP904() {
        let plan = Self.plan.replacingOccurrences(of: "datastore ds1", with: "datastore ds2")
        #expect(Self.codes(Self.estate(), plan: plan) == [.RP904])
        #expect(Self.codes(Self.estate { r, _ in r.appliances[0].reprotectAgents[0].accessibleDatastores.append("ds2") }, plan: plan) == [])
    }

    @Test func RP905() {
        #expect(Self.codes(Self.estate { r, _ in r.appliances[0].reprotectAgents[0].vcenter = "vc02" }) == [.RP905])
    }

    @Test func RP906() {
        #expect(Self.codes(Self.estate { r, _ in r.appliances[0].protectedItems = 200 }) == [])
        #expect(Self.codes(Self.estate { r, _ in r.appliances[0].protectedItems = 201 }) == [.RP906])
    }

    @Test func RP907() {
        #expect(Self.codes(Self.estate { r, _ in r.logStorageAccounts[0].softDelete = true }) == [.RP907])
        let unknown = Self.plan.replacingOccurrences(of: "log-storage lsa-failback", with: "log-storage lsa-nowhere")
        #expect(Self.codes(Self.estate(), plan: unknown) == [.RP907])
    }

    @Test func RP908() {
        #expect(Self.codes(Self.estate { _, vault in vault.region = "northeurope" }) == [.RP908])
    }

    @Test func RP909() {
        // A classic machine through a reprotect agent.
        let classic = Self.plan.replacingOccurrences(of: "reprotect crm", with: "reprotect web")
        #expect(Self.codes(Self.estate(), plan: classic) == [.RP909])
        // A process server named to a reprotect agent.
        let withServer = Self.plan.replacingOccurrences(of: "ra-onprem01 datastore", with: "ra-onprem01 ps-appliance01 datastore")
        #expect(Self.codes(Self.estate(), plan: withServer) == [.RP909])
    }

    /// The modernized reprotect's syntax: no process server once `log-storage` is given;
    /// without either, the classic form's syntax error stands as it was.
    @Test func withoutAProcessServerOrALogStorageAccountItIsASyntaxError() {
        let tree = Parser.parse(name: "p.rpl", text: "reprotect crm using ra-onprem01 datastore ds1\n")
        #expect(tree.diagnostics.map(\.message) == ["expected the process server after the master target, found 'datastore'"])
        #expect(Parser.parse(name: "p.rpl", text: "reprotect crm using ra-onprem01 log-storage lsa datastore ds1\n").diagnostics.isEmpty)
    }

    /// The classic rules of master targets, retention volumes and the
    /// configuration server do not fire for a modernized reprotect: an estate
    /// with no master target and no configuration server checks clean.
    @Test func classicRulesDoNotFireForAModernizedMachine() {
        let inventory = Self.estate()
        #expect(inventory.masterTargets.isEmpty)
        var noServer = inventory
        noServer.configurationServer = nil
        #expect(Self.codes(noServer) == [])
    }
}
