import RPLCheck

/// What one step waits for: the form that both the planner (`rpl plan`'s
/// simulation) and the executor (`rpl run`, `rpl resume`, the REPL) build
/// their `StepGraph` from, and that the journal keeps for each step. There
/// is one definition of "what waits for what": `GraphStep.steps(of:)`.
public struct GraphStep: Sendable, Equatable {
    public var id: String
    /// The plan group the step belongs to; nil at plan level.
    public var group: String?
    /// Steps that must be done before this one starts.
    public var dependsOn: [String]
    /// Plan groups whose every step must be done before this one starts
    /// (its group's `after` list). A group with no steps is looked
    /// through, to the groups it waits for, so that a run, which only sees
    /// steps, keeps the order the plan's groups give.
    public var afterGroups: [String]
    /// The failbacks that start at one point in time, and only once every
    /// one of them could: the members of a replication group, or the
    /// machines of a group failed back with `failback GROUP`. Named for
    /// people ("replication group erp", "group web-tier").
    public var startsTogether: String?

    public init(id: String, group: String?, dependsOn: [String], afterGroups: [String] = [], startsTogether: String? = nil) {
        self.id = id
        self.group = group
        self.dependsOn = dependsOn
        self.afterGroups = afterGroups
        self.startsTogether = startsTogether
    }
}

/// A set of failbacks that cannot start at one point in time, because the
/// plan orders something they wait for after one of them (RP701).
public struct BrokenStartTogether: Sendable, Equatable {
    public var name: String
    /// Index (in plan order) of the set's first failback.
    public var firstStep: Int
}

extension GraphStep {
    /// The plan's steps as the graph reads them (in plan order), their
    /// graph, and the start-together sets that a cycle makes impossible;
    /// those are left out, so their failbacks wait only for their own
    /// predecessors. `replicationGroupOfStep`: the replication group of the
    /// machine of the step at that index (plan order), asked by index so that
    /// the caller's machine-by-step table answers without a name lookup.
    public static func steps(of plan: EvaluatedPlan, replicationGroupOfStep: (Int) -> String?)
        -> (steps: [GraphStep], graph: StepGraph, broken: [BrokenStartTogether]) {
        let afterOf = resolvedAfterGroups(plan)
        // A group's steps mostly follow each other: the previous step's
        // list is reused without hashing the group's name (50,000 lookups).
        // Fields read by index: mapping whole steps copied each one.
        var previousGroup: String?
        var previousAfter: [String] = []
        let steps = plan.steps
        let graphSteps = steps.indices.map { index in
            let group = steps[index].group
            if group != previousGroup {
                previousGroup = group
                previousAfter = group.flatMap { afterOf[$0] } ?? []
            }
            return GraphStep(id: steps[index].id, group: group, dependsOn: steps[index].dependsOn, afterGroups: previousAfter)
        }
        var sets = StartTogetherSets.of(plan, replicationGroupOfStep: replicationGroupOfStep)
        var broken: [BrokenStartTogether] = []
        // Only a start-together set can be broken by a cycle: without one,
        // no graph needs building here (on 50,000 reprotects it was a
        // tenth of `rpl plan`).
        while !sets.isEmpty {
            var candidate = graphSteps
            for set in sets {
                for member in set.failbacks {
                    candidate[member].startsTogether = set.name
                    let own = Set(candidate[member].dependsOn)
                    candidate[member].dependsOn += set.alsoWaitsFor.filter { !own.contains($0) && $0 != candidate[member].id }
                }
            }
            let graph = StepGraph(steps: candidate)
            let cyclic = graph.startTogetherSetsOnCycles()
            if cyclic.isEmpty {
                // The graph the cycle search built is the plan's: not built twice.
                return (candidate, graph, broken.sorted { $0.firstStep < $1.firstStep })
            }
            for name in cyclic {
                guard let set = sets.first(where: { $0.name == name }) else { continue }
                broken.append(BrokenStartTogether(name: name, firstStep: set.failbacks[0]))
            }
            sets.removeAll { cyclic.contains($0.name) }
        }
        return (graphSteps, StepGraph(steps: graphSteps), broken.sorted { $0.firstStep < $1.firstStep })
    }

