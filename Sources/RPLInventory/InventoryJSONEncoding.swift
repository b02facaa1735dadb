import Foundation
import RPLSource

/// The kinds of record that `rpl inventory show KIND` lists, with their key
/// in the import format.
public enum InventoryKind: String, Sendable, CaseIterable {
    case machines
    case masterTargets = "master-targets"
    case processServers = "process-servers"
    case datastores
    case hosts
    case vcenters
    case network
    case configurationServer = "configuration-server"
    case vault
    case appliances = "replication-appliances"
    case logStorageAccounts = "log-storage-accounts"
    case failbackPolicies = "failback-policies"
    case runAsAccounts = "run-as-accounts"

    /// Accepts the CLI spelling, the import format's key and their mixes:
    /// `master-targets`, `master_targets`, `esxi_hosts`, `Machines`.
    public init?(spelling: String) {
        let normal = spelling.lowercased().replacingOccurrences(of: "_", with: "-")
        switch normal {
        case "esxi-hosts", "esxi-host", "host": self = .hosts
        case "machine": self = .machines
        case "master-target": self = .masterTargets
        case "process-server": self = .processServers
        case "datastore": self = .datastores
        case "vcenter": self = .vcenters
        case "replication-appliance", "appliance", "appliances": self = .appliances
        case "log-storage-account": self = .logStorageAccounts
        case "failback-policy": self = .failbackPolicies
        case "run-as-account": self = .runAsAccounts
        default:
            guard let kind = InventoryKind(rawValue: normal) else { return nil }
            self = kind
        }
    }

    /// The key of this kind in the import format.
    public var jsonKey: String {
        switch self {
        case .machines: "machines"
        case .masterTargets: "master_targets"
        case .processServers: "process_servers"
        case .datastores: "datastores"
        case .hosts: "esxi_hosts"
        case .vcenters: "vcenters"
        case .network: "network"
        case .configurationServer: "configuration_server"
        case .vault: "vault"
        case .appliances: "replication_appliances"
        case .logStorageAccounts: "log_storage_accounts"
        case .failbackPolicies: "failback_policies"
        case .runAsAccounts: "run_as_accounts"
        }
    }
}

