import Foundation

/// The records of the modernized VMware-to-Azure architecture (docs/inventory.md):
/// an ASR replication appliance on-premises whose reprotect agents write
/// machines back to vCenter, a log storage account in Azure, and the
/// failback policies of both architectures.

/// Which replication a machine is under. Classic: configuration server,
/// process servers, master targets with retention volumes. Modernized: a
/// replication appliance with reprotect agents and a log storage account.
public enum Architecture: String, Sendable, CaseIterable {
    case classic
    case modernized
}

/// The health Site Recovery reports for an appliance, one of its components
/// or a machine's replication.
public enum ComponentHealth: String, Sendable, CaseIterable {
    case normal
    case warning
    case critical
}

/// The component of an appliance that writes a machine back to vCenter: it
/// can only write to the datastores it reaches, on its own vCenter.
public struct ReprotectAgent: Sendable, Equatable {
    public var name: String
    public var health: ComponentHealth
    /// The last heartbeat Site Recovery received; nil when it never said.
    public var lastHeartbeat: Date?
    public var vcenter: String
    public var accessibleDatastores: [String]
    /// The id a reprotect names it by (`reprotectAgentId`); nil while unknown.
    public var armID: String?

    public init(name: String, health: ComponentHealth = .normal, lastHeartbeat: Date? = nil, vcenter: String,
                accessibleDatastores: [String] = [], armID: String? = nil) {
        self.name = name
        self.health = health
        self.lastHeartbeat = lastHeartbeat
        self.vcenter = vcenter
        self.accessibleDatastores = accessibleDatastores
        self.armID = armID
    }
}

public struct ReplicationAppliance: Sendable, Equatable {
    public var name: String
    public var health: ComponentHealth
    public var lastHeartbeat: Date?
    /// Machines it protects now (Site Recovery advises at most 200 per appliance).
    public var protectedItems: Int
    /// Names of its process servers, records of `process_servers`.
    public var processServers: [String]
    public var reprotectAgents: [ReprotectAgent]
    /// The ARM id of its Site Recovery fabric (`InMageRcm`); nil while unknown.
    public var armID: String?

    public init(name: String, health: ComponentHealth = .normal, lastHeartbeat: Date? = nil, protectedItems: Int = 0,
                processServers: [String] = [], reprotectAgents: [ReprotectAgent] = [], armID: String? = nil) {
        self.name = name
        self.health = health
        self.lastHeartbeat = lastHeartbeat
        self.protectedItems = protectedItems
        self.processServers = processServers
        self.reprotectAgents = reprotectAgents
        self.armID = armID
    }
}

/// The Azure storage account a modernized reprotect stages its logs in.
public struct LogStorageAccount: Sendable, Equatable {
    public var name: String
    public var region: String
    /// Blob soft delete is on: Site Recovery cannot use the account then.
    public var softDelete: Bool
    /// Its ARM id (`logStorageAccountId` of a reprotect); nil while unknown.
    public var armID: String?

    public init(name: String, region: String, softDelete: Bool = false, armID: String? = nil) {
        self.name = name
        self.region = region
        self.softDelete = softDelete
        self.armID = armID
    }
}

/// The replication provider a policy is for, as Site Recovery names it:
/// the failback (reverse) policies, and the forward ones that protect a
/// machine to Azure again after its failback is committed.
public enum FailbackPolicyKind: String, Sendable, CaseIterable {
    /// Classic: reverse replication to a master target.
    case inMage = "InMage"
    /// Modernized: reverse replication through a reprotect agent.
    case inMageRcmFailback = "InMageRcmFailback"
    /// Classic: forward replication to Azure.
    case inMageAzureV2 = "InMageAzureV2"
    /// Modernized: forward replication to Azure through an appliance.
    case inMageRcm = "InMageRcm"

    public var architecture: Architecture {
        switch self {
        case .inMage, .inMageAzureV2: .classic
        case .inMageRcmFailback, .inMageRcm: .modernized
        }
    }

    /// Replication to Azure (protect), not back from it (failback).
    public var isForward: Bool { self == .inMageAzureV2 || self == .inMageRcm }
}

