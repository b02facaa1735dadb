import RPLRuntime

/// One difference in what two versions of a plan do.
public struct BehaviourChange: Sendable, Equatable {
    /// The sections a review reads, in this order.
    public enum Section: String, Sendable, CaseIterable {
        case machines, parameters, groups, steps, diagnostics, schedule
    }

    public enum Kind: String, Sendable {
        case added, removed, changed
    }

    public var section: Section
    public var kind: Kind
    /// What changed: a machine, a step id, a group, a diagnostic.
    public var subject: String
    /// Which of its properties, for a change (`master target`, `group`,
    /// `waits for`); empty for an addition or a removal.
    public var field: String
    public var before: String?
    public var after: String?

    public init(_ section: Section, _ kind: Kind, subject: String, field: String = "", before: String? = nil, after: String? = nil) {
        self.section = section
        self.kind = kind
        self.subject = subject
        self.field = field
        self.before = before
        self.after = after
    }
}

/// The behavioural differences between two versions of a plan, section by
/// section: machines added or removed, their parameters, group membership
/// and order, every other step's place, diagnostics introduced or fixed,
/// and the schedule's figures.
public struct BehaviourDiff: Sendable {
    public var old: PlanBehaviour
    public var new: PlanBehaviour
    public var changes: [BehaviourChange]

    public var isSameBehaviour: Bool { changes.isEmpty }

    public init(old: PlanBehaviour, new: PlanBehaviour) {
        self.old = old
        self.new = new
        var changes: [BehaviourChange] = []
        if old.name != new.name {
            changes.append(BehaviourChange(.groups, .changed, subject: "plan", field: "name", before: old.name, after: new.name))
        }
        changes += Self.machines(old, new)
        changes += Self.steps(old, new)
        changes += Self.groups(old, new)
        changes += Self.diagnostics(old, new)
        changes += Self.schedule(old.schedule, new.schedule)
        let order = Dictionary(uniqueKeysWithValues: BehaviourChange.Section.allCases.enumerated().map { ($1, $0) })
        // Stable: within a section, changes keep the order they were found in.
        self.changes = changes.enumerated().sorted { (order[$0.element.section]!, $0.offset) < (order[$1.element.section]!, $1.offset) }
            .map(\.element)
    }

    /// Machines are in a plan when it reprotects or fails them back.
    private static func machines(_ old: PlanBehaviour, _ new: PlanBehaviour) -> [BehaviourChange] {
        func machines(_ plan: PlanBehaviour) -> [String] {
            var seen = Set<String>()
            return plan.steps.compactMap(\.machine).filter { seen.insert($0).inserted }
        }
        let before = machines(old)
        let after = machines(new)
        let beforeSet = Set(before)
        let afterSet = Set(after)
        func actions(_ machine: String, _ plan: PlanBehaviour) -> String {
            plan.steps.filter { $0.machine == machine }.map(\.action).joined(separator: ", ")
        }
        return after.filter { !beforeSet.contains($0) }.map { BehaviourChange(.machines, .added, subject: $0, after: actions($0, new)) }
            + before.filter { !afterSet.contains($0) }.map { BehaviourChange(.machines, .removed, subject: $0, before: actions($0, old)) }
    }

    /// Steps matched by id (stable across versions: `GROUP/ACTION/NAME`),
    /// and a machine's step that only moved group matched by machine and
    /// action. A step of a machine added or removed is said once, above.
    private static func steps(_ old: PlanBehaviour, _ new: PlanBehaviour) -> [BehaviourChange] {
        var changes: [BehaviourChange] = []
        let oldMachines = Set(old.steps.compactMap(\.machine))
        let newMachines = Set(new.steps.compactMap(\.machine))
        var oldByID: [String: StepBehaviour] = [:]
        var oldByMachineAndAction: [String: [StepBehaviour]] = [:]
        for step in old.steps {
            if oldByID[step.id] == nil { oldByID[step.id] = step }
            if let machine = step.machine { oldByMachineAndAction[machine + "/" + step.action, default: []].append(step) }
        }
        var matched = Set<String>()
        // A machine's reprotect or failback that moved group has a new id.
        func counterpart(of step: StepBehaviour) -> StepBehaviour? {
            if let same = oldByID[step.id] { return same }
            guard let machine = step.machine else { return nil }
            return oldByMachineAndAction[machine + "/" + step.action]?.first { !matched.contains($0.id) }
        }
        for step in new.steps {
            guard let before = counterpart(of: step) else {
                if step.machine.map({ oldMachines.contains($0) }) ?? true {
                    changes.append(BehaviourChange(.steps, .added, subject: step.id, after: describe(step)))
                }
                continue
            }
            matched.insert(before.id)
            changes += compare(before, step)
        }
        for step in old.steps where !matched.contains(step.id) {
            if step.machine.map({ newMachines.contains($0) }) ?? true {
                changes.append(BehaviourChange(.steps, .removed, subject: step.id, before: describe(step)))
            }
        }
        return changes
    }

