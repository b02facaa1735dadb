import Foundation
import RPLImport
import RPLInventory
import RPLSource
import Testing

/// What fuzz-asr found (Fuzz/regressions/asr holds the inputs): numbers in a
/// saved response that the import turned into counts the strict importer
/// refuses, or that trapped when converted to an integer. Each such item is
/// now left out, named by its file and JSON path, and the rest imports.
@Suite struct ASRFuzzFindingsTests {
    /// A fixture file with one text replaced, imported alone.
    static func importing(_ folder: String, _ file: String, replacing old: String, with new: String) throws -> ASRImport.Outcome {
        let text = try String(contentsOf: asrFixtures.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
        #expect(text.contains(old), "the fixture no longer has \(old)")
        let resources = try ARMResponses.resources(inFile: Array(text.replacingOccurrences(of: old, with: new).utf8), source: file)
        return try ASRImport.estate(from: resources, source: folder)
    }

    /// The merged inventory validates, and its JSON is read back by the strict importer as itself.
    static func expectStrictRoundTrip(_ outcome: ASRImport.Outcome) throws {
        let inventory = InventoryMerge.merge(Inventory(), withVault: outcome.estate).inventory
        #expect(inventory.validationIssues().isEmpty)
        let encoded = InventoryJSON.encode(inventory).serialized(pretty: true)
        let reimported = try InventoryJSON.decode(Array(encoded.utf8))
        #expect(InventoryJSON.encode(reimported).serialized(pretty: true) == encoded)
    }

    /// Site Recovery's times have seven decimals; the import format keeps milliseconds.
    @Test func anImportedVaultReadsBackFromItsJSONAsTheSameInventory() throws {
        for folder in ["classic", "classic-failed-over", "modernized"] {
            let directory = asrFixtures.appendingPathComponent(folder).path
            let outcome = try ASRImport.estate(from: ARMResponses.readFolder(directory), source: directory)
            let inventory = InventoryMerge.merge(Inventory(), withVault: outcome.estate).inventory
            let reimported = try InventoryJSON.decode(Array(InventoryJSON.encode(inventory).serialized(pretty: true).utf8))
            #expect(reimported == inventory, "\(folder)")
        }
    }

    @Test func aPolicyWithAZeroRPOThresholdIsLeftOutNotImportedAsOneTheStrictImporterRefuses() throws {
        let outcome = try Self.importing("classic", "policy-Ploicyv2a-failback.json",
                                         replacing: "\"recoveryPointThresholdInMinutes\": 15", with: "\"recoveryPointThresholdInMinutes\": 0")
        #expect(outcome.estate.failbackPolicies.isEmpty)
        #expect(outcome.skipped.map(\.path) == ["$.properties.providerSpecificDetails.recoveryPointThresholdInMinutes"])
        #expect(outcome.skipped.first?.source == "policy-Ploicyv2a-failback.json")
        try Self.expectStrictRoundTrip(outcome)
    }

    @Test func aNegativeRetentionIsLeftOutNotImportedAsANegativeCount() throws {
        let outcome = try Self.importing("classic", "policy-Ploicyv2a-failback.json",
                                         replacing: "\"recoveryPointHistory\": 1440", with: "\"recoveryPointHistory\": -1440")
        #expect(outcome.estate.failbackPolicies.isEmpty)
        #expect(outcome.skipped.map(\.path) == ["$.properties.providerSpecificDetails.recoveryPointHistory"])
    }

    @Test func aHugeRetentionVolumeIsLeftOutRatherThanTrapping() throws {
        let outcome = try Self.importing("classic", "fabrics.json",
                                         replacing: "\"capacityInBytes\": 34357637120", with: "\"capacityInBytes\": 1e300")
        #expect(outcome.skipped.contains { $0.path.hasSuffix(".retentionVolumes[0].capacityInBytes") }, "\(outcome.skipped)")
        #expect(outcome.estate.masterTargets.count == 2)
        try Self.expectStrictRoundTrip(outcome)
    }

    @Test func aDatastoreOfAbsurdSizeIsLeftOutRatherThanTrapping() throws {
        let outcome = try Self.importing("classic", "fabrics.json", replacing: "\"capacity\": \"439.5\"", with: "\"capacity\": \"1e30\"")
        #expect(outcome.skipped.contains { $0.path.hasSuffix(".dataStores[0].capacity") }, "\(outcome.skipped)")
        try Self.expectStrictRoundTrip(outcome)
    }

    @Test func aNegativeProtectedItemCountLeavesItsProcessServerOut() throws {
        let outcome = try Self.importing("modernized", "fabrics.json",
                                         replacing: "\"protectedItemCount\": 2", with: "\"protectedItemCount\": -2")
        #expect(outcome.skipped.contains { $0.path.hasSuffix(".processServers[0].protectedItemCount") }, "\(outcome.skipped)")
        #expect(outcome.estate.appliances.allSatisfy { $0.protectedItems >= 0 })
    }
}
