import RPLCheck
import RPLInventory
import RPLSource

/// One step as the executor runs it: the scheduled step with every
/// parameter concrete. Built from a `Schedule` for a new run, or read back
/// from the journal for `rpl resume` (which never re-evaluates the plan: the
/// machines' states have moved on since it was checked).
public struct ExecutableStep: Sendable, Equatable {
    public var id: String
    public var action: Action
    public var group: String?
    public var dependsOn: [String]
    /// Plan groups whose every step must be done first (the step's group's
    /// `after` list: groups run in the order written unless `after` says
    /// otherwise). Kept as names, not expanded into `dependsOn`: a group of
    /// 100 after a group of 100 is two names, not 10,000 edges.
    public var afterGroups: [String]
    /// The failbacks this one starts together with (see `GraphStep`).
    public var startsTogether: String?
    /// The scheduler's estimate of the step's duration, in seconds.
    public var estimatedSeconds: Int64
    public var estimatedStart: Int64

    public enum Action: Sendable, Equatable {
        case reprotect(machine: String, masterTarget: String, processServer: String, datastore: String?, retention: String?)
        /// A modernized reprotect, through a reprotect agent.
        case agentReprotect(AgentReprotect)
        /// `recoveryPoint`: a modernized failback's; nil for a classic one (the latest point).
        case failback(machine: String, recoveryPoint: RecoveryPointType? = nil)
        case commit(machine: String)
        case protect(ProtectAction)
        case manual(name: String, instructions: String)
        case wait(seconds: Int64)
    }

    public init(id: String, action: Action, group: String?, dependsOn: [String], afterGroups: [String] = [],
                startsTogether: String? = nil, estimatedStart: Int64, estimatedSeconds: Int64) {
        self.id = id
        self.action = action
        self.group = group
        self.dependsOn = dependsOn
        self.afterGroups = afterGroups
        self.startsTogether = startsTogether
        self.estimatedStart = estimatedStart
        self.estimatedSeconds = estimatedSeconds
    }

    /// The action names of docs/cli.md's JSON outputs, as one enum.
    public var kind: ActionKind {
        switch action {
        case .reprotect, .agentReprotect: .reprotect
        case .failback: .failback
        case .commit: .commit
        case .protect: .protect
        case .manual: .manual
        case .wait: .wait
        }
    }

    public var machine: String? {
        switch action {
        case let .reprotect(machine, _, _, _, _), let .failback(machine, _), let .commit(machine): machine
        case let .agentReprotect(r): r.machine
        case let .protect(p): p.machine
        case .manual, .wait: nil
        }
    }

    public var masterTarget: String? {
        if case let .reprotect(_, masterTarget, _, _, _) = action { masterTarget } else { nil }
    }

    public var processServer: String? {
        switch action {
        case let .reprotect(_, _, processServer, _, _): processServer
        case let .protect(p): p.processServer
        default: nil
        }
    }

    /// Steps that fail until the machine's agent has registered with the
    /// configuration server (up to 15 minutes after it boots): a classic
    /// reprotect after the failover, a classic protection after the failback.
    /// The run waits and retries them (RP801).
    public var waitsForAgentRegistration: Bool {
        switch action {
        case .reprotect: true
        case let .protect(p): p.architecture == .classic
        default: false
        }
    }

    public var reprotectAgent: String? {
        if case let .agentReprotect(r) = action { r.reprotectAgent } else { nil }
    }

    /// Steps that go to a provider; `manual` and `wait` are the executor's own.
    public var needsProvider: Bool {
        switch action {
        case .reprotect, .agentReprotect, .failback, .commit, .protect: true
        case .manual, .wait: false
        }
    }

    /// The machine's states around the step (docs/inventory.md, machine states); nil for manual and wait.
    public var transition: MachineTransition? { MachineTransition.of(kind) }

    /// What the step waits for, in the form the run's `StepGraph` reads.
    public var waits: GraphStep {
        GraphStep(id: id, group: group, dependsOn: dependsOn, afterGroups: afterGroups, startsTogether: startsTogether)
    }
}

public enum ScheduleConversionError: Error, CustomStringConvertible, Sendable {
    case unresolvedMasterTarget(step: String)

    public var description: String {
        switch self {
        case let .unresolvedMasterTarget(step): "step \(step) has no master target after scheduling"
        }
    }
}

