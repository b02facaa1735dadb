import Foundation
import RPLInventory
import RPLSource

/// A plan after evaluation: loops unrolled, functions called, names
/// resolved. Pure data: what the scheduler orders and the runtime executes.
public struct EvaluatedPlan: Sendable {
    public var name: String
    public var version: Int64?
    public var file: SourceFile
    /// Groups in the order written.
    public var groups: [PlanGroup]
    /// Steps in the order the program produced them.
    public var steps: [PlanStep]

    public init(name: String, version: Int64?, file: SourceFile, groups: [PlanGroup], steps: [PlanStep]) {
        self.name = name
        self.version = version
        self.file = file
        self.groups = groups
        self.steps = steps
    }
}

public struct PlanGroup: Sendable {
    public var name: String
    /// Groups this one waits for. A group written without `after` waits for
    /// the group written before it ("in the order written unless after says otherwise").
    public var after: [String]
    public var span: Span

    public init(name: String, after: [String], span: Span) {
        self.name = name
        self.after = after
        self.span = span
    }
}

public struct PlanStep: Sendable {
    /// Stable across runs of the same plan text (`app/reprotect/web`), so a
    /// provider can use (run, step) as an idempotency key.
    public var id: String
    public var action: StepAction
    /// The plan group the step belongs to; nil at plan level.
    public var group: String?
    /// Ids of steps that must be done before this one starts (within and
    /// across groups: barriers of `manual`/`wait`, failback after reprotect).
    public var dependsOn: [String]
    /// The statement that produced the step (for diagnostics at run time).
    public var span: Span
    /// For a failback written as `failback GROUP`: the group, whose machines
    /// fail back at one point in time, once every one of them is reprotected.
    /// (Replication groups fail back together too; the runtime adds those
    /// from the inventory.)
    public var failsBackWithGroup: String?

    public init(id: String, action: StepAction, group: String?, dependsOn: [String], span: Span,
                failsBackWithGroup: String? = nil) {
        self.id = id
        self.action = action
        self.group = group
        self.dependsOn = dependsOn
        self.span = span
        self.failsBackWithGroup = failsBackWithGroup
    }
}

/// The kinds of step, by the names the journal, the exec provider's
/// requests and `rpl jobs` use: one enum, compared as such everywhere.
public enum ActionKind: String, Sendable, CaseIterable {
    case reprotect, failback, commit, protect, manual, wait
}

public enum StepAction: Sendable {
    case reprotect(ReprotectAction)
    /// Shut down the Azure VM and boot the on-prem VM (downtime). A modernized
    /// failback names the recovery point type; a classic one (nil) takes the latest point.
    case failback(machine: String, recoveryPoint: RecoveryPointType? = nil)
    /// End the failback: Site Recovery removes the Azure VM.
    case commit(machine: String)
    /// Replicate the machine to Azure again.
    case protect(ProtectAction)
    /// Pauses a run until confirmed (`rpl resume RUN --confirm NAME`).
    case manual(name: String, instructions: String)
    case wait(seconds: Int64)

    public var kind: ActionKind {
        switch self {
        case .reprotect: .reprotect
        case .failback: .failback
        case .commit: .commit
        case .protect: .protect
        case .manual: .manual
        case .wait: .wait
        }
    }

    public var machine: String? {
        switch self {
        case let .reprotect(r): r.machine
        case let .failback(machine, _), let .commit(machine): machine
        case let .protect(p): p.machine
        case .manual, .wait: nil
        }
    }
}

public struct ReprotectAction: Sendable {
    public var machine: String
    /// nil for `using auto`: the scheduler chooses.
    public var masterTarget: String?
    public var processServer: String
    public var datastore: String?
    /// nil: the master target's OS default, filled in once the master target is known.
    public var retention: String?
    /// Classic: master target, process server, retention volume. Modernized:
    /// the fields below, and no master target, process server or retention.
    public var architecture: Architecture
    /// Modernized: the reprotect agent that writes the machine back; nil for `using auto`.
    public var reprotectAgent: String?
    /// Modernized: the agent's replication appliance; nil until the agent is known.
    public var appliance: String?
    /// Modernized: the Azure storage account the reprotect stages its logs in.
    public var logStorageAccount: String?
    /// Modernized: the vault's `InMageRcmFailback` policy, by its inventory name.
    public var policy: String?

    public init(machine: String, masterTarget: String?, processServer: String, datastore: String?, retention: String?) {
        self.machine = machine
        self.masterTarget = masterTarget
        self.processServer = processServer
        self.datastore = datastore
        self.retention = retention
        self.architecture = .classic
    }

    /// A reprotect through a reprotect agent (`agent` nil: `using auto`).
    public static func modernized(machine: String, agent: String?, appliance: String?, datastore: String?,
                                  logStorageAccount: String?, policy: String?) -> ReprotectAction {
        var action = ReprotectAction(machine: machine, masterTarget: nil, processServer: "", datastore: datastore, retention: nil)
        action.architecture = .modernized
        action.reprotectAgent = agent
        action.appliance = appliance
        action.logStorageAccount = logStorageAccount
        action.policy = policy
        return action
    }
}

/// The recovery point a modernized failback starts the on-prem VM from.
public enum RecoveryPointType: String, Sendable, CaseIterable {
    case crashConsistent = "crash-consistent"
    case appConsistent = "app-consistent"

    /// Site Recovery's name (`recoveryPointType` of `InMageRcmFailbackPlannedFailoverInput`).
    public var siteRecoveryName: String { self == .crashConsistent ? "CrashConsistent" : "ApplicationConsistent" }
}

/// Protection to Azure again, after the commit: the names of the inventory
/// records Site Recovery's forward reprotect needs (classic `InMageAzureV2`:
/// an on-prem process server of the configuration server; modernized
/// `InMageRcmFailback`: a process server of a replication appliance).
public struct ProtectAction: Sendable, Equatable {
    public var machine: String
    public var architecture: Architecture
    public var processServer: String
    /// Modernized: the appliance the process server belongs to.
    public var appliance: String?
    /// The forward replication policy (`InMageAzureV2` or `InMageRcm`), by its inventory name.
    public var policy: String?

    public init(machine: String, architecture: Architecture, processServer: String, appliance: String?, policy: String?) {
        self.machine = machine
        self.architecture = architecture
        self.processServer = processServer
        self.appliance = appliance
        self.policy = policy
    }
}
