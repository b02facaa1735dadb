import RPLASR
import RPLAzure
import RPLInventory
import RPLRuntime
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
                                                           profileID: "/policies/fb", runAsAccountID: "2", datastoreName: "ds1"))
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
