import Foundation

/// The inventory: what the configuration server knows about the estate,
/// as docs/inventory.md describes it. Plain values, loaded in bulk; the checker and
/// the runtime read it through `InventoryReader` and never see SQLite.

public enum Site: String, Sendable, CaseIterable { case onprem, azure }

public enum OSFamily: String, Sendable, CaseIterable { case linux, windows }

public enum NetworkLink: String, Sendable, CaseIterable {
    case siteToSiteVPN = "s2s-vpn"
    case expressRoutePrivate = "expressroute-private"
    case expressRoutePublic = "expressroute-public"
    case internet
}

public struct Network: Sendable, Equatable {
    public var link: NetworkLink
    public var bandwidthMbps: Int
    /// When the inventory does not say how fast the link is: the import
    /// format's default, and the estimate's without a network record.
    public static let defaultBandwidthMbps = 200

    public init(link: NetworkLink, bandwidthMbps: Int = Network.defaultBandwidthMbps) {
        self.link = link
        self.bandwidthMbps = bandwidthMbps
    }
}

public struct ConfigurationServer: Sendable, Equatable {
    public var name: String
    public var site: Site
    /// The ARM id of its Site Recovery fabric; nil while unknown.
    public var armID: String?
    public init(name: String, site: Site = .onprem, armID: String? = nil) {
        self.name = name
        self.site = site
        self.armID = armID
    }
}

public enum VCenterAccount: String, Sendable, CaseIterable {
    case admin
    case readOnly = "read-only"
}

public struct VCenter: Sendable, Equatable {
    public var name: String
    public var account: VCenterAccount
    public var discovered: Bool
    /// `about.version` as the vCenter reports it ("7.0.3"); nil until a pull says it.
    public var version: String?
    /// `about.apiType`: "VirtualCenter" for a vCenter, "HostAgent" for a lone ESXi host; nil until a pull says it.
    public var apiType: String?
    /// The ARM id of its `replicationvCenters` resource; nil while unknown.
    public var armID: String?
    public init(name: String, account: VCenterAccount = .admin, discovered: Bool = true, version: String? = nil,
                apiType: String? = nil, armID: String? = nil) {
        self.name = name
        self.account = account
        self.discovered = discovered
        self.version = version
        self.apiType = apiType
        self.armID = armID
    }
}

public enum HostEdition: String, Sendable, CaseIterable {
    case licensed
    case evaluation
    case esxi55Free = "esxi-5.5-free"
    case vsphere6HypervisorFree = "vsphere-6-hypervisor-free"

    /// With a free edition (RP309) failover succeeds but failback does not.
    public var isFree: Bool { self == .esxi55Free || self == .vsphere6HypervisorFree }
}

public struct ESXiHost: Sendable, Equatable {
    public var name: String
    public var vcenter: String
    public var edition: HostEdition
    /// The ESXi version (`config.product.version`, "6.7.0"); nil until a pull says it.
    public var version: String?
    public init(name: String, vcenter: String, edition: HostEdition = .licensed, version: String? = nil) {
        self.name = name
        self.vcenter = vcenter
        self.edition = edition
        self.version = version
    }
}

/// `other` is what a vCenter reports for anything else (vVols, PMEM, a local
/// datastore of a simulator): rpl knows nothing it can rely on about it.
public enum DatastoreType: String, Sendable, CaseIterable { case vmfs, nfs, vsan, other }

public enum MountAccess: String, Sendable, CaseIterable {
    case readWrite = "read-write"
    case readOnly = "read-only"
}

public struct Datastore: Sendable, Equatable {
    public var name: String
    public var type: DatastoreType
    public var freeGB: Int
    /// Total size in GB (rounded down); nil until a pull says it.
    public var capacityGB: Int?
    /// Host name → access, in the order the inventory lists them.
    public var mounts: [(host: String, access: MountAccess)]
    /// The vSphere datastore UUID (VMFS: its volume UUID; NFS: the id in its
    /// `ds:///vmfs/volumes/ID/` URL); nil while unknown. A datastore renamed
    /// in the vCenter keeps it, so the merge matches by it before the name.
    public var uuid: String?

