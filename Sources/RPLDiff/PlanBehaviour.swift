import RPLCheck
import RPLRuntime
import RPLSource

/// What a plan does, with nothing of how it is written: its steps with
/// every parameter resolved (through `let`, functions and modules), what
/// each waits for, its groups' order, its diagnostics without positions,
/// and its schedule's figures. Two plans that differ only in formatting,
/// comments or the names of their bindings have equal behaviours.
public struct PlanBehaviour: Sendable, Equatable {
    public var name: String
    public var version: Int64?
    /// In plan order.
    public var steps: [StepBehaviour]
    /// In the order written, each with the groups it waits for.
    public var groups: [GroupBehaviour]
    public var diagnostics: [DiagnosticSummary]
    /// nil when the plan has errors and was not scheduled.
    public var schedule: ScheduleFigures?

    public init(name: String, version: Int64?, steps: [StepBehaviour], groups: [GroupBehaviour],
                diagnostics: [DiagnosticSummary], schedule: ScheduleFigures?) {
        self.name = name
        self.version = version
        self.steps = steps
        self.groups = groups
        self.diagnostics = diagnostics
        self.schedule = schedule
    }

    /// A checked plan: its schedule when it has one, otherwise the evaluated
    /// plan's steps as written (a plan with errors still has a behaviour to compare).
    public init(plan: EvaluatedPlan, schedule: Schedule?, diagnostics: [Diagnostic]) {
        name = plan.name
        version = plan.version
        groups = plan.groups.map { GroupBehaviour(name: $0.name, after: $0.after) }
        self.diagnostics = DiagnosticSummary.of(diagnostics, machines: Set(plan.steps.compactMap(\.action.machine)))
        if let schedule {
            var byID: [String: ScheduledStep] = [:]
            for entry in schedule.entries { byID[entry.id] = entry }
            steps = plan.steps.map { step in
                byID[step.id].map(StepBehaviour.init(scheduled:)) ?? StepBehaviour(planned: step)
            }
            self.schedule = ScheduleFigures(schedule)
        } else {
            steps = plan.steps.map(StepBehaviour.init(planned:))
            self.schedule = nil
        }
    }
}

public struct StepBehaviour: Sendable, Equatable {
    public var id: String
    /// `reprotect`, `failback`, `manual`, `wait`.
    public var action: String
    public var machine: String?
    public var group: String?
    /// The action's parameters by name, in a fixed order (`master target`,
    /// `process server`, `datastore`, `retention`; a manual step's
    /// `instructions`; a wait's `duration`).
    public var parameters: [Parameter]
    /// The steps it waits for, sorted.
    public var waitsFor: [String]
    /// The failbacks it starts together with.
    public var startsTogether: String?

    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public init(id: String, action: String, machine: String?, group: String?, parameters: [Parameter],
                waitsFor: [String], startsTogether: String?) {
        self.id = id
        self.action = action
        self.machine = machine
        self.group = group
        self.parameters = parameters
        self.waitsFor = waitsFor
        self.startsTogether = startsTogether
    }

    init(scheduled entry: ScheduledStep) {
        self.init(planned: entry.step)
        waitsFor = entry.waits.dependsOn.sorted()
        startsTogether = entry.waits.startsTogether
        if let r = entry.agentReprotect {
            parameters = Self.agentReprotect(agent: r.reprotectAgent, datastore: r.datastore, logStorage: r.logStorageAccount)
        } else if case .reprotect = entry.step.action {
            parameters = Self.reprotect(masterTarget: entry.masterTarget ?? "(none fits)", processServer: entry.processServer,
                                        datastore: entry.datastore, retention: entry.retention)
        }
    }

    /// A reprotect's parameters, scheduled (resolved) or as written.
    private static func reprotect(masterTarget: String, processServer: String?, datastore: String?, retention: String?) -> [Parameter] {
        [
            Parameter(name: "master target", value: masterTarget),
            Parameter(name: "process server", value: processServer ?? "-"),
            Parameter(name: "datastore", value: datastore ?? "-"),
            Parameter(name: "retention", value: retention ?? "-"),
        ]
    }

    /// A modernized reprotect's parameters.
    private static func agentReprotect(agent: String, datastore: String?, logStorage: String?) -> [Parameter] {
        [
            Parameter(name: "reprotect agent", value: agent),
            Parameter(name: "datastore", value: datastore ?? "-"),
            Parameter(name: "log storage account", value: logStorage ?? "-"),
        ]
    }