/// Writing the import format back: every key, defaults included, so that
/// what `inventory show --format json` prints can be imported again as is.
extension InventoryJSON {
    public static func encode(_ inventory: Inventory) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let network = inventory.network { members.append(("network", encode(network))) }
        if let server = inventory.configurationServer { members.append(("configuration_server", encode(server))) }
        if let vault = inventory.vault { members.append(("vault", encode(vault))) }
        for kind in [InventoryKind.vcenters, .hosts, .datastores, .masterTargets, .processServers, .machines, .appliances,
                     .logStorageAccounts, .failbackPolicies, .runAsAccounts] {
            members.append((kind.jsonKey, encode(inventory, kind: kind)))
        }
        return .object(members)
    }

    /// The records of one kind: an array, or for the network and the
    /// configuration server their object (`null` when the inventory has none).
    public static func encode(_ inventory: Inventory, kind: InventoryKind) -> JSONValue {
        switch kind {
        case .machines: .array(inventory.machines.map(encode))
        case .masterTargets: .array(inventory.masterTargets.map(encode))
        case .processServers: .array(inventory.processServers.map(encode))
        case .datastores: .array(inventory.datastores.map(encode))
        case .hosts: .array(inventory.hosts.map(encode))
        case .vcenters: .array(inventory.vcenters.map(encode))
        case .network: inventory.network.map(encode) ?? .null
        case .configurationServer: inventory.configurationServer.map(encode) ?? .null
        case .vault: inventory.vault.map(encode) ?? .null
        case .appliances: .array(inventory.appliances.map(encode))
        case .logStorageAccounts: .array(inventory.logStorageAccounts.map(encode))
        case .failbackPolicies: .array(inventory.failbackPolicies.map(encode))
        case .runAsAccounts: .array(inventory.runAsAccounts.map(encode))
        }
    }

    public static func encode(_ network: Network) -> JSONValue {
        .object([("link", .string(network.link.rawValue)), ("bandwidth_mbps", .int(network.bandwidthMbps))])
    }

    public static func encode(_ server: ConfigurationServer) -> JSONValue {
        .object([("name", .string(server.name)), ("site", .string(server.site.rawValue))] + arm(server.armID))
    }

    public static func encode(_ vcenter: VCenter) -> JSONValue {
        .object([
            ("name", .string(vcenter.name)), ("account", .string(vcenter.account.rawValue)),
            ("discovered", .bool(vcenter.discovered)),
        ] + known("version", vcenter.version.map(JSONValue.string)) + known("api_type", vcenter.apiType.map(JSONValue.string))
            + arm(vcenter.armID))
    }

    /// A key for a fact only a pull fills in: left out while unknown, so a
    /// hand-written inventory shows (and round-trips) as it was written.
    private static func known(_ key: String, _ value: JSONValue?) -> [(String, JSONValue)] {
        value.map { [(key, $0)] } ?? []
    }

    /// `arm_id`, written only when an ASR import or pull has said it.
    private static func arm(_ id: String?) -> [(String, JSONValue)] {
        known("arm_id", id.map(JSONValue.string))
    }

    private static func identity(_ identity: VMIdentity) -> [(String, JSONValue)] {
        known("instance_uuid", identity.instanceUUID.map(JSONValue.string)) + known("bios_uuid", identity.biosUUID.map(JSONValue.string))
    }

    public static func encode(_ host: ESXiHost) -> JSONValue {
        .object([("name", .string(host.name)), ("vcenter", .string(host.vcenter)), ("edition", .string(host.edition.rawValue))]
            + known("version", host.version.map(JSONValue.string)))
    }

    public static func encode(_ datastore: Datastore) -> JSONValue {
        .object([
            ("name", .string(datastore.name)), ("type", .string(datastore.type.rawValue)), ("free_gb", .int(datastore.freeGB)),
        ] + known("capacity_gb", datastore.capacityGB.map(JSONValue.int)) + [
            ("mounts", .object(datastore.mounts.map { ($0.host, .string($0.access.rawValue)) })),
        ] + known("uuid", datastore.uuid.map(JSONValue.string)))
    }

    public static func encode(_ target: MasterTarget) -> JSONValue {
        .object([
            ("name", .string(target.name)), ("os", .string(target.os.rawValue)), ("host", .string(target.host)),
            ("site", .string(target.site.rawValue)), ("vmware_tools", .bool(target.vmwareTools)),
            ("disk_enable_uuid", .bool(target.diskEnableUUID)), ("snapshots", .int(target.snapshots)),
            ("scsi_controller", .string(target.scsiController.rawValue)), ("storage_vmotion", .bool(target.storageVMotion)),
            ("disk_uuids", .array(target.diskUUIDs.map(JSONValue.string))), ("attached_disks", .int(target.attachedDisks)),
            ("volumes", .array(target.volumes.map(encode))),
        ] + identity(target.identity) + arm(target.armID))
    }

    public static func encode(_ volume: Volume) -> JSONValue {
        .object([
            ("path", .string(volume.path)), ("filesystem", volume.filesystem.map(JSONValue.string) ?? .null),
            ("capacity_gb", .int(volume.capacityGB)),
        ] + known("free_gb", volume.freeGB.map(JSONValue.int)) + [
            ("locked", .bool(volume.locked)), ("cache", .bool(volume.cache)), ("purpose", .string(volume.purpose.rawValue)),
        ])
    }

    public static func encode(_ server: ProcessServer) -> JSONValue {
        .object([
            ("name", .string(server.name)), ("site", .string(server.site.rawValue)),
            ("reaches_configuration_server", .bool(server.reachesConfigurationServer)), ("heartbeat", .bool(server.heartbeat)),
        ] + arm(server.armID))
    }

    public static func encode(_ machine: Machine) -> JSONValue {
        let vm = machine.onpremVM
        return .object([
            ("name", .string(machine.name)), ("kind", .string(machine.kind.rawValue)), ("os", .string(machine.os.rawValue)),
            ("os_version", .string(machine.osVersion)), ("state", .string(machine.state.rawValue)),
            ("in_configuration_server", .bool(machine.inConfigurationServer)),
            ("agent_registered", .bool(machine.agentRegistered)),
            ("booted_in_azure_at", machine.bootedInAzureAt.map { .string(ISO8601.format($0)) } ?? .null),
            ("replication_group", machine.replicationGroup.map(JSONValue.string) ?? .null),
            ("disks", .int(machine.disks)), ("disk_gb", .int(machine.diskGB)),
            ("disk_uuids", .array(machine.diskUUIDs.map(JSONValue.string))), ("static_ip", .bool(machine.staticIP)),
            ("onprem_vm", .object([
                ("exists", .bool(vm.exists)), ("host", vm.host.map(JSONValue.string) ?? .null),
                ("datastores", .array(vm.datastores.map(JSONValue.string))), ("snapshots", .int(vm.snapshots)),
            ] + identity(vm.identity) + known("powered_on", vm.poweredOn.map(JSONValue.bool)))),
            ("churn_gb_per_day", .int(machine.churnGBPerDay)),
            ("architecture", .string(machine.architecture.rawValue)),
            ("forward_replication", encode(machine.forwardReplication)),
        ] + arm(machine.armID)
          + known("process_server", machine.inUse.processServer.map(JSONValue.string))
          + known("master_target", machine.inUse.masterTarget.map(JSONValue.string))
          + known("reprotect_agent", machine.inUse.reprotectAgent.map(JSONValue.string)))
    }

    public static func encode(_ forward: ForwardReplication) -> JSONValue {
        .object([
            ("failover_committed", .bool(forward.failoverCommitted)), ("agent_reregistered", .bool(forward.agentReregistered)),
            ("health", .string(forward.health.rawValue)),
            ("initial_replication_complete", .bool(forward.initialReplicationComplete)),
            ("resync_required", .bool(forward.resyncRequired)), ("recovery_points", .int(forward.recoveryPoints)),
        ] + known("disks_at_failover", forward.disksAtFailover.map(JSONValue.int))
          + known("disk_gb_at_failover", forward.diskGBAtFailover.map(JSONValue.int))
          + [("planned_failover_failed", .bool(forward.plannedFailoverFailed))])
    }

    public static func encode(_ vault: Vault) -> JSONValue {
        .object([("name", .string(vault.name)), ("region", .string(vault.region))] + arm(vault.armID))
    }

    private static func heartbeat(_ date: Date?) -> JSONValue { date.map { .string(ISO8601.format($0)) } ?? .null }

    public static func encode(_ appliance: ReplicationAppliance) -> JSONValue {
        .object([
            ("name", .string(appliance.name)), ("health", .string(appliance.health.rawValue)),
            ("last_heartbeat", heartbeat(appliance.lastHeartbeat)), ("protected_items", .int(appliance.protectedItems)),
            ("process_servers", .array(appliance.processServers.map(JSONValue.string))),
            ("reprotect_agents", .array(appliance.reprotectAgents.map(encode))),
        ] + arm(appliance.armID))
    }

    public static func encode(_ agent: ReprotectAgent) -> JSONValue {
        .object([
            ("name", .string(agent.name)), ("health", .string(agent.health.rawValue)),
            ("last_heartbeat", heartbeat(agent.lastHeartbeat)), ("vcenter", .string(agent.vcenter)),
            ("accessible_datastores", .array(agent.accessibleDatastores.map(JSONValue.string))),
        ] + arm(agent.armID))
    }

    public static func encode(_ account: LogStorageAccount) -> JSONValue {
        .object([("name", .string(account.name)), ("region", .string(account.region)), ("soft_delete", .bool(account.softDelete))]
            + arm(account.armID))
    }

    public static func encode(_ account: RunAsAccount) -> JSONValue {
        .object([("name", .string(account.name))] + arm(account.armID))
    }

    public static func encode(_ policy: FailbackPolicyRecord) -> JSONValue {
        .object([
            ("name", .string(policy.name)), ("kind", .string(policy.kind.rawValue)),
            ("rpo_threshold_minutes", .int(policy.rpoThresholdMinutes)),
            ("recovery_point_retention_minutes", .int(policy.recoveryPointRetentionMinutes)),
            ("app_consistent_frequency_minutes", .int(policy.appConsistentFrequencyMinutes)),
        ] + arm(policy.armID))
    }
}