    public init(name: String, type: DatastoreType = .vmfs, freeGB: Int = 0, capacityGB: Int? = nil,
                mounts: [(host: String, access: MountAccess)] = [], uuid: String? = nil) {
        self.name = name
        self.type = type
        self.freeGB = freeGB
        self.capacityGB = capacityGB
        self.mounts = mounts
        self.uuid = uuid
    }

    public func access(on host: String) -> MountAccess? { mounts.first { $0.host == host }?.access }

    public static func == (lhs: Datastore, rhs: Datastore) -> Bool {
        lhs.name == rhs.name && lhs.type == rhs.type && lhs.freeGB == rhs.freeGB && lhs.capacityGB == rhs.capacityGB
            && lhs.uuid == rhs.uuid && lhs.mounts.map(\.host) == rhs.mounts.map(\.host) && lhs.mounts.map(\.access) == rhs.mounts.map(\.access)
    }
}

public enum SCSIController: String, Sendable, CaseIterable {
    case lsiLogic = "lsi-logic"
    case paravirtual
}

public enum VolumePurpose: String, Sendable, CaseIterable {
    case retention
    case replicationTarget = "replication-target"
    case none
}

public struct Volume: Sendable, Equatable {
    public var path: String
    /// nil when no source says: Site Recovery reports a retention volume
    /// without its file system, and only the user (or the guest) knows it.
    public var filesystem: String?
    public var capacityGB: Int
    /// Free space in GB (rounded down); nil until a source says it.
    public var freeGB: Int?
    public var locked: Bool
    /// The cache volume: the master target or process server is installed on it.
    public var cache: Bool
    public var purpose: VolumePurpose

    public init(path: String, filesystem: String?, capacityGB: Int, locked: Bool = false, cache: Bool = false,
                purpose: VolumePurpose = .retention, freeGB: Int? = nil) {
        self.path = path
        self.filesystem = filesystem
        self.capacityGB = capacityGB
        self.freeGB = freeGB
        self.locked = locked
        self.cache = cache
        self.purpose = purpose
    }

    /// FAT and FAT32 volumes are never listed as retention drives (RP402);
    /// false when the file system is unknown (RP960 says so).
    public var isFAT: Bool {
        guard let fs = filesystem?.lowercased() else { return false }
        return fs == "fat" || fs == "fat32" || fs == "vfat" || fs == "fat16"
    }
}

public struct MasterTarget: Sendable, Equatable {
    public var name: String
    public var os: OSFamily
    public var host: String
    public var site: Site
    public var vmwareTools: Bool
    public var diskEnableUUID: Bool
    public var snapshots: Int
    public var scsiController: SCSIController
    public var storageVMotion: Bool
    public var diskUUIDs: [String]
    public var attachedDisks: Int
    public var volumes: [Volume]
    /// Its VM's identity in the vCenter, how a pull finds it again after a rename.
    public var identity: VMIdentity
    /// The id a reprotect names it by (`masterTargetId`); nil while unknown.
    public var armID: String?

    public init(name: String, os: OSFamily, host: String, site: Site = .onprem, vmwareTools: Bool = true,
                diskEnableUUID: Bool = true, snapshots: Int = 0, scsiController: SCSIController = .lsiLogic,
                storageVMotion: Bool = false, diskUUIDs: [String] = [], attachedDisks: Int = 0, volumes: [Volume] = [],
                identity: VMIdentity = VMIdentity(), armID: String? = nil) {
        self.name = name
        self.os = os
        self.host = host
        self.site = site
        self.vmwareTools = vmwareTools
        self.diskEnableUUID = diskEnableUUID
        self.snapshots = snapshots
        self.scsiController = scsiController
        self.storageVMotion = storageVMotion
        self.diskUUIDs = diskUUIDs
        self.attachedDisks = attachedDisks
        self.volumes = volumes
        self.identity = identity
        self.armID = armID
    }

    /// "R:" on Windows, "/mnt/retention" on Linux.
    public var defaultRetentionPath: String { MasterTarget.defaultRetentionPath(for: os) }

