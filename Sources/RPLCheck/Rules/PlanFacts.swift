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

/// What the rules read a machine's fields through: a planned step (the
/// machine in place in the shared array) or a machine itself. Rules generic
/// over it are specialised for each, and read only the fields they test; a
/// whole `Machine` handed from a step to a rule is copied instead (a retain
/// and a release of each of its strings and arrays): ~140 M instructions
/// on a 50k check.
protocol MachineCarrier {
    var machine: Machine { get }
}

extension Machine: MachineCarrier {
    var machine: Machine { self }
}

/// A class, not a struct: the rules pass 50,000 of them through several
/// loops, and a reference makes every such pass one retain.
public final class PlannedReprotect: Sendable, MachineCarrier {
    /// The machine, read in place from the inventory's machine array that
    /// every reprotect of a plan shares: 50,000 stored copies of a
    /// `Machine` (some 470 bytes each) were a fifth of `rpl check`'s peak
    /// memory. `step.machine.name` loads that field alone; a whole
    /// `step.machine` handed on is a copy (see `MachineCarrier`).
    public var machine: Machine { _read { yield machines[machinePosition] } }
    private let machines: [Machine]
    private let machinePosition: Int
    /// The master target, process server and datastore, each kept as a
    /// position in the inventory's array (see `RecordSlot`): the rules read
    /// them in place through the slots, and these copy them out.
    public var masterTarget: Resolved<MasterTarget> { masterTargetSlot.resolved }
    public var processServer: Resolved<ProcessServer> { processServerSlot.resolved }
    /// `.auto` here means "not given" (RP705).
    public var datastore: Resolved<Datastore> { datastoreSlot.resolved }
    let masterTargetSlot: RecordSlot<MasterTarget>
    let processServerSlot: RecordSlot<ProcessServer>
    let datastoreSlot: RecordSlot<Datastore>
    /// The retention path as written; nil means the master target's OS default.
    public let retention: String?
    /// The plan group the step belongs to, if any.
    public let group: String?

    /// The machine's position in `machines` when the step reads it from
    /// that very array (not an equal copy), else nil (`RecordNumbering`).
    func machinePosition(in machines: [Machine]) -> Int? {
        isSameStorage(self.machines, machines) ? machinePosition : nil
    }

    public convenience init(machine: Machine, masterTarget: Resolved<MasterTarget>, processServer: Resolved<ProcessServer>,
                            datastore: Resolved<Datastore>, retention: String? = nil, group: String? = nil) {
        self.init(machineAt: 0, of: [machine], masterTarget: masterTarget, processServer: processServer,
                  datastore: datastore, retention: retention, group: group)
    }

    /// The reprotect of `machines[position]`, keeping a reference to the array (shared, not copied).
    public convenience init(machineAt position: Int, of machines: [Machine], masterTarget: Resolved<MasterTarget>,
                            processServer: Resolved<ProcessServer>, datastore: Resolved<Datastore>, retention: String? = nil,
                            group: String? = nil) {
        self.init(machineAt: position, of: machines, masterTarget: RecordSlot(masterTarget), processServer: RecordSlot(processServer),
                  datastore: RecordSlot(datastore), retention: retention, group: group)
    }

    init(machineAt position: Int, of machines: [Machine], masterTarget: RecordSlot<MasterTarget>,
         processServer: RecordSlot<ProcessServer>, datastore: RecordSlot<Datastore>, retention: String?, group: String?) {
        precondition(machines.indices.contains(position), "a planned reprotect's machine is outside its array")
        self.machines = machines
        self.machinePosition = position
        self.masterTargetSlot = masterTarget
        self.processServerSlot = processServer
        self.datastoreSlot = datastore
        self.retention = retention
        self.group = group
    }
}

/// A `Resolved` record kept as its position in an array that holds it (the
/// inventory's, shared by every step), not as a copy: a copy of a master
/// target, process server and datastore in each of a 50k plan's reprotects
/// was some 15 MB, and every rule that took one out of its `Resolved`
/// copied it again (retaining each of its strings and arrays).
struct RecordSlot<Record: Sendable>: Sendable {
    private let records: [Record]
    /// `records[position]` when not negative, else `autoPosition` or
    /// `unresolvedPosition`: one word where a `Resolved<Int>` took two
    /// (1.2 MB over the three slots of a 50k plan's reprotects).
    private let position: Int
    private static var autoPosition: Int { -1 }
    private static var unresolvedPosition: Int { -2 }

    static var auto: RecordSlot { RecordSlot(records: [], position: autoPosition) }
    static var unresolved: RecordSlot { RecordSlot(records: [], position: unresolvedPosition) }

    private init(records: [Record], position: Int) {
        self.records = records
        self.position = position
    }

    /// `records[position]`, sharing the array.
    init(at position: Int, of records: [Record]) {
        precondition(records.indices.contains(position), "a record slot's position is outside its array")
        self.init(records: records, position: position)
    }

    /// A record given by value: an array of its own.
    init(_ resolved: Resolved<Record>) {
        switch resolved {
        case let .record(record): self.init(records: [record], position: 0)
        case .auto: self = .auto
        case .unresolved: self = .unresolved
        }
    }

    var resolved: Resolved<Record> {
        switch position {
        case Self.autoPosition: .auto
        case Self.unresolvedPosition: .unresolved
        default: .record(records[position])
        }
    }

    var isAuto: Bool { position == Self.autoPosition }

    /// The record's position in `records` when the slot reads it from that
    /// very array (not an equal copy), else nil (`RecordNumbering`).
    func position(in records: [Record]) -> Int? {
        position >= 0 && isSameStorage(self.records, records) ? position : nil
    }

    var hasRecord: Bool { position >= 0 }

    /// The record in place; only when `hasRecord`. Read the fields a rule
    /// tests through it (`slot.record.name` loads the name alone): a whole
    /// record handed to a function or closure is copied, a retain and a
    /// release of each of its strings and arrays.
    var record: Record {
        _read {
            precondition(position >= 0, "a record slot without a record was read")
            yield records[position]
        }
    }
}

public final class PlannedFailback: Sendable, MachineCarrier {
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
