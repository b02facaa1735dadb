import Foundation
import RPLAzure
import RPLHTTP
import RPLSource
import Testing

struct RequestBodyTests {
    let policy = "/Subscriptions/b8aef8e1-37df-4f17-a537-f10e183c8eca/resourceGroups/PwsTestRG/providers/Microsoft.RecoveryServices/vaults/PwsTestVault/replicationPolicies/"

    @Test func theClassicReprotectBodyIsTheRecordedOne() throws {
        let recorded = try Recorded.request("reprotect classic (InMage)")
        let operation = ASROperation.reprotectClassic(.init(
            masterTargetID: "30AE6187-5869-8E44-B8AF6AA66E3ECC8F", processServerID: "14968BDF-E18E-7F45-A9B0E3EFAC2DDCA2",
            retentionDrive: "F", profileID: policy + "Ploicyv2a-failback", runAsAccountID: "2", datastoreName: "datastore1",
            excludedVolumeLabels: ["Temporary Storage"]))
        let request = operation.request(item: Recorded.item(of: recorded.uri))
        #expect(sameFields(request.body, recorded.body), "\(request.body?.serialized() ?? "")")
        #expect(recorded.uri.hasPrefix(request.path + "?"))
    }

    @Test func theClassicFailbackBodyIsTheRecordedOne() throws {
        let recorded = try Recorded.request("failback classic (unplannedFailover, InMage)")
        let request = ASROperation.failbackClassic(recoveryPointType: "LatestTime").request(item: Recorded.item(of: recorded.uri))
        #expect(sameFields(request.body, recorded.body))
        #expect(recorded.uri.hasPrefix(request.path + "?"))
    }

    @Test func theClassicProtectBodyIsTheRecordedOne() throws {
        let recorded = try Recorded.request("protect classic (InMageAzureV2)")
        let operation = ASROperation.protectClassic(.init(
            masterTargetID: "30AE6187-5869-8E44-B8AF6AA66E3ECC8F", processServerID: "30AE6187-5869-8E44-B8AF6AA66E3ECC8F",
            policyID: policy + "Policyv2a", runAsAccountID: "2"))
        let request = operation.request(item: Recorded.item(of: recorded.uri))
        #expect(sameFields(request.body, recorded.body))
        #expect(recorded.uri.hasPrefix(request.path + "?"))
    }

    @Test func commitHasNoBody() {
        let request = ASROperation.commit.request(item: "/i")
        #expect(request.body == nil && request.path == "/i/failoverCommit" && request.method == "POST")
    }

    @Test func theComparisonSeesADifferentField() {
        let a = ASROperation.failbackClassic(recoveryPointType: "LatestTime").body
        #expect(!sameFields(a, ASROperation.failbackClassic(recoveryPointType: "LatestTag").body))
        #expect(!sameFields(a, ASROperation.failbackModernized(recoveryPointType: "LatestTime").body))
    }
}

/// Every operation's body, as built, is one ARM accepts: the stand-in checks it against the API models.
@Suite(.enabled(if: StandIn.canRun, "needs python3 for the ARM stand-in"))
struct OperationsAgainstTheModelsTests {
    static let operations: [ASROperation] = [
        .reprotectClassic(.init(masterTargetID: "mt", processServerID: "ps", retentionDrive: "F", profileID: "p", runAsAccountID: "2",
                                datastoreName: "ds1", excludedVolumeLabels: ["Temporary Storage"])),
        .reprotectClassic(.init(masterTargetID: "mt", processServerID: "ps", retentionDrive: "/mnt/retention", profileID: "p")),
        .reprotectModernized(reprotectAgentID: "ra", datastoreName: "ds1", logStorageAccountID: "/subscriptions/s/sa", policyID: "p"),
        .reprotectModernized(reprotectAgentID: "ra", datastoreName: "ds1", logStorageAccountID: "/subscriptions/s/sa", policyID: nil),
        .failbackClassic(recoveryPointType: "LatestTime"),
        .failbackModernized(recoveryPointType: "ApplicationConsistent"),
        .failbackModernized(recoveryPointType: "CrashConsistent"),
        .commit,
        .protectClassic(.init(masterTargetID: "mt", processServerID: "ps", policyID: "p", runAsAccountID: "2", storageAccountID: "sa")),
        .protectModernized(processServerID: "ps", runAsAccountID: "ra", policyID: "p"),
        .protectModernized(processServerID: "ps", runAsAccountID: nil, policyID: "p"),
    ]

    @Test func everyOperationsBodyIsAcceptedByTheModels() throws {
        let standIn = try StandIn()
        let arm = ARMClient(endpoint: standIn.url, tokens: FixedToken("standin-token"), transport: CurlTransport(insecure: false))
        for operation in Self.operations {
            let request = operation.request(item: item)
            let answer = try arm.post(request.path, body: request.body)
            #expect(answer.status == 202, "\(operation)")
        }
    }
}