    public static func defaultRetentionPath(for os: OSFamily) -> String {
        os == .windows ? "R:" : "/mnt/retention"
    }

    public func volume(at path: String) -> Volume? {
        volumes.first { Volume.samePath($0.path, path, os: os) }
    }
}

extension Volume {
    /// Windows drive paths compare without case and trailing separators ("r:\" is "R:").
    public static func samePath(_ a: String, _ b: String, os: OSFamily) -> Bool {
        func normal(_ p: String) -> String {
            var p = p
            if os == .windows {
                p = p.uppercased()
                while p.hasSuffix("\\") || p.hasSuffix("/") { p.removeLast() }
            } else {
                while p.count > 1, p.hasSuffix("/") { p.removeLast() }
            }
            return p
        }
        return normal(a) == normal(b)
    }
}

public struct ProcessServer: Sendable, Equatable {
    public var name: String
    public var site: Site
    public var reachesConfigurationServer: Bool
    public var heartbeat: Bool
    /// The id a reprotect names it by (`processServerId`); nil while unknown.
    public var armID: String?

    public init(name: String, site: Site, reachesConfigurationServer: Bool = true, heartbeat: Bool = true,
                armID: String? = nil) {
        self.name = name
        self.site = site
        self.reachesConfigurationServer = reachesConfigurationServer
        self.heartbeat = heartbeat
        self.armID = armID
    }
}

public enum MachineKind: String, Sendable, CaseIterable {
    case vmwareVM = "vmware-vm"
    case physical
}

/// docs/inventory.md: failed-over → reprotecting → reprotected → failing-back →
/// failed-back (commit pending) → committed → protecting → protected.
public enum MachineState: String, Sendable, CaseIterable {
    case protected
    case failedOver = "failed-over"
    case reprotecting
    case reprotected
    case failingBack = "failing-back"
    case failedBack = "failed-back"
    case committed
    case protecting
}

/// A VM's identity in a vCenter: the instance UUID (`config.instanceUuid`,
/// unique within a vCenter) and the BIOS UUID (`config.uuid`, the SMBIOS
/// UUID the guest and ASR see). Either may be unknown.
public struct VMIdentity: Sendable, Equatable {
    public var instanceUUID: String?
    public var biosUUID: String?

    public init(instanceUUID: String? = nil, biosUUID: String? = nil) {
        self.instanceUUID = instanceUUID
        self.biosUUID = biosUUID
    }

    public var isEmpty: Bool { instanceUUID == nil && biosUUID == nil }

    /// Both sides know a UUID of the same kind and it is the same (UUIDs compare without case).
    public func matches(_ other: VMIdentity) -> Bool {
        func same(_ a: String?, _ b: String?) -> Bool {
            guard let a, let b else { return false }
            return a.lowercased() == b.lowercased()
        }
        return same(instanceUUID, other.instanceUUID) || same(biosUUID, other.biosUUID)
    }
}

public struct OnPremVM: Sendable, Equatable {
    public var exists: Bool
    public var host: String?
    public var datastores: [String]
    public var snapshots: Int
    /// nil when no source said (the JSON import's default).
    public var poweredOn: Bool?
    public var identity: VMIdentity
}

/// Through the memberwise initializer, as `Machine`'s (whose comment says
/// why; `poweredOn` comes before `identity` for the same reason). Decoding the
/// 50,000 machines of the bench inventory: 71.5 -> 60.2 M instructions.
extension OnPremVM {
    public init(exists: Bool, host: String? = nil, datastores: [String] = [], snapshots: Int = 0,
                identity: VMIdentity = VMIdentity(), poweredOn: Bool? = nil) {
        self.init(exists: exists, host: host, datastores: datastores, snapshots: snapshots, poweredOn: poweredOn,
                  identity: identity)
    }
}