    init(planned step: PlanStep) {
        var parameters: [Parameter] = []
        switch step.action {
        case let .reprotect(r) where r.architecture == .modernized:
            parameters = Self.agentReprotect(agent: r.reprotectAgent ?? "auto", datastore: r.datastore, logStorage: r.logStorageAccount)
        case let .reprotect(r):
            parameters = Self.reprotect(masterTarget: r.masterTarget ?? "auto", processServer: r.processServer,
                                        datastore: r.datastore, retention: r.retention)
        case let .failback(_, recoveryPoint):
            parameters = recoveryPoint.map { [Parameter(name: "recovery point", value: $0.rawValue)] } ?? []
        case .commit:
            break
        case let .protect(p):
            parameters = [Parameter(name: "process server", value: p.processServer), Parameter(name: "policy", value: p.policy ?? "-")]
        case let .manual(_, instructions):
            parameters = [Parameter(name: "instructions", value: instructions)]
        case let .wait(seconds):
            parameters = [Parameter(name: "duration", value: ClockFormat.duration(seconds))]
        }
        self.init(id: step.id, action: step.action.kind.rawValue, machine: step.action.machine, group: step.group,
                  parameters: parameters, waitsFor: step.dependsOn.sorted(), startsTogether: step.failsBackWithGroup.map { "group \($0)" })
    }
}

public struct GroupBehaviour: Sendable, Equatable {
    public var name: String
    public var after: [String]
}

/// A diagnostic as a reviewer compares it: what it says, not where.
public struct DiagnosticSummary: Sendable, Equatable, Hashable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String

    /// One summary per finding. A note that the checker folded ("the same
    /// holds for 2 more machines here: 'b', 'c'") is unfolded into one
    /// summary per machine: which machine heads the fold depends on the
    /// plan's order, and a reordering is no change in what is found.
    static func of(_ diagnostics: [Diagnostic], machines: Set<String>) -> [DiagnosticSummary] {
        var seen = Set<DiagnosticSummary>()
        var summaries: [DiagnosticSummary] = []
        for diagnostic in diagnostics {
            let summary = DiagnosticSummary(code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message)
            let others = diagnostic.notes.compactMap(foldedMachines).first ?? []
            var all = [summary]
            if !others.isEmpty, let head = quotedNames(in: diagnostic.message).first(where: { machines.contains($0) && !others.contains($0) }) {
                all += others.map { other in
                    DiagnosticSummary(code: summary.code, severity: summary.severity,
                                      message: summary.message.replacingOccurrences(of: "'\(head)'", with: "'\(other)'"))
                }
            }
            for item in all where seen.insert(item).inserted { summaries.append(item) }
        }
        return summaries.sorted { ($0.code, $0.message) < ($1.code, $1.message) }
    }

    /// The machines a fold note names.
    private static func foldedMachines(_ note: String) -> [String]? {
        guard note.hasPrefix("the same holds for "), let colon = note.range(of: " here: ") else { return nil }
        return quotedNames(in: String(note[colon.upperBound...]))
    }

    private static func quotedNames(in text: String) -> [String] {
        text.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// `error[RP209]: ...`, as the text renderer heads a diagnostic.
    public var line: String { "\(severity.rawValue)[\(code.rawValue)]: \(message)" }
}

public struct ScheduleFigures: Sendable, Equatable {
    public var completionSeconds: Int64
    /// Each plan group's downtime, by name, in the order written.
    public var groupDowntimes: [(group: String, seconds: Int64)]
    public var longestDowntime: Int64?
    public var criticalPath: [String]

    init(_ schedule: Schedule) {
        completionSeconds = schedule.completionSeconds
        groupDowntimes = schedule.downtimes.compactMap { downtime in
            if case let .group(name) = downtime.subject { (name, downtime.seconds) } else { nil }
        }
        longestDowntime = schedule.longestDowntime?.seconds
        criticalPath = schedule.criticalPath
    }

    public static func == (a: ScheduleFigures, b: ScheduleFigures) -> Bool {
        a.completionSeconds == b.completionSeconds && a.longestDowntime == b.longestDowntime && a.criticalPath == b.criticalPath
            && a.groupDowntimes.map(\.group) == b.groupDowntimes.map(\.group)
            && a.groupDowntimes.map(\.seconds) == b.groupDowntimes.map(\.seconds)
    }
}
