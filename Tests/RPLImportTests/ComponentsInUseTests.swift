import Foundation
import RPLInventory
import RPLSource
import Testing
@testable import RPLImport

/// The process server, master target and reprotect agent a machine uses now
/// (Site Recovery names them by component id on the protected item), and
/// datastores matched by their vSphere UUID before their name.
@Suite struct ComponentsInUseTests {
    static func estate(_ folder: String) throws -> VaultEstate {
        let directory = asrFixtures.appendingPathComponent(folder).path
        return try ASRImport.estate(from: ARMResponses.readFolder(directory), source: directory).estate
    }

    static func base() throws -> Inventory {
        try InventoryJSON.decode(Array(Data(contentsOf: asrFixtures.appendingPathComponent("classic-base.json"))))
    }

    /// The recorded item's provider-specific details.
    static func details(_ folder: String, _ file: String, item: String) throws -> JSONValue {
        let body = try readJSON(folder, file)
        let items = body["value"]?.arrayValue ?? [body]
        let found = try #require(items.first { $0["properties"]?["friendlyName"]?.stringValue == item })
        return try #require(found["properties"]?["providerSpecificDetails"])
    }

    @Test func aClassicMachineNamesTheProcessServerAndMasterTargetItsRecordedIdsPointTo() throws {
        let merged = InventoryMerge.merge(try Self.base(), withVault: try Self.estate("classic-failed-over")).inventory
        #expect(merged.validationIssues().isEmpty, "\(merged.validationIssues())")
        let details = try Self.details("classic-failed-over", "V2A-W2K16-201-new.json", item: "V2A-W2K16-201")
        let serverID = try #require(details["processServerId"]?.stringValue)
        let targetID = try #require(details["masterTargetId"]?.stringValue)
        let machine = try #require(merged.machine("V2A-W2K16-201"))
        let server = try #require(merged.processServers.first { $0.armID == serverID })
        let target = try #require(merged.masterTargets.first { $0.armID == targetID })
        #expect(machine.inUse.processServer == server.name)
        #expect(machine.inUse.masterTarget == target.name)
        #expect(machine.inUse.reprotectAgent == nil)
        // The process server shares its host's name with the master target: it is the renamed one.
        #expect(server.name == "V2A-PS-200-ps" && target.name == "V2A-PS-200")
    }

    @Test func aComponentTheInventoryDoesNotHaveStaysUnknownRatherThanDangling() throws {
        // No master target in an empty inventory (the vault does not say its host, so none is added).
        let merged = InventoryMerge.merge(Inventory(), withVault: try Self.estate("classic-failed-over")).inventory
        #expect(merged.validationIssues().isEmpty, "\(merged.validationIssues())")
        let machine = try #require(merged.machine("V2A-W2K16-201"))
        #expect(machine.inUse.masterTarget == nil)
        #expect(machine.inUse.processServer == "V2A-PS-200-ps")
    }

    @Test func modernizedMachinesNameTheirProcessServerOrReprotectAgent() throws {
        let merged = InventoryMerge.merge(Inventory(), withVault: try Self.estate("modernized")).inventory
        #expect(merged.validationIssues().isEmpty, "\(merged.validationIssues())")
        let forwardID = try #require(Self.details("modernized", "protectedItems.json", item: "web01")["processServerId"]?.stringValue)
        let backID = try #require(Self.details("modernized", "protectedItems-page2.json", item: "db01")["reprotectAgentId"]?.stringValue)
        let web = try #require(merged.machine("web01"))
        let db = try #require(merged.machine("db01"))
        #expect(web.inUse.processServer == merged.processServers.first { $0.armID == forwardID }?.name)
        #expect(web.inUse.processServer != nil && web.inUse.reprotectAgent == nil)
        let agents = merged.appliances.flatMap(\.reprotectAgents)
        #expect(db.inUse.reprotectAgent == agents.first { $0.armID == backID }?.name)
        #expect(db.inUse.reprotectAgent != nil && db.inUse.processServer == nil)
    }

    @Test func theComponentsSurviveTheStrictImportFormat() throws {
        let merged = InventoryMerge.merge(try Self.base(), withVault: try Self.estate("classic-failed-over")).inventory
        let encoded = InventoryJSON.encode(merged).serialized(pretty: true)
        #expect(encoded.contains("\"master_target\": \"V2A-PS-200\""))
        let reimported = try InventoryJSON.decode(Array(encoded.utf8))
        #expect(reimported.machine("V2A-W2K16-201")?.inUse == merged.machine("V2A-W2K16-201")?.inUse)
        #expect(InventoryJSON.encode(reimported).serialized(pretty: true) == encoded)
    }

    @Test func aMachineNamingAProcessServerTheInventoryLacksDoesNotValidate() throws {
        let document = """
            {"machines": [{"name": "web", "os": "linux", "process_server": "ps9", "master_target": "mt9", "reprotect_agent": "ra9"}]}
            """
        #expect(throws: InventoryJSONError.self) { try InventoryJSON.decode(Array(document.utf8)) }
        let issues = Inventory(machines: [Machine(name: "web", os: .linux,
                                                  inUse: ComponentsInUse(processServer: "ps9", masterTarget: "mt9", reprotectAgent: "ra9"))])
            .validationIssues().map(\.path)
        #expect(issues == ["machines[0].process_server", "machines[0].master_target", "machines[0].reprotect_agent"])
    }

