import Foundation
import RPLInventory
import RPLSource
import Testing

/// docs/inventory.md, "Fields and allowed values": one table per record
/// (`#### \`machines[]\``), one row per key. The tests find the keys and
/// the enumerations from the code itself: the keys by encoding an
/// inventory that has every kind of record (the encoder writes every key),
/// the allowed values by giving the decoder a value no enumeration holds
/// and reading the list it answers with. So a new key or a new enum case
/// fails here until the page says it.
struct InventoryDocTests {
    static let page = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/inventory.md")

    /// Keys whose value is a map from names to values, not a record.
    static let maps: Set<String> = ["mounts"]

    /// One of every record, nested lists included.
    static func fullInventory() -> Inventory {
        Inventory(
            network: Network(link: .internet),
            configurationServer: ConfigurationServer(name: "cs01", armID: "/f/cs01"),
            // The facts only a pull fills in are set too, so that their keys are written.
            vcenters: [VCenter(name: "vc01", version: "7.0.3", apiType: "VirtualCenter", armID: "/vc/vc01")],
            hosts: [ESXiHost(name: "esx01", vcenter: "vc01", version: "7.0.3")],
            datastores: [Datastore(name: "ds1", capacityGB: 100, mounts: [("esx01", .readWrite)], uuid: "5e1f0c2a-3b4d5e6f-7a8b-000c29aabbcc")],
            masterTargets: [MasterTarget(name: "mt1", os: .linux, host: "esx01", diskUUIDs: ["u1"],
                                         volumes: [Volume(path: "/mnt/retention", filesystem: "ext4", capacityGB: 10, freeGB: 9)],
                                         identity: VMIdentity(instanceUUID: "i-mt1", biosUUID: "b-mt1"), armID: "MT-1")],
            processServers: [ProcessServer(name: "ps", site: .azure, armID: "PS-1")],
            machines: [Machine(name: "web", os: .linux, bootedInAzureAt: Date(timeIntervalSince1970: 0), replicationGroup: "g",
                               diskUUIDs: ["u2"], onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"],
                                                                    identity: VMIdentity(instanceUUID: "i-web", biosUUID: "b-web"),
                                                                    poweredOn: true),
                               forwardReplication: ForwardReplication(disksAtFailover: 1, diskGBAtFailover: 0), armID: "/items/web",
                               // Every component a machine can name, so that each key is encoded.
                               inUse: ComponentsInUse(processServer: "ps", masterTarget: "mt1", reprotectAgent: "ra01"))],
            vault: Vault(name: "vault01", region: "westeurope", armID: "/vaults/vault01"),
            appliances: [ReplicationAppliance(name: "appliance01", lastHeartbeat: Date(timeIntervalSince1970: 0),
                                              processServers: ["ps"],
                                              reprotectAgents: [ReprotectAgent(name: "ra01", lastHeartbeat: Date(timeIntervalSince1970: 0),
                                                                               vcenter: "vc01", accessibleDatastores: ["ds1"],
                                                                               armID: "RA-1")],
                                              armID: "/f/appliance01")],
            logStorageAccounts: [LogStorageAccount(name: "lsa01", region: "westeurope", armID: "/sa/lsa01")],
            failbackPolicies: [FailbackPolicyRecord(name: "p1", kind: .inMageRcmFailback, armID: "/policies/p1")],
            runAsAccounts: [RunAsAccount(name: "vcenteruser", armID: "1")])
    }

    /// A key of a record: `section` as the page's heading writes it
    /// (`machines[].onprem_vm`), `path` where it sits in the encoded document.
    struct Leaf {
        var section: String
        var key: String
        var path: [PathStep]
    }

    enum PathStep {
        case key(String)
        case index(Int)
    }

    static func leaves(of value: JSONValue, section: String, path: [PathStep]) -> [Leaf] {
        guard case let .object(members) = value else { return [] }
        var result: [Leaf] = []
        for (key, member) in members {
            let here = path + [.key(key)]
            let nested = section.isEmpty ? key : "\(section).\(key)"
            result.append(Leaf(section: section, key: key, path: here))
            if maps.contains(key) {
                // The map's values are leaves of the same row.
                if case let .object(entries) = member {
                    for (name, _) in entries { result.append(Leaf(section: section, key: key, path: here + [.key(name)])) }
                }
            } else if case .object = member {
                result += leaves(of: member, section: nested, path: here)
            } else if case let .array(items) = member, case .object = items.first {
                result += leaves(of: items[0], section: nested + "[]", path: here + [.index(0)])
            }
        }
        return result
    }

    /// Every key of the document below its top level.
    static var documentLeaves: [Leaf] {
        leaves(of: InventoryJSON.encode(fullInventory()), section: "", path: []).filter { !$0.section.isEmpty }
    }

    static func replacing(_ value: JSONValue, at path: ArraySlice<PathStep>, with new: JSONValue) -> JSONValue {
        guard let step = path.first else { return new }
        switch (step, value) {
        case let (.key(key), .object(members)):
            return .object(members.map { $0.0 == key ? ($0.0, replacing($0.1, at: path.dropFirst(), with: new)) : $0 })
        case let (.index(i), .array(items)):
            var items = items
            items[i] = replacing(items[i], at: path.dropFirst(), with: new)
            return .array(items)
        default:
            return value
        }
    }

    static func pathText(_ path: [PathStep]) -> String {
        var text = ""
        for step in path {
            switch step {
            case let .key(key): text += text.isEmpty ? key : ".\(key)"
            case let .index(i): text += "[\(i)]"
            }
        }
        return text
    }

    /// The values the decoder allows at a string leaf, or nil when it takes
    /// any string there.
    static func allowedValues(at leaf: Leaf) -> [String]? {
        let document = InventoryJSON.encode(fullInventory())
        guard case .string = lookUp(document, leaf.path[...]) else { return nil }
        let probe = replacing(document, at: leaf.path[...], with: .string("no-such-value"))
        let issues: [InventoryIssue]
        do {
            _ = try InventoryJSON.decode(probe)
            return nil
        } catch {
            issues = error.issues
        }
        guard let issue = issues.first(where: { $0.path == pathText(leaf.path) && $0.message.contains("is not one of") }),
              let list = issue.message.split(separator: "is not one of ", maxSplits: 1).last
        else { return nil }
        let quoted = String(list).matches(of: /"([^"]*)"/).map { String($0.output.1) }
        return quoted
    }

    static func lookUp(_ value: JSONValue, _ path: ArraySlice<PathStep>) -> JSONValue? {
        guard let step = path.first else { return value }
        switch (step, value) {
        case let (.key(key), .object(members)): return members.first { $0.0 == key }.flatMap { lookUp($0.1, path.dropFirst()) }
        case let (.index(i), .array(items)): return i < items.count ? lookUp(items[i], path.dropFirst()) : nil
        default: return nil
        }
    }

    /// section → key → the row's third cell ("allowed values").
    static func documentedRows() throws -> [String: [String: String]] {
        let text = try String(contentsOf: page, encoding: .utf8)
        var rows: [String: [String: String]] = [:]
        var section: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                section = line.hasPrefix("#### `") ? String(line.dropFirst(6).prefix { $0 != "`" }) : nil
                continue
            }
            guard let section, line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5 else { continue }
            rows[section, default: [:]][cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[3]
        }
        return rows
    }

    static func backticked(_ cell: String) -> [String] {
        cell.matches(of: /`([^`]*)`/).map { String($0.output.1) }
    }

    @Test func everyKeyOfEveryRecordHasARow() throws {
        let rows = try Self.documentedRows()
        let leaves = Self.documentLeaves
        #expect(leaves.count > 50, "the fixture inventory lost records: \(leaves.count) keys")
        let missing = leaves.filter { rows[$0.section]?[$0.key] == nil }.map { "\($0.section).\($0.key)" }
        #expect(missing.isEmpty, "docs/inventory.md has no row for \(Set(missing).sorted())")
    }

    @Test func everyRowIsAKeyTheFormatHas() throws {
        let known = Set(Self.documentLeaves.map { "\($0.section).\($0.key)" })
        let stale = try Self.documentedRows().flatMap { section, keys in keys.keys.map { "\(section).\($0)" } }
            .filter { !known.contains($0) }
        #expect(stale.isEmpty, "docs/inventory.md documents keys the import format does not have: \(stale.sorted())")
    }

    /// An enumerated key's row names exactly the values the decoder allows
    /// ("one of `a`, `b`"); a free-text key's row does not say "one of".
    @Test func everyEnumerationListsExactlyItsAllowedValues() throws {
        let rows = try Self.documentedRows()
        var enumerations = 0
        for leaf in Self.documentLeaves {
            guard let cell = rows[leaf.section]?[leaf.key] else { continue }
            let allowed = Self.allowedValues(at: leaf)
            let what = "docs/inventory.md, \(leaf.section) `\(leaf.key)`"
            if let allowed {
                enumerations += 1
                #expect(cell.contains("one of"), "\(what) is an enumeration: say \"one of\" and list \(allowed)")
                let listed = Self.backticked(String(cell.split(separator: "one of", maxSplits: 1).last ?? ""))
                #expect(Set(allowed).subtracting(listed).isEmpty, "\(what) misses \(Set(allowed).subtracting(listed).sorted())")
                #expect(Set(listed).subtracting(allowed).isEmpty, "\(what) lists values the decoder refuses: \(Set(listed).subtracting(allowed).sorted())")
            } else if !Self.maps.contains(leaf.key) {
                #expect(!cell.contains("one of"), "\(what) takes any value of its type, but the page says \"one of\"")
            }
        }
        #expect(enumerations >= 12, "found only \(enumerations) enumerated keys: the probe no longer reaches the decoder")
    }

    /// Every ```json block of the page is a document the importer accepts.
    @Test func theExampleDocumentsImport() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let blocks = text.split(separator: "```json\n").dropFirst().map { String($0.split(separator: "```", maxSplits: 1)[0]) }
        #expect(!blocks.isEmpty, "docs/inventory.md shows no example document")
        for block in blocks {
            do {
                let inventory = try InventoryJSON.decode(Array(block.utf8))
                #expect(!inventory.machines.isEmpty)
            } catch {
                Issue.record("docs/inventory.md's example does not import: \(error)")
            }
        }
    }
}
