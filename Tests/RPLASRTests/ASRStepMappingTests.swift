import RPLASR
import RPLAzure
import RPLCheck
import RPLInventory
import RPLRuntime
import Foundation
import RPLSource
import Testing

struct ASRStepMappingTests {
    let item = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/web"

    func inventory(machineID: String? = nil, architecture: Architecture = .classic) -> Inventory {
        Inventory(masterTargets: [MasterTarget(name: "mt1", os: .linux, host: "esx1", armID: "MT1")],
                  processServers: [ProcessServer(name: "ps-azure", site: .azure, armID: "PS1")],
                  machines: [Machine(name: "web", os: .linux, architecture: architecture, armID: machineID ?? item)],
                  failbackPolicies: [FailbackPolicyRecord(name: "fb", kind: .inMage, armID: "/policies/fb")],
                  runAsAccounts: [RunAsAccount(name: "vc", armID: "2")])
    }

    func step(_ action: ExecutableStep.Action) -> ExecutableStep {
        ExecutableStep(id: "app/x/web", action: action, group: "app", dependsOn: [], estimatedStart: 0, estimatedSeconds: 60)
    }

    @Test func aClassicReprotectNamesTheInventorysIds() throws {
        let request = try #require(try ASRStepMapping.request(
            for: step(.reprotect(machine: "web", masterTarget: "mt1", processServer: "ps-azure", datastore: "ds1", retention: "/mnt/retention")),
            in: inventory()))
        let expected = ASROperation.reprotectClassic(.init(masterTargetID: "MT1", processServerID: "PS1", retentionDrive: "/mnt/retention",
                                                           profileID: "/policies/fb", runAsAccountID: "2", datastoreName: "ds1",
                                                           excludedVolumeLabels: ["Temporary Storage"]))
        #expect(request == expected.request(item: item))
    }

    @Test func aWindowsRetentionVolumeIsItsDriveLetter() throws {
        let request = try #require(try ASRStepMapping.request(
            for: step(.reprotect(machine: "web", masterTarget: "mt1", processServer: "ps-azure", datastore: nil, retention: "r:\\")),
            in: inventory()))
        #expect(request.body?["properties"]?["providerSpecificDetails"]?["retentionDrive"] == .string("R"))
    }

    @Test func theFailbackFollowsTheMachinesArchitecture() throws {
        let classic = try #require(try ASRStepMapping.request(for: step(.failback(machine: "web")), in: inventory()))
        #expect(classic.action == "unplannedFailover")
        let modernized = try #require(try ASRStepMapping.request(for: step(.failback(machine: "web")), in: inventory(architecture: .modernized)))
        #expect(modernized.action == "plannedFailover")
    }

    @Test func aMissingArmIdIsNamedNotSent() {
        #expect(throws: ASRMappingError(step: "app/x/web", missing: "machine web")) {
            try ASRStepMapping.request(for: step(.failback(machine: "web")), in: inventory(machineID: ""))
        }
    }

    @Test func manualAndWaitStepsAreRplsOwn() throws {
        #expect(try ASRStepMapping.request(for: step(.wait(seconds: 5)), in: inventory()) == nil)
    }
}

/// The requests rpl sends for the recorded classic scenarios, built from a
/// step and an inventory holding the recorded vault's ids, equal the ones
/// the Azure PowerShell module sent to a live vault, field for field
/// (Tests/Fixtures/asr-recorded-requests.json).
struct RecordedScenarioTests {
    static let vault = "/Subscriptions/b8aef8e1-37df-4f17-a537-f10e183c8eca/resourceGroups/PwsTestRG/providers/Microsoft.RecoveryServices/vaults/PwsTestVault"
    static let item = "\(vault)/replicationFabrics/9a60d28b65543435e52e1b81073c6a3aca7dd5d00d201e49fbe4e86848c495ed/replicationProtectionContainers/cloud_01fbe5d9-6391-45fc-a729-bef0b458c9fe/replicationProtectedItems/V2A-W2K16-201-new"

    /// The recorded estate: one Windows machine, its master target and process server, the failback policy, run-as account 2.
    let inventory = Inventory(
        masterTargets: [MasterTarget(name: "mt-win", os: .windows, host: "esx1", armID: "30AE6187-5869-8E44-B8AF6AA66E3ECC8F")],
        processServers: [ProcessServer(name: "ps-azure", site: .azure, armID: "14968BDF-E18E-7F45-A9B0E3EFAC2DDCA2")],
        machines: [Machine(name: "V2A-W2K16-201", os: .windows, armID: item)],
        failbackPolicies: [FailbackPolicyRecord(name: "Ploicyv2a-failback", kind: .inMage, armID: "\(vault)/replicationPolicies/Ploicyv2a-failback")],
        runAsAccounts: [RunAsAccount(name: "vcenter", armID: "2")])

    func recorded(_ operation: String) throws -> (path: String, body: JSONValue) {
        let request = try Recorded.request(operation)
        return (String(request.uri.split(separator: "?")[0]), request.body)
    }

    func sent(_ action: ExecutableStep.Action) throws -> ASRRequest {
        try #require(try ASRStepMapping.request(for: ExecutableStep(id: "s", action: action, group: nil, dependsOn: [],
                                                                    estimatedStart: 0, estimatedSeconds: 1), in: inventory))
    }

    @Test func theClassicReprotectIsTheRecordedRequest() throws {
        let expected = try recorded("reprotect classic (InMage)")
        let request = try sent(.reprotect(machine: "V2A-W2K16-201", masterTarget: "mt-win", processServer: "ps-azure",
                                          datastore: "datastore1", retention: "F:"))
        #expect(request.path.lowercased() == expected.path.lowercased())
        #expect(sameFields(request.body, expected.body), "\(request.body?.serialized() ?? "")")
    }

    /// Protection to Azure again, from a `protect` step: the configuration
    /// server's own process server (its id is the master target's too, as the
    /// recording shows) and the vault's forward InMageAzureV2 policy.
    @Test func theClassicProtectIsTheRecordedRequest() throws {
        let expected = try recorded("protect classic (InMageAzureV2)")
        let estate = Inventory(
            masterTargets: inventory.masterTargets,
            processServers: inventory.processServers + [ProcessServer(name: "ps-onprem", site: .onprem, armID: "30AE6187-5869-8E44-B8AF6AA66E3ECC8F")],
            machines: inventory.machines,
            failbackPolicies: inventory.failbackPolicies
                + [FailbackPolicyRecord(name: "Policyv2a", kind: .inMageAzureV2, armID: "\(Self.vault)/replicationPolicies/Policyv2a")],
            runAsAccounts: inventory.runAsAccounts)
        let action = ExecutableStep.Action.protect(ProtectAction(machine: "V2A-W2K16-201", architecture: .classic, processServer: "ps-onprem",
                                                                 appliance: nil, policy: nil))
        let request = try #require(try ASRStepMapping.request(for: ExecutableStep(id: "s", action: action, group: nil, dependsOn: [],
                                                                                  estimatedStart: 0, estimatedSeconds: 1), in: estate))
        #expect(request.path.lowercased() == expected.path.lowercased())
        #expect(sameFields(request.body, expected.body), "\(request.body?.serialized() ?? "")")
    }

    @Test func theClassicFailbackIsTheRecordedRequest() throws {
        let expected = try recorded("failback classic (unplannedFailover, InMage)")
        let request = try sent(.failback(machine: "V2A-W2K16-201"))
        #expect(request.path.lowercased() == expected.path.lowercased())
        #expect(sameFields(request.body, expected.body))
    }
}