public struct Machine: Sendable, Equatable {
    public var name: String
    public var kind: MachineKind
    public var os: OSFamily
    public var osVersion: String
    public var state: MachineState
    public var inConfigurationServer: Bool
    public var agentRegistered: Bool
    public var bootedInAzureAt: Date?
    public var replicationGroup: String?
    public var disks: Int
    public var diskGB: Int
    public var diskUUIDs: [String]
    public var staticIP: Bool
    public var onpremVM: OnPremVM
    /// How much of the machine's data changes a day, in GB: what the last
    /// sync before failback has to send decides how long that failback's
    /// downtime is.
    public var churnGBPerDay: Int
    public var architecture: Architecture
    public var forwardReplication: ForwardReplication
    /// The process server, master target and reprotect agent its replication goes through now.
    public var inUse: ComponentsInUse
    /// The ARM id of its replication protected item, where every action on it is sent; nil while unknown.
    public var armID: String?

    /// What rpl assumes when the inventory does not say (docs/inventory.md):
    /// a modest server. Measure it (the ASR Deployment Planner reports it).
    public static let standardChurnGBPerDay = 10
}

/// The public initializer hands its arguments to the memberwise one: an
/// initializer that assigns each of Machine's many fields builds the value
/// on the stack, then copies it (a retain of each string and array) and
/// destroys the original (a release of each), which the optimizer does not
/// undo; the memberwise initializer makes the value at once. That is why
/// `inUse` is declared before `armID`: in the initializer's order, the
/// memberwise initializer would have its very signature. Measured on the
/// bench inventory's snapshot: decoding its 50,000 machines, 118.7 -> 71.5 M
/// instructions (with their decoding in place, into the array).
extension Machine {
    public init(name: String, kind: MachineKind = .vmwareVM, os: OSFamily, osVersion: String = "",
                state: MachineState = .failedOver, inConfigurationServer: Bool = true, agentRegistered: Bool = true,
                bootedInAzureAt: Date? = nil, replicationGroup: String? = nil, disks: Int = 1, diskGB: Int = 0,
                diskUUIDs: [String] = [], staticIP: Bool = false, onpremVM: OnPremVM = OnPremVM(exists: true),
                churnGBPerDay: Int = Machine.standardChurnGBPerDay, architecture: Architecture = .classic,
                forwardReplication: ForwardReplication = ForwardReplication(), armID: String? = nil,
                inUse: ComponentsInUse = ComponentsInUse()) {
        self.init(name: name, kind: kind, os: os, osVersion: osVersion, state: state, inConfigurationServer: inConfigurationServer,
                  agentRegistered: agentRegistered, bootedInAzureAt: bootedInAzureAt, replicationGroup: replicationGroup,
                  disks: disks, diskGB: diskGB, diskUUIDs: diskUUIDs, staticIP: staticIP, onpremVM: onpremVM,
                  churnGBPerDay: churnGBPerDay, architecture: architecture, forwardReplication: forwardReplication, inUse: inUse,
                  armID: armID)
    }
}

/// The components a machine's replication goes through now, by record name
/// (Site Recovery's protected item says them by component id): classic, a
/// process server and (replicating back) a master target; modernized, a
/// process server (to Azure) or a reprotect agent (back). nil: not known.
public struct ComponentsInUse: Sendable, Equatable {
    public var processServer: String?
    public var masterTarget: String?
    public var reprotectAgent: String?

    public init(processServer: String? = nil, masterTarget: String? = nil, reprotectAgent: String? = nil) {
        self.processServer = processServer
        self.masterTarget = masterTarget
        self.reprotectAgent = reprotectAgent
    }
}

/// Every record of the inventory, in memory, with lookups by name.
public struct Inventory: Sendable, Equatable {
    public var network: Network?
    public var configurationServer: ConfigurationServer?
    public private(set) var vcenters: [VCenter]
    public private(set) var hosts: [ESXiHost]
    public private(set) var datastores: [Datastore]
    public private(set) var masterTargets: [MasterTarget]
    public private(set) var processServers: [ProcessServer]
    public private(set) var machines: [Machine]
    public var vault: Vault?
    public private(set) var appliances: [ReplicationAppliance]
    public private(set) var logStorageAccounts: [LogStorageAccount]
    public private(set) var failbackPolicies: [FailbackPolicyRecord]
    public private(set) var runAsAccounts: [RunAsAccount]

