import Foundation
import RPLImport
import RPLInventory
import RPLSource
import Testing

/// The modernized architecture's responses, written from the API models
/// (no public recording exists): the fixtures use only the models' fields,
/// and every fact rpl takes from them comes out.
@Suite struct ASRModernizedImportTests {
    static func imported() throws -> ASRImport.Outcome {
        let directory = asrFixtures.appendingPathComponent("modernized").path
        return try ASRImport.estate(from: ARMResponses.readFolder(directory), source: directory)
    }

    /// Model name → its fields, from the copy of the models in Tests/Fixtures/asr/models.
    static func models() throws -> [String: Set<String>] {
        let document = try JSONValue.parse(Array(Data(contentsOf: asrFixtures.appendingPathComponent("models/fields.json"))))
        guard case let .object(models)? = document["models"] else { return [:] }
        return Dictionary(uniqueKeysWithValues: models.map { name, model in
            (name, Set(model["fields"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        })
    }

    /// Where each model sits in a resource of each kind: a key path (`[]` walks a list) → model.
    static let layout: [String: [(path: [String], model: String)]] = [
        "fabrics.json": [
            ([], "Fabric"), (["properties"], "FabricProperties"),
            (["properties", "customDetails", "processServers", "[]"], "ProcessServerDetails"),
            (["properties", "customDetails", "reprotectAgents", "[]"], "ReprotectAgentDetails"),
            (["properties", "customDetails", "replicationAgents", "[]"], "ReplicationAgentDetails"),
        ],
        "vcenters.json": [([], "VCenter"), (["properties"], "VCenterProperties")],
        "policies.json": [([], "Policy"), (["properties"], "PolicyProperties")],
        "protectedItems.json": [
            ([], "ReplicationProtectedItem"), (["properties"], "ReplicationProtectedItemProperties"),
            (["properties", "providerSpecificDetails"], "InMageRcmReplicationDetails"),
            (["properties", "providerSpecificDetails", "protectedDisks", "[]"], "InMageRcmProtectedDiskDetails"),
            (["properties", "providerSpecificDetails", "discoveredVmDetails"], "InMageRcmDiscoveredProtectedVmDetails"),
        ],
        "protectedItems-page2.json": [
            ([], "ReplicationProtectedItem"), (["properties"], "ReplicationProtectedItemProperties"),
            (["properties", "providerSpecificDetails"], "InMageRcmFailbackReplicationDetails"),
            (["properties", "providerSpecificDetails", "protectedDisks", "[]"], "InMageRcmFailbackProtectedDiskDetails"),
            (["properties", "providerSpecificDetails", "discoveredVmDetails"], "InMageRcmFailbackDiscoveredProtectedVmDetails"),
        ],
    ]

    static func objects(at path: ArraySlice<String>, in value: JSONValue) -> [JSONValue] {
        guard let step = path.first else { return [value] }
        if step == "[]" { return (value.arrayValue ?? []).flatMap { objects(at: path.dropFirst(), in: $0) } }
        return value[step].map { objects(at: path.dropFirst(), in: $0) } ?? []
    }

    /// The models win: a key the model does not have is a fixture error.
    @Test func theFixturesUseOnlyTheModelsFields() throws {
        let models = try Self.models()
        #expect(models.count >= 20, "the models' copy lost its content")
        var checked = 0
        for (file, places) in Self.layout {
            let resources = try readJSON("modernized", file)["value"]?.arrayValue ?? []
            #expect(!resources.isEmpty, "\(file) has no resources")
            for resource in resources {
                for (path, model) in places {
                    let fields = try #require(models[model], "no model \(model)")
                    for object in Self.objects(at: path[...], in: resource) {
                        guard case let .object(members) = object else { continue }
                        checked += 1
                        for (key, _) in members {
                            #expect(fields.contains(key), "\(file) \(path.joined(separator: ".")): '\(key)' is not a field of \(model)")
                        }
                    }
                }
            }
        }
        // The policies' provider details, by their discriminator.
        for policy in try readJSON("modernized", "policies.json")["value"]?.arrayValue ?? [] {
            guard case let .object(members)? = policy["properties"]?["providerSpecificDetails"] else { continue }
            let model = policy["properties"]?["providerSpecificDetails"]?["instanceType"]?.stringValue == "InMageRcmFailback"
                ? "InMageRcmFailbackPolicyDetails" : "InMageRcmPolicyDetails"
            for (key, _) in members { #expect(models[model]?.contains(key) == true, "policy: '\(key)' is not a field of \(model)") }
        }
        #expect(checked >= 15)
    }

    @Test func theApplianceItsComponentsAndTheVaultComeOut() throws {
        let outcome = try Self.imported()
        #expect(outcome.skipped.isEmpty, "\(outcome.skipped)")
        let estate = outcome.estate
        #expect(estate.vaultName == "vault-mod" && estate.vaultRegion == "westeurope")
        #expect(estate.vaultARMID?.hasSuffix("/vaults/vault-mod") == true)
        let appliance = try #require(estate.appliances.first)
        #expect(estate.appliances.count == 1, "the components share one BIOS id: one appliance")
        #expect(appliance.name == "appliance01")
        #expect(appliance.health == .warning, "its reprotect agent is Warning")
        #expect(appliance.lastHeartbeat == ISO8601.parse("2026-11-29T08:00:00Z"))
        #expect(appliance.protectedItems == 2)
        #expect(appliance.processServers == ["appliance01-ps"])
        #expect(appliance.armID?.hasSuffix("/replicationFabrics/appliance-fabric") == true)
        let agent = try #require(appliance.reprotectAgents.first)
        #expect(agent.name == "appliance01-ra")
        #expect(agent.armID == "7f3c1c9e-0000-4000-8000-000000000021")
        #expect(agent.vcenter == "vc01.contoso.local", "vcenterId names the vCenter by its internal id")
        #expect(agent.accessibleDatastores == ["ds-gold", "ds2"])
        #expect(estate.vcenters.map(\.record.armID) == [try readJSON("modernized", "vcenters.json")["value"]?.arrayValue?.first?["id"]?.stringValue])
        let policy = try #require(estate.failbackPolicies.first)
        #expect(estate.failbackPolicies.count == 1)
        #expect(policy.record.kind == .inMageRcmFailback && policy.record.appConsistentFrequencyMinutes == 120)
        #expect(Set(policy.unsaid) == ["rpo_threshold_minutes", "recovery_point_retention_minutes"], "the model has neither")
        #expect(estate.logStorageAccounts.map(\.name) == ["lsafailback"])
    }

    @Test func protectedItemsOfBothDirectionsBecomeMachines() throws {
        let estate = try Self.imported().estate
        let web = try #require(estate.machines.first { $0.record.name == "web01" }?.record)
        #expect(web.architecture == .modernized)
        #expect(web.state == .failedOver && web.forwardReplication.failoverCommitted)
        #expect(web.os == .windows && web.osVersion == "Windows Server 2022 Datacenter")
        #expect(web.disks == 2 && web.diskGB == 96, "128 GB and 64 GB: 96 GB on average")
        #expect(web.staticIP)
        #expect(web.forwardReplication.agentReregistered)
        #expect(web.onpremVM.exists && web.onpremVM.datastores == ["ds-gold"] && web.onpremVM.poweredOn == false)
        #expect(web.replicationGroup == "web-tier")
        #expect(web.bootedInAzureAt == ISO8601.parse("2026-11-28T22:10:00Z"))

        let db = try #require(estate.machines.first { $0.record.name == "db01" }?.record)
        #expect(db.state == .reprotected, "InMageRcmFailback, Protected: replicating back, ready to fail back")
        #expect(db.os == .linux)
        #expect(db.diskUUIDs == ["6000C29b-1111-2222-3333-444455556666", "6000C29b-1111-2222-3333-777788889999"])
        #expect(!db.onpremVM.exists, "discovery says the VM is deleted")
        #expect(db.onpremVM.datastores == ["ds2"])
        #expect(!db.forwardReplication.agentReregistered)
        #expect(db.forwardReplication.health == .warning)
        #expect(db.forwardReplication.plannedFailoverFailed, "lastPlannedFailoverStatus is Failed")
        #expect(!web.forwardReplication.plannedFailoverFailed)
        #expect(db.armID?.hasSuffix("/replicationProtectedItems/db01") == true)
    }
}
