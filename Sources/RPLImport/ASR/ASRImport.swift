import Foundation
import RPLInventory
import RPLSource

/// Site Recovery's answers (saved in a folder or read through ARM) → what the
/// vault says about the estate (`VaultEstate`). Each resource is recognised
/// by its `type` and, inside, by `instanceType`; a resource of a type rpl
/// does not know stops the import (`ARMResponseError`, nothing is written),
/// an item whose shape it does not understand is left out and reported
/// (`ASRSkip`) and the import goes on.
public enum ASRImport {
    public struct Outcome: Sendable {
        public var estate: VaultEstate
        public var skipped: [ASRSkip]
        /// Names rpl gave to components whose Site Recovery name another record already has.
        public var renamed: [String]
    }

    /// What rpl does with each resource type under `Microsoft.RecoveryServices/vaults`.
    enum Kind {
        case vault, fabric, protectedItem, policy, vcenter
        /// What discovery saw of a VM: the OS when its protected item's list entry leaves it out.
        case protectableItem
        /// Site Recovery resources with nothing for the inventory (containers, mappings, plans, jobs, ...).
        case ignored
    }

    static let kinds: [String: Kind] = [
        "": .vault,
        "/replicationfabrics": .fabric,
        "/replicationfabrics/replicationprotectioncontainers/replicationprotecteditems": .protectedItem,
        "/replicationpolicies": .policy,
        "/replicationfabrics/replicationvcenters": .vcenter,
        "/replicationfabrics/replicationprotectioncontainers": .ignored,
        "/replicationfabrics/replicationprotectioncontainers/replicationprotectioncontainermappings": .ignored,
        "/replicationfabrics/replicationprotectioncontainers/replicationprotectableitems": .protectableItem,
        "/replicationfabrics/replicationprotectioncontainers/replicationmigrationitems": .ignored,
        "/replicationfabrics/replicationrecoveryservicesproviders": .ignored,
        "/replicationfabrics/replicationnetworks": .ignored,
        "/replicationfabrics/replicationnetworks/replicationnetworkmappings": .ignored,
        "/replicationfabrics/replicationstorageclassifications": .ignored,
        "/replicationfabrics/replicationstorageclassifications/replicationstorageclassificationmappings": .ignored,
        "/replicationfabrics/replicationlogicalnetworks": .ignored,
        "/replicationrecoveryplans": .ignored,
        "/replicationjobs": .ignored,
        "/replicationalertsettings": .ignored,
        "/replicationevents": .ignored,
        "/replicationprotectionintents": .ignored,
        "/replicationvaultsettings": .ignored,
        "/replicationvaulthealth": .ignored,
    ]

    static func kind(of type: String) -> Kind? {
        let prefix = "microsoft.recoveryservices/vaults"
        guard type.hasPrefix(prefix) else { return nil }
        return kinds[String(type.dropFirst(prefix.count))]
    }

    public static func estate(from resources: [ARMResource], source: String) throws(ARMResponseError) -> Outcome {
        var byKind: [(Kind, ARMResource)] = []
        var seenIDs = Set<String>()
        for resource in resources {
            guard let kind = kind(of: resource.type) else {
                let type = resource.json["type"]?.stringValue ?? "(none)"
                throw ARMResponseError(source: resource.source,
                                       message: "\(resource.path) is a resource of type '\(type)', which is not a Site Recovery resource rpl knows")
            }
            // The same resource saved twice (a list and a single GET) counts once.
            if let id = resource.id?.lowercased(), !seenIDs.insert(id).inserted { continue }
            byKind.append((kind, resource))
        }
        var mapper = ASRMapper(source: source)
        mapper.vaultIdentity(from: byKind.compactMap { $0.1.id })
        for (kind, resource) in byKind where kind == .vault { mapper.vault(ASRItem(resource)) }
        for (kind, resource) in byKind where kind == .vcenter { mapper.record { m throws(ASRSkip) in try m.vcenter(ASRItem(resource)) } }
        for (kind, resource) in byKind where kind == .fabric { mapper.record { m throws(ASRSkip) in try m.fabric(ASRItem(resource)) } }
        for (kind, resource) in byKind where kind == .policy { mapper.record { m throws(ASRSkip) in try m.policy(ASRItem(resource)) } }
        for (kind, resource) in byKind where kind == .protectableItem {
            if let id = resource.id?.lowercased() { mapper.protectable[id] = ASRItem(resource) }
        }
        for (kind, resource) in byKind where kind == .protectedItem {
            mapper.record { m throws(ASRSkip) in try m.protectedItem(ASRItem(resource)) }
        }
        if byKind.contains(where: { $0.0 == .protectedItem }) { mapper.estate.complete.insert("machines") }
        if byKind.contains(where: { $0.0 == .policy }) { mapper.estate.complete.insert("failback_policies") }
        mapper.finish()
        return Outcome(estate: mapper.estate, skipped: mapper.skipped, renamed: mapper.renamed)
    }
}