    public private(set) var vcenterIndex = NameIndex([])
    public private(set) var hostIndex = NameIndex([])
    public private(set) var datastoreIndex = NameIndex([])
    public private(set) var masterTargetIndex = NameIndex([])
    public private(set) var processServerIndex = NameIndex([])
    public private(set) var machineIndex = NameIndex([])
    public private(set) var applianceIndex = NameIndex([])
    /// Reprotect agent name → where it sits among the appliances.
    public private(set) var reprotectAgentIndex: [String: AgentPosition] = [:]
    public private(set) var logStorageAccountIndex = NameIndex([])
    /// Replication group → positions of its members in `machines`.
    public private(set) var replicationGroupIndex: [String: [Int]] = [:]

    public init(network: Network? = nil, configurationServer: ConfigurationServer? = nil, vcenters: [VCenter] = [],
                hosts: [ESXiHost] = [], datastores: [Datastore] = [], masterTargets: [MasterTarget] = [],
                processServers: [ProcessServer] = [], machines: [Machine] = [], vault: Vault? = nil,
                appliances: [ReplicationAppliance] = [], logStorageAccounts: [LogStorageAccount] = [],
                failbackPolicies: [FailbackPolicyRecord] = [], runAsAccounts: [RunAsAccount] = []) {
        var records = Records()
        records.vcenters = vcenters
        records.hosts = hosts
        records.datastores = datastores
        records.masterTargets = masterTargets
        records.processServers = processServers
        records.machines = machines
        records.appliances = appliances
        records.logStorageAccounts = logStorageAccounts
        records.failbackPolicies = failbackPolicies
        records.runAsAccounts = runAsAccounts
        self.init(network: network, configurationServer: configurationServer, vault: vault, records: records)
    }

    /// The record arrays, to change together through `update`: the name
    /// lookups are rebuilt after every change, so an index cannot go stale.
    public struct Records: Sendable {
        public var vcenters: [VCenter] = []
        public var hosts: [ESXiHost] = []
        public var datastores: [Datastore] = []
        public var masterTargets: [MasterTarget] = []
        public var processServers: [ProcessServer] = []
        public var machines: [Machine] = []
        public var appliances: [ReplicationAppliance] = []
        public var logStorageAccounts: [LogStorageAccount] = []
        public var failbackPolicies: [FailbackPolicyRecord] = []
        public var runAsAccounts: [RunAsAccount] = []

        public init() {}
    }

    public init(network: Network? = nil, configurationServer: ConfigurationServer? = nil, vault: Vault? = nil,
                records: Records) {
        self.init(network: network, configurationServer: configurationServer, vault: vault, records: records, machineIndex: nil)
    }

    /// The same, with the machine index already built when given (a
    /// `NameIndex` of the machines' names in order): the inventory
    /// snapshot builds it on one thread while another decodes the machines.
    package init(network: Network?, configurationServer: ConfigurationServer?, vault: Vault?, records: Records,
                 machineIndex: NameIndex?) {
        self.network = network
        self.configurationServer = configurationServer
        self.vault = vault
        vcenters = records.vcenters
        hosts = records.hosts
        datastores = records.datastores
        masterTargets = records.masterTargets
        processServers = records.processServers
        machines = records.machines
        appliances = records.appliances
        logStorageAccounts = records.logStorageAccounts
        failbackPolicies = records.failbackPolicies
        runAsAccounts = records.runAsAccounts
        reindex(machineIndex: machineIndex)
    }

    /// Changes the records, then rebuilds the name lookups.
    public mutating func update<T>(_ change: (inout Records) throws -> T) rethrows -> T {
        var records = Records()
        // Moved out, not copied: the arrays stay uniquely referenced while they change.
        exchange(&records)
        defer {
            exchange(&records)
            reindex()
        }
        return try change(&records)
    }

