import Foundation
import Testing

/// `rpl inventory pull --vault`: the real binary against the ARM stand-in
/// (Tests/ARMStandIn) serving the modernized fixtures, a page per item.
@Suite(.enabled(if: StandIn.canRun, "needs python3 for the ARM stand-in"))
struct VaultPullCLITests {
    static let vault = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/vault-mod"

    @Test func theVaultIsPulledThroughEveryPageAndMerged() throws {
        let standIn = try VaultStandIn([])
        let directory = try makeWorkDirectory()
        let pulled = try rpl(["inventory", "pull", "--vault", Self.vault, "--arm-endpoint", standIn.url, "--db", "estate.sqlite"],
                             in: directory, environment: ["AZURE_ACCESS_TOKEN": "standin-token"])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout.contains("added    machine web01"))
        #expect(pulled.stdout.contains("added    machine db01"), "the second page of protected items was read")
        #expect(pulled.stdout.contains("added    replication appliance appliance01"))
        #expect(pulled.stdout.contains("added    vault vault-mod"))
        let log = try String(contentsOf: standIn.log, encoding: .utf8)
        let itemPages = log.split(separator: "\n").filter { $0.contains("\"path\": \"\(Self.vault)/replicationProtectedItems\"") }
        #expect(itemPages.count == 2, "a page per item, the second through nextLink")
        // The same vault offline gives the same inventory.
        let offline = try rpl(["inventory", "import", "--from", "asr", repositoryRoot.appendingPathComponent("Tests/Fixtures/asr/modernized").path,
                               "--db", "offline.sqlite"], in: directory)
        #expect(offline.status == 0, "\(offline.stderr)")
        let live = try rpl(["inventory", "show", "--format", "json", "--inventory", "estate.sqlite"], in: directory)
        let saved = try rpl(["inventory", "show", "--format", "json", "--inventory", "offline.sqlite"], in: directory)
        #expect(try Self.byName(live.stdout) == Self.byName(saved.stdout))
        #expect(try Self.byName(live.stdout).contains("web01"))
    }

    /// The document with each kind's records in name order (the folder is read in file-name order, ARM in its own).
    static func byName(_ json: String) throws -> String {
        guard var document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return "" }
        for (key, value) in document {
            if let records = value as? [[String: Any]] {
                document[key] = records.sorted { ($0["name"] as? String ?? "") < ($1["name"] as? String ?? "") }
            }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func aVaultThatAnswers403IsRefusedNamingTheURLAndNothingIsWritten() throws {
        let standIn = try VaultStandIn(["--forbid", "replicationProtectedItems"])
        let directory = try makeWorkDirectory()
        let pulled = try rpl(["inventory", "pull", "--vault", Self.vault, "--arm-endpoint", standIn.url, "--db", "estate.sqlite"],
                             in: directory, environment: ["AZURE_ACCESS_TOKEN": "standin-token"])
        #expect(pulled.status == 2)
        #expect(pulled.stderr.contains("\(standIn.url)\(Self.vault)/replicationProtectedItems?api-version="), "\(pulled.stderr)")
        #expect(pulled.stderr.contains("error[RP962]") && pulled.stderr.contains("403"))
        #expect(pulled.stderr.contains("nothing was written to estate.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("estate.sqlite").path))
    }
}

/// The stand-in with the modernized vault laid out by ARM path, a page per item.
final class VaultStandIn {
    let resources: URL
    let standIn: StandIn
    var url: String { standIn.url }
    var log: URL { standIn.log }

    init(_ arguments: [String]) throws {
        resources = try makeWorkDirectory()
        try Self.layOut(in: resources.appendingPathComponent("arm"))
        standIn = try StandIn(["--resources", resources.appendingPathComponent("arm").path, "--page-size", "1"] + arguments)
    }

    /// The fixtures at the paths ARM serves them from: `/a/b/c` is `a/b/c.json`.
    static func layOut(in root: URL) throws {
        let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/asr/modernized")
        func json(_ name: String) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(name)))
        }
        func write(_ path: String, _ value: Any) throws {
            let file = root.appendingPathComponent(path + ".json")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONSerialization.data(withJSONObject: value).write(to: file)
        }
        let empty: [String: Any] = ["value": [Any]()]
        let vault = String(VaultPullCLITests.vault.dropFirst())
        let items = ((try json("protectedItems.json") as? [String: Any])?["value"] as? [Any] ?? [])
            + ((try json("protectedItems-page2.json") as? [String: Any])?["value"] as? [Any] ?? [])
        try write(vault, try json("vault.json"))
        try write("\(vault)/replicationFabrics", try json("fabrics.json"))
        try write("\(vault)/replicationFabrics/vmware-site/replicationProtectionContainers", empty)
        try write("\(vault)/replicationFabrics/vmware-site/replicationvCenters", try json("vcenters.json"))
        try write("\(vault)/replicationFabrics/appliance-fabric/replicationProtectionContainers", ["value": [[
            "id": "/\(vault)/replicationFabrics/appliance-fabric/replicationProtectionContainers/container01", "name": "container01",
            "type": "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers", "properties": [String: Any](),
        ]]])
        try write("\(vault)/replicationFabrics/appliance-fabric/replicationProtectionContainers/container01/replicationProtectionContainerMappings", empty)
        try write("\(vault)/replicationFabrics/appliance-fabric/replicationvCenters", empty)
        try write("\(vault)/replicationProtectedItems", ["value": items])
        try write("\(vault)/replicationPolicies", try json("policies.json"))
        try write("\(vault)/replicationRecoveryPlans", empty)
    }
}
