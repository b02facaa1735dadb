import Foundation
import RPLInventory
import RPLSource

/// What the prerequisite rules see: the plan's steps with every name
/// already resolved to an inventory record. The rules never see syntax;
/// each finding points at an argument of a step, and the checker (or the
/// runtime, for steps known only after evaluation) turns that into a span.
public struct PlanFacts: Sendable {
    public var reprotects: [PlannedReprotect]
    public var failbacks: [PlannedFailback]
    /// False for a lone statement typed in the REPL: a replication group
    /// can only be reprotected through a recovery plan (RP703).
    public var isRecoveryPlan: Bool

    public init(reprotects: [PlannedReprotect] = [], failbacks: [PlannedFailback] = [], isRecoveryPlan: Bool = true) {
        self.reprotects = reprotects
        self.failbacks = failbacks
        self.isRecoveryPlan = isRecoveryPlan
    }
}

/// A name that was resolved, left to the scheduler, or could not be
/// resolved (already reported as RP101/RP102: rules about it stay quiet).
public enum Resolved<Record: Sendable>: Sendable {
    case record(Record)
    case auto
    case unresolved

    public var record: Record? { if case let .record(r) = self { r } else { nil } }
}

/// A class, not a struct: each carries whole inventory records, and the
/// rules pass 50,000 of them through several loops; a reference makes
/// every such pass one retain instead of a deep copy.
public final class PlannedReprotect: Sendable {
    /// The machine, read in place from the inventory's machine array that
    /// every reprotect of a plan shares: 50,000 stored copies of a
    /// `Machine` (some 470 bytes each) were a fifth of `rpl check`'s peak
    /// memory. `_read` lends the element without copying it.
    public var machine: Machine { _read { yield machines[machinePosition] } }
    private let machines: [Machine]
    private let machinePosition: Int
    public let masterTarget: Resolved<MasterTarget>
    public let processServer: Resolved<ProcessServer>
    /// `.auto` here means "not given" (RP705).
    public let datastore: Resolved<Datastore>
    /// The retention path as written; nil means the master target's OS default.
    public let retention: String?
    /// The plan group the step belongs to, if any.
    public let group: String?

    public convenience init(machine: Machine, masterTarget: Resolved<MasterTarget>, processServer: Resolved<ProcessServer>,
                            datastore: Resolved<Datastore>, retention: String? = nil, group: String? = nil) {
        self.init(machineAt: 0, of: [machine], masterTarget: masterTarget, processServer: processServer,
                  datastore: datastore, retention: retention, group: group)
    }

    /// The reprotect of `machines[position]`, keeping a reference to the array (shared, not copied).
    public init(machineAt position: Int, of machines: [Machine], masterTarget: Resolved<MasterTarget>,
                processServer: Resolved<ProcessServer>, datastore: Resolved<Datastore>, retention: String? = nil,
                group: String? = nil) {
        precondition(machines.indices.contains(position), "a planned reprotect's machine is outside its array")
        self.machines = machines
        self.machinePosition = position
        self.masterTarget = masterTarget
        self.processServer = processServer
        self.datastore = datastore
        self.retention = retention
        self.group = group
    }
}

public final class PlannedFailback: Sendable {
    public let machine: Machine
    public let group: String?
    /// How many of `PlanFacts.reprotects` come before this failback in the
    /// plan's order (RP708: a failback needs its reprotect earlier); nil
    /// means all of them do.
    public let reprotectsBefore: Int?
    /// The plan reprotects the machine through a reprotect agent before this failback (modernized).
    public let reprotectedThroughAgentEarlier: Bool

    public init(machine: Machine, group: String? = nil, reprotectsBefore: Int? = nil, reprotectedThroughAgentEarlier: Bool = false) {
        self.machine = machine
        self.group = group
        self.reprotectsBefore = reprotectsBefore
        self.reprotectedThroughAgentEarlier = reprotectedThroughAgentEarlier
    }
}

/// The part of a step a finding is about; the checker maps it to a span
/// (the master target's name for RP301, the retention argument for RP402...).
public enum StepArgument: Sendable, Equatable {
    case statement
    case machine
    case masterTarget
    case processServer
    case datastore
    case retention
    case policy
}

public enum Subject: Sendable, Equatable {
    case reprotect(Int, StepArgument)
    case failback(Int)
}

/// One broken prerequisite, before it has a span.
public struct Finding: Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var subject: Subject
    /// Other steps involved (the other members of a split replication group...).
    public var related: [(subject: Subject, message: String)]
    public var notes: [String]
    public var help: [String]

    public init(_ code: DiagnosticCode, severity: Severity? = nil, _ message: String, at subject: Subject,
                related: [(subject: Subject, message: String)] = [], notes: [String] = [], help: [String] = []) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.subject = subject
        self.related = related
        self.notes = notes
        self.help = help
    }
}