    /// Each group's `after` list with groups that hold no step replaced by
    /// what they wait for.
    private static func resolvedAfterGroups(_ plan: EvaluatedPlan) -> [String: [String]] {
        // No group waits for another: nothing to resolve.
        guard plan.groups.contains(where: { !$0.after.isEmpty }) else { return [:] }
        // Steps of one group mostly follow each other: a name is inserted
        // once per run of steps, not once per step (28 M on 50,000 steps).
        var withSteps = Set<String>()
        var previous: String?
        for step in plan.steps where step.group != previous {
            previous = step.group
            if let group = step.group { withSteps.insert(group) }
        }
        var declared: [String: [String]] = [:]
        for group in plan.groups where declared[group.name] == nil { declared[group.name] = group.after }
        var resolved: [String: [String]] = [:]
        for name in declared.keys {
            var result: [String] = []
            var seen: Set<String> = [name]
            var queue = declared[name] ?? []
            while !queue.isEmpty {
                let next = queue.removeFirst()
                guard seen.insert(next).inserted else { continue }
                if withSteps.contains(next) {
                    result.append(next)
                } else {
                    queue += declared[next] ?? []
                }
            }
            resolved[name] = result
        }
        return resolved
    }
}

/// Which failbacks start together. Two reasons put failbacks in one set:
/// their machines are in one replication group (there is one common point
/// in time only if every member is failed back from it), or one
/// `failback GROUP` statement failed them back. A failback with both
/// reasons joins the two sets into one.
struct StartTogetherSets {
    var name: String
    /// Indices of the failback steps, in plan order.
    var failbacks: [Int]
    /// Reprotects that the set waits for besides its failbacks' own: every
    /// reprotect of a replication group's members in the plan.
    var alsoWaitsFor: [String]

    static func of(_ plan: EvaluatedPlan, replicationGroupOfStep: (Int) -> String?) -> [StartTogetherSets] {
        // Every set has a failback: a plan without one (50,000 reprotects)
        // skips naming the replication groups of all its machines.
        guard plan.steps.contains(where: { $0.action.isFailback }) else { return [] }
        var keys: [String] = []
        var keyIndex: [String: Int] = [:]
        var parent: [Int] = []
        func key(_ name: String) -> Int {
            if let index = keyIndex[name] { return index }
            keyIndex[name] = keys.count
            keys.append(name)
            parent.append(parent.count)
            return keys.count - 1
        }
        func root(_ index: Int) -> Int {
            var node = index
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        var keyOfFailback: [(step: Int, key: Int)] = []
        var reprotectsOfKey: [Int: [String]] = [:]
        for (index, step) in plan.steps.enumerated() {
            switch step.action {
            case .failback:
                var mine: [Int] = []
                if let group = step.failsBackWithGroup { mine.append(key("group \(group)")) }
                if let replication = replicationGroupOfStep(index) { mine.append(key("replication group \(replication)")) }
                guard let first = mine.first else { continue }
                for other in mine.dropFirst() { parent[root(other)] = root(first) }
                keyOfFailback.append((index, first))
            case .reprotect:
                if let replication = replicationGroupOfStep(index) {
                    reprotectsOfKey[key("replication group \(replication)"), default: []].append(step.id)
                }
            case .commit, .protect, .manual, .wait:
                continue
            }
        }
        // Sets by root, named after their first key in plan order.
        var setOfRoot: [Int: Int] = [:]
        var sets: [StartTogetherSets] = []
        for (step, key) in keyOfFailback {
            let top = root(key)
            if let set = setOfRoot[top] {
                sets[set].failbacks.append(step)
            } else {
                setOfRoot[top] = sets.count
                sets.append(StartTogetherSets(name: keys[key], failbacks: [step], alsoWaitsFor: []))
            }
        }
        for (key, reprotects) in reprotectsOfKey.sorted(by: { $0.key < $1.key }) {
            guard let set = setOfRoot[root(key)] else { continue }
            sets[set].alsoWaitsFor += reprotects
        }
        // A set of one failback that waits for nothing more than its own
        // reprotect is no constraint at all.
        return sets.filter { set in
            set.failbacks.count > 1 || set.alsoWaitsFor.contains { !plan.steps[set.failbacks[0]].dependsOn.contains($0) }
        }
    }
}