extension ExecutableStep {
    /// The schedule's entries, in its start order.
    public static func steps(of schedule: Schedule) throws(ScheduleConversionError) -> [ExecutableStep] {
        var steps: [ExecutableStep] = []
        steps.reserveCapacity(schedule.entries.count)
        for entry in schedule.entries {
            guard let action = entry.action else { throw .unresolvedMasterTarget(step: entry.id) }
            let waits = entry.waits
            steps.append(ExecutableStep(id: entry.id, action: action, group: waits.group, dependsOn: waits.dependsOn,
                                        afterGroups: waits.afterGroups, startsTogether: waits.startsTogether,
                                        estimatedStart: entry.startSeconds,
                                        estimatedSeconds: max(0, entry.endSeconds - entry.startSeconds)))
        }
        return steps
    }
}

// MARK: - The journal's form of a step

extension ExecutableStep {
    /// The step's parameters as the journal keeps them (and, without the
    /// bookkeeping keys, as the exec provider's request carries them).
    public var paramsJSON: JSONValue {
        var members: [(String, JSONValue)] = [("action", .string(kind.rawValue))]
        switch action {
        case let .reprotect(machine, masterTarget, processServer, datastore, retention):
            members.append(("machine", .string(machine)))
            members.append(("master_target", .string(masterTarget)))
            members.append(("process_server", .string(processServer)))
            if let datastore { members.append(("datastore", .string(datastore))) }
            if let retention { members.append(("retention", .string(retention))) }
        case let .agentReprotect(r):
            members += r.paramsJSON
        case let .failback(machine, recoveryPoint):
            members.append(("machine", .string(machine)))
            if let recoveryPoint { members.append(("recovery_point", .string(recoveryPoint.rawValue))) }
        case let .commit(machine):
            members.append(("machine", .string(machine)))
        case let .protect(p):
            members.append(("machine", .string(p.machine)))
            members.append(("architecture", .string(p.architecture.rawValue)))
            members.append(("process_server", .string(p.processServer)))
            if let appliance = p.appliance { members.append(("appliance", .string(appliance))) }
            if let policy = p.policy { members.append(("policy", .string(policy))) }
        case let .manual(name, instructions):
            members.append(("name", .string(name)))
            members.append(("instructions", .string(instructions)))
        case let .wait(seconds):
            members.append(("seconds", .number(Double(seconds))))
        }
        return .object(members)
    }

    /// Reads `paramsJSON` back; nil when the journal row is not one this build wrote.
    public static func action(fromParams params: JSONValue) -> Action? {
        guard let kind = params["action"]?.stringValue.flatMap(ActionKind.init(rawValue:)) else { return nil }
        switch kind {
        case .reprotect where params["architecture"]?.stringValue == Architecture.modernized.rawValue:
            return AgentReprotect(params: params).map(Action.agentReprotect)
        case .reprotect:
            guard let machine = params["machine"]?.stringValue, let masterTarget = params["master_target"]?.stringValue,
                  let processServer = params["process_server"]?.stringValue else { return nil }
            return .reprotect(machine: machine, masterTarget: masterTarget, processServer: processServer,
                              datastore: params["datastore"]?.stringValue, retention: params["retention"]?.stringValue)
        case .failback:
            guard let machine = params["machine"]?.stringValue else { return nil }
            return .failback(machine: machine, recoveryPoint: params["recovery_point"]?.stringValue.flatMap(RecoveryPointType.init(rawValue:)))
        case .commit:
            return params["machine"]?.stringValue.map { .commit(machine: $0) }
        case .protect:
            guard let machine = params["machine"]?.stringValue, let server = params["process_server"]?.stringValue,
                  let architecture = params["architecture"]?.stringValue.flatMap(Architecture.init(rawValue:)) else { return nil }
            return .protect(ProtectAction(machine: machine, architecture: architecture, processServer: server,
                                          appliance: params["appliance"]?.stringValue, policy: params["policy"]?.stringValue))
        case .manual:
            guard let name = params["name"]?.stringValue else { return nil }
            return .manual(name: name, instructions: params["instructions"]?.stringValue ?? "")
        case .wait:
            guard let seconds = params["seconds"]?.intValue else { return nil }
            return .wait(seconds: Int64(seconds))
        }
    }
}