    // MARK: Datastores by UUID

    @Test func theClassicVaultGivesDatastoresTheirRecordedUUID() throws {
        let estate = try Self.estate("classic")
        let recorded = try #require(readJSON("classic", "fabrics.json")["value"]?.arrayValue?.first?["properties"]?["customDetails"]?["masterTargetServers"]?
            .arrayValue?.flatMap { $0["dataStores"]?.arrayValue ?? [] })
        #expect(!recorded.isEmpty)
        for store in recorded {
            let name = try #require(store["symbolicName"]?.stringValue)
            #expect(estate.datastores.first { $0.record.name == name }?.record.uuid == store["uuid"]?.stringValue)
        }
    }

    @Test func theVaultMatchesADatastoreByUUIDAndKeepsTheVCentersName() throws {
        // The vCenter renamed DS-77; Site Recovery still says the old name.
        let renamed = Inventory(datastores: [Datastore(name: "DS-77-gold", uuid: "5C5D35B2-509CD314-AFBF-F8BC124D5EEA")])
        let merged = InventoryMerge.merge(renamed, withVault: try Self.estate("classic"))
        #expect(merged.inventory.datastore("DS-77") == nil, "matched by UUID, not added under the old name")
        let datastore = try #require(merged.inventory.datastore("DS-77-gold"))
        #expect(datastore.capacityGB == 2047 && datastore.freeGB == 247)
        #expect(merged.notes.contains { $0.contains("DS-77-gold") && $0.contains("DS-77") })
        #expect(merged.inventory.validationIssues().isEmpty, "\(merged.inventory.validationIssues())")
    }

    @Test func aVCenterPullFollowsADatastoreRenameByUUIDReferencesIncluded() throws {
        // A machine on another vCenter's host, which this pull leaves alone but for the reference.
        let old = Inventory(
            vcenters: [VCenter(name: "vc01"), VCenter(name: "vc02")],
            hosts: [ESXiHost(name: "esx01", vcenter: "vc01"), ESXiHost(name: "esx09", vcenter: "vc02")],
            datastores: [Datastore(name: "ds-old", mounts: [("esx01", .readWrite)], uuid: "5e1f0c2a-3b4d5e6f-7a8b-000c29aabbcc")],
            machines: [Machine(name: "elsewhere", os: .linux, onpremVM: OnPremVM(exists: true, host: "esx09", datastores: ["ds-old"]))])
        let pulled = PulledEstate(source: "https://vc01/sdk", vcenter: VCenter(name: "vc01"), hosts: [ESXiHost(name: "esx01", vcenter: "vc01")],
                                  datastores: [Datastore(name: "ds-new", freeGB: 5, mounts: [("esx01", .readWrite)],
                                                         uuid: "5E1F0C2A-3B4D5E6F-7A8B-000C29AABBCC")])
        let merged = InventoryMerge.merge(old, with: pulled)
        #expect(merged.inventory.datastores.map(\.name) == ["ds-new"])
        #expect(merged.inventory.datastore("ds-new")?.freeGB == 5)
        #expect(merged.inventory.machine("elsewhere")?.onpremVM.datastores == ["ds-new"])
        #expect(merged.notes.contains { $0.contains("ds-old") && $0.contains("ds-new") })
        #expect(merged.inventory.validationIssues().isEmpty, "\(merged.inventory.validationIssues())")
    }

    @Test func aPulledDatastoreWithoutUUIDKeepsTheOneTheInventoryHad() throws {
        let old = Inventory(datastores: [Datastore(name: "ds1", uuid: "u-1")])
        let pulled = PulledEstate(source: "vc", vcenter: VCenter(name: "vc01"), datastores: [Datastore(name: "ds1", freeGB: 7)])
        #expect(InventoryMerge.merge(old, with: pulled).inventory.datastore("ds1")?.uuid == "u-1")
    }

    @Test func theVCenterSaysADatastoreUUIDByVMFSInfoOrURL() throws {
        let info = try SOAPElement.parse(Array("<info><vmfs><uuid>5e1f0c2a-3b4d5e6f-7a8b-000c29aabbcc</uuid></vmfs></info>".utf8))
        #expect(VCenterMapping.datastoreUUID(info: info, url: "/tmp/x") == "5e1f0c2a-3b4d5e6f-7a8b-000c29aabbcc")
        #expect(VCenterMapping.datastoreUUID(info: nil, url: "ds:///vmfs/volumes/a1b2c3d4-e5f6a7b8/") == "a1b2c3d4-e5f6a7b8")
        #expect(VCenterMapping.datastoreUUID(info: nil, url: "/tmp/govcsim-DC0-LocalDS_0-1323444152") == nil)
        #expect(VCenterMapping.datastoreUUID(info: nil, url: "ds:///vmfs/volumes/") == nil)
    }
}