/// A failback policy as the vault holds it (the figures of `FailbackPolicy` are the defaults).
public struct FailbackPolicyRecord: Sendable, Equatable {
    public var name: String
    public var kind: FailbackPolicyKind
    public var rpoThresholdMinutes: Int
    public var recoveryPointRetentionMinutes: Int
    public var appConsistentFrequencyMinutes: Int
    /// The ARM id of the policy (`policyId`); nil while unknown.
    public var armID: String?

    public init(name: String, kind: FailbackPolicyKind,
                rpoThresholdMinutes: Int = Int(FailbackPolicy.rpoThresholdSeconds / 60),
                recoveryPointRetentionMinutes: Int = Int(FailbackPolicy.recoveryPointRetentionSeconds / 60),
                appConsistentFrequencyMinutes: Int = Int(FailbackPolicy.appConsistentSnapshotSeconds / 60),
                armID: String? = nil) {
        self.name = name
        self.kind = kind
        self.rpoThresholdMinutes = rpoThresholdMinutes
        self.recoveryPointRetentionMinutes = recoveryPointRetentionMinutes
        self.appConsistentFrequencyMinutes = appConsistentFrequencyMinutes
        self.armID = armID
    }
}

/// The Recovery Services vault: where log storage accounts should be.
public struct Vault: Sendable, Equatable {
    public var name: String
    public var region: String
    /// The vault's own ARM id, the prefix of every Site Recovery request; nil while unknown.
    public var armID: String?
    public init(name: String, region: String, armID: String? = nil) {
        self.name = name
        self.region = region
        self.armID = armID
    }
}

/// What Site Recovery says of a machine's replication from on-premises to
/// Azure before the failover, of the failover itself and of the disks it
/// failed over with, and of its last planned failover: what a reprotect and
/// a failback need.
public struct ForwardReplication: Sendable, Equatable {
    /// The failover was committed (a modernized reprotect needs it).
    public var failoverCommitted: Bool
    /// The mobility agent re-registered with the appliance after the failover.
    public var agentReregistered: Bool
    public var health: ComponentHealth
    public var initialReplicationComplete: Bool
    public var resyncRequired: Bool
    /// Recovery points available now (a failback needs one).
    public var recoveryPoints: Int
    /// How many disks were protected when the machine failed over; nil when
    /// the same as the machine's `disks` now (disks added in Azure since are
    /// not replicated back).
    public var disksAtFailover: Int?
    /// The size of each protected disk at failover, GB; nil when the same as
    /// the machine's `diskGB` now (a disk grown in Azure needs a new VM, a
    /// shrunk one cannot be failed back).
    public var diskGBAtFailover: Int?
    /// The machine's last planned failover failed and was not cancelled: it
    /// must be cancelled (never replication disabled) before anything else.
    public var plannedFailoverFailed: Bool

    public init(failoverCommitted: Bool = true, agentReregistered: Bool = true, health: ComponentHealth = .normal,
                initialReplicationComplete: Bool = true, resyncRequired: Bool = false, recoveryPoints: Int = 1,
                disksAtFailover: Int? = nil, diskGBAtFailover: Int? = nil, plannedFailoverFailed: Bool = false) {
        self.failoverCommitted = failoverCommitted
        self.agentReregistered = agentReregistered
        self.health = health
        self.initialReplicationComplete = initialReplicationComplete
        self.resyncRequired = resyncRequired
        self.recoveryPoints = recoveryPoints
        self.disksAtFailover = disksAtFailover
        self.diskGBAtFailover = diskGBAtFailover
        self.plannedFailoverFailed = plannedFailoverFailed
    }
}

/// A reprotect agent's place: its appliance's position, its own among the appliance's agents.
public struct AgentPosition: Sendable, Equatable {
    public var appliance: Int
    public var agent: Int
}

extension Inventory {
    /// The reprotect agent of that name and the appliance it belongs to.
    public func reprotectAgent(_ name: String) -> (agent: ReprotectAgent, appliance: ReplicationAppliance)? {
        guard let position = reprotectAgentIndex[name] else { return nil }
        let owner = appliances[position.appliance]
        return (owner.reprotectAgents[position.agent], owner)
    }

    /// Every reprotect agent of every appliance, with its appliance.
    public var reprotectAgents: [(agent: ReprotectAgent, appliance: ReplicationAppliance)] {
        appliances.flatMap { appliance in appliance.reprotectAgents.map { ($0, appliance) } }
    }
}