    private mutating func exchange(_ records: inout Records) {
        swap(&records.vcenters, &vcenters)
        swap(&records.hosts, &hosts)
        swap(&records.datastores, &datastores)
        swap(&records.masterTargets, &masterTargets)
        swap(&records.processServers, &processServers)
        swap(&records.machines, &machines)
        swap(&records.appliances, &appliances)
        swap(&records.logStorageAccounts, &logStorageAccounts)
        swap(&records.failbackPolicies, &failbackPolicies)
        swap(&records.runAsAccounts, &runAsAccounts)
    }

    /// Rebuilds the name lookups (the machines' unless given).
    private mutating func reindex(machineIndex givenMachineIndex: NameIndex? = nil) {
        vcenterIndex = NameIndex(vcenters.map(\.name))
        hostIndex = NameIndex(hosts.map(\.name))
        datastoreIndex = NameIndex(datastores.map(\.name))
        masterTargetIndex = NameIndex(masterTargets.map(\.name))
        processServerIndex = NameIndex(processServers.map(\.name))
        machineIndex = givenMachineIndex ?? NameIndex(machines.map(\.name))
        applianceIndex = NameIndex(appliances.map(\.name))
        logStorageAccountIndex = NameIndex(logStorageAccounts.map(\.name))
        var agents: [String: AgentPosition] = [:]
        for (appliance, record) in appliances.enumerated().reversed() {
            for (agent, reprotectAgent) in record.reprotectAgents.enumerated().reversed() {
                agents[reprotectAgent.name] = AgentPosition(appliance: appliance, agent: agent)
            }
        }
        reprotectAgentIndex = agents
        replicationGroupIndex = Self.replicationGroups(machines)
    }

    /// Replication group -> its members' positions. Members mostly sit
    /// together: one hash per run of them, not one per machine.
    private static func replicationGroups(_ machines: [Machine]) -> [String: [Int]] {
        var groups: [String: [Int]] = [:]
        var start = 0
        while start < machines.count {
            guard let group = machines[start].replicationGroup else {
                start += 1
                continue
            }
            var end = start + 1
            while end < machines.count, machines[end].replicationGroup == group { end += 1 }
            groups[group, default: []].append(contentsOf: start..<end)
            start = end
        }
        return groups
    }

    public func vcenter(_ name: String) -> VCenter? { vcenterIndex[name].map { vcenters[$0] } }
    public func host(_ name: String) -> ESXiHost? { hostIndex[name].map { hosts[$0] } }
    public func datastore(_ name: String) -> Datastore? { datastoreIndex[name].map { datastores[$0] } }
    public func masterTarget(_ name: String) -> MasterTarget? { masterTargetIndex[name].map { masterTargets[$0] } }
    public func processServer(_ name: String) -> ProcessServer? { processServerIndex[name].map { processServers[$0] } }
    public func machine(_ name: String) -> Machine? { machineIndex[name].map { machines[$0] } }
    public func appliance(_ name: String) -> ReplicationAppliance? { applianceIndex[name].map { appliances[$0] } }
    public func logStorageAccount(_ name: String) -> LogStorageAccount? {
        logStorageAccountIndex[name].map { logStorageAccounts[$0] }
    }
    /// The failback policy of an architecture, when the inventory lists one.
    public func failbackPolicy(for architecture: Architecture) -> FailbackPolicyRecord? {
        failbackPolicies.first { $0.kind.architecture == architecture && !$0.kind.isForward }
    }

    /// The first forward policy (protection to Azure) of the architecture.
    public func forwardPolicy(for architecture: Architecture) -> FailbackPolicyRecord? {
        failbackPolicies.first { $0.kind.architecture == architecture && $0.kind.isForward }
    }

    /// A policy record by name.
    public func policy(_ name: String) -> FailbackPolicyRecord? { failbackPolicies.first { $0.name == name } }

    /// Members of a replication group, in inventory order.
    public func members(ofReplicationGroup group: String) -> [Machine] {
        (replicationGroupIndex[group] ?? []).map { machines[$0] }
    }
}

/// How the checker, the runtime and the REPL read the inventory. Only the
/// SQLite store (and the JSON importer, for files) implement it.
public protocol InventoryReader: Sendable {
    /// Everything, in bulk: one pass, never one query per name.
    func loadInventory() throws -> Inventory
}