    private static func compare(_ before: StepBehaviour, _ after: StepBehaviour) -> [BehaviourChange] {
        var changes: [BehaviourChange] = []
        let subject = after.machine.map { "\($0) (\(after.action))" } ?? after.id
        if before.group != after.group {
            changes.append(BehaviourChange(.groups, .changed, subject: subject, field: "group",
                                           before: before.group ?? "(plan level)", after: after.group ?? "(plan level)"))
        }
        for parameter in after.parameters {
            let old = before.parameters.first { $0.name == parameter.name }?.value
            if old != parameter.value {
                changes.append(BehaviourChange(.parameters, .changed, subject: subject, field: parameter.name,
                                               before: old ?? "-", after: parameter.value))
            }
        }
        // Waits are compared by what they wait for, with ids of steps that
        // only moved group read as the same step.
        if normalised(before.waitsFor) != normalised(after.waitsFor) {
            changes.append(BehaviourChange(.steps, .changed, subject: subject, field: "waits for",
                                           before: list(before.waitsFor), after: list(after.waitsFor)))
        }
        if before.startsTogether != after.startsTogether {
            changes.append(BehaviourChange(.steps, .changed, subject: subject, field: "starts together with",
                                           before: before.startsTogether ?? "(on its own)", after: after.startsTogether ?? "(on its own)"))
        }
        return changes
    }

    /// `app/reprotect/web` and `db/reprotect/web` are the same machine's reprotect.
    private static func normalised(_ ids: [String]) -> [String] {
        ids.map { id in
            let parts = id.split(separator: "/", maxSplits: 1)
            return parts.count == 2 && (parts[1].hasPrefix("reprotect/") || parts[1].hasPrefix("failback/")) ? String(parts[1]) : id
        }.sorted()
    }

    private static func list(_ ids: [String]) -> String { ids.isEmpty ? "(nothing)" : ids.joined(separator: ", ") }

    static func describe(_ step: StepBehaviour) -> String {
        var text = step.action
        if let machine = step.machine { text += " " + machine }
        let parameters = step.parameters.map { "\($0.name) \($0.value)" }
        if !parameters.isEmpty { text += " (" + parameters.joined(separator: ", ") + ")" }
        text += step.group.map { " in group \($0)" } ?? " at plan level"
        if !step.waitsFor.isEmpty { text += ", after " + step.waitsFor.joined(separator: ", ") }
        return text
    }

    private static func groups(_ old: PlanBehaviour, _ new: PlanBehaviour) -> [BehaviourChange] {
        var changes: [BehaviourChange] = []
        let oldNames = old.groups.map(\.name)
        let newNames = new.groups.map(\.name)
        for group in new.groups where !oldNames.contains(group.name) {
            changes.append(BehaviourChange(.groups, .added, subject: "group \(group.name)",
                                           after: group.after.isEmpty ? "first" : "after " + group.after.joined(separator: ", ")))
        }
        for group in old.groups where !newNames.contains(group.name) {
            changes.append(BehaviourChange(.groups, .removed, subject: "group \(group.name)"))
        }
        for group in new.groups {
            guard let before = old.groups.first(where: { $0.name == group.name }), before.after != group.after else { continue }
            func text(_ after: [String]) -> String { after.isEmpty ? "(nothing: it goes first)" : after.joined(separator: ", ") }
            changes.append(BehaviourChange(.groups, .changed, subject: "group \(group.name)", field: "after",
                                           before: text(before.after), after: text(group.after)))
        }
        return changes
    }

    private static func diagnostics(_ old: PlanBehaviour, _ new: PlanBehaviour) -> [BehaviourChange] {
        let before = Set(old.diagnostics)
        let after = Set(new.diagnostics)
        return new.diagnostics.filter { !before.contains($0) }.map { BehaviourChange(.diagnostics, .added, subject: $0.line) }
            + old.diagnostics.filter { !after.contains($0) }.map { BehaviourChange(.diagnostics, .removed, subject: $0.line) }
    }

    private static func schedule(_ old: ScheduleFigures?, _ new: ScheduleFigures?) -> [BehaviourChange] {
        guard let old, let new else {
            if (old == nil) != (new == nil) {
                return [BehaviourChange(.schedule, .changed, subject: "schedule", before: old == nil ? "none (errors)" : "scheduled",
                                        after: new == nil ? "none (errors)" : "scheduled")]
            }
            return []
        }
        var changes: [BehaviourChange] = []
        if old.completionSeconds != new.completionSeconds {
            changes.append(BehaviourChange(.schedule, .changed, subject: "completion", before: ClockFormat.duration(old.completionSeconds),
                                           after: ClockFormat.duration(new.completionSeconds)))
        }
        if old.longestDowntime != new.longestDowntime {
            changes.append(BehaviourChange(.schedule, .changed, subject: "longest downtime (RTO)",
                                           before: old.longestDowntime.map(ClockFormat.duration) ?? "none",
                                           after: new.longestDowntime.map(ClockFormat.duration) ?? "none"))
        }
        let groups = (new.groupDowntimes.map(\.group) + old.groupDowntimes.map(\.group)).reduce(into: [String]()) { names, name in
            if !names.contains(name) { names.append(name) }
        }
        for group in groups {
            let before = old.groupDowntimes.first { $0.group == group }?.seconds
            let after = new.groupDowntimes.first { $0.group == group }?.seconds
            guard before != after else { continue }
            changes.append(BehaviourChange(.schedule, .changed, subject: "downtime of group \(group)",
                                           before: before.map(ClockFormat.duration) ?? "none", after: after.map(ClockFormat.duration) ?? "none"))
        }
        if old.criticalPath != new.criticalPath {
            changes.append(BehaviourChange(.schedule, .changed, subject: "critical path", before: old.criticalPath.joined(separator: " -> "),
                                           after: new.criticalPath.joined(separator: " -> ")))
        }
        return changes
    }
}
