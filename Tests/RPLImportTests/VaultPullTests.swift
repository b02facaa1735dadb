import Foundation
import RPLImport
import RPLSource
import Testing

/// ARM as the modernized fixtures describe it: each list answered from its
/// file, the protected items in two pages joined by `nextLink`.
struct FixtureARM: ARMReading {
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    var pages: [String: JSONValue]
    /// URLs asked, in order.
    let asked = Asked()
    var refuse: String?

    final class Asked: @unchecked Sendable {
        var urls: [String] = []
    }

    func url(_ path: String) -> String {
        path.hasPrefix("https://") ? path : "\(VaultPullTests.endpoint)\(path)?api-version=test"
    }

    func get(_ path: String) throws -> JSONValue {
        let url = url(path)
        asked.urls.append(url)
        if let refuse, url.contains(refuse) { throw Refused(description: "HTTP 403 AuthorizationFailed") }
        let path = String(url.split(separator: "?", maxSplits: 1)[0])
        if let page = pages[url] ?? pages[path] { return page }
        return .object([("value", .array([]))])
    }
}

@Suite struct VaultPullTests {
    static let endpoint = "https://arm.test"
    static let vault = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/vault-mod"

    static func arm() throws -> FixtureARM {
        func file(_ name: String) throws -> JSONValue { try readJSON("modernized", name) }
        let nextLink = try #require(try file("protectedItems.json")["nextLink"]?.stringValue)
        return FixtureARM(pages: [
            endpoint + vault: try file("vault.json"),
            endpoint + vault + "/replicationFabrics": try file("fabrics.json"),
            endpoint + vault + "/replicationFabrics/vmware-site/replicationvCenters": try file("vcenters.json"),
            endpoint + vault + "/replicationPolicies": try file("policies.json"),
            endpoint + vault + "/replicationProtectedItems": try file("protectedItems.json"),
            // Followed as ARM gives it, whatever its host.
            nextLink: try file("protectedItems-page2.json"),
        ])
    }

    @Test func everyListIsReadAndFollowedThroughNextLink() throws {
        let arm = try Self.arm()
        let resources = try VaultPull.read(vault: Self.vault, reader: arm)
        let outcome = try ASRImport.estate(from: resources, source: Self.vault)
        #expect(Set(outcome.estate.machines.map(\.record.name)) == ["web01", "db01"], "the second page was read")
        #expect(outcome.estate.vaultRegion == "westeurope")
        #expect(outcome.estate.appliances.first?.reprotectAgents.first?.vcenter == "vc01.contoso.local")
        #expect(arm.asked.urls.allSatisfy { $0.contains("api-version=") || $0.contains("skiptoken") })
        #expect(arm.asked.urls.contains { $0.contains("$skiptoken=page2") })
        #expect(arm.asked.urls.contains { $0.hasSuffix("/replicationRecoveryPlans?api-version=test") })
        // Each resource names the URL it came from, for messages.
        #expect(resources.first { $0.id?.hasSuffix("/db01") == true }?.source.contains("skiptoken=page2") == true)
    }

    @Test func aRefusedRequestIsAnErrorNamingItsURL() throws {
        var arm = try Self.arm()
        arm.refuse = "/replicationProtectedItems"
        do {
            _ = try VaultPull.read(vault: Self.vault, reader: arm)
            Issue.record("a refused list was read")
        } catch {
            #expect(error.source.hasPrefix(Self.endpoint + Self.vault + "/replicationProtectedItems"))
            #expect(error.message.contains("403"))
        }
    }
}
