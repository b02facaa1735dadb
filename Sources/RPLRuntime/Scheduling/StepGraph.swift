import RPLCheck

/// The plan's steps and groups as one graph of integer nodes, the form the
/// simulation walks. Nodes `0..<stepCount` are the steps in plan order; each
/// plan group adds two zero-time gates after them: its start (every group it
/// comes after is done) and its end (its start, and every step in it). A
/// group with 100 steps after a group with 100 steps so costs 200 edges, not
/// 10,000.
struct StepGraph {
    let stepCount: Int
    let nodeCount: Int
    /// Dependents of each node, flattened: `dependents[offsets[n]..<offsets[n+1]]`.
    let offsets: [Int32]
    let dependents: [Int32]
    /// How many predecessors each node waits for.
    let predecessorCounts: [Int32]
    /// Step index by id (the first step with that id).
    let indexByID: [String: Int]

    init(plan: EvaluatedPlan) {
        let steps = plan.steps
        stepCount = steps.count
        var groupIndex: [String: Int] = [:]
        for (index, group) in plan.groups.enumerated() where groupIndex[group.name] == nil { groupIndex[group.name] = index }
        nodeCount = steps.count + 2 * plan.groups.count
        func startGate(_ group: Int) -> Int { steps.count + 2 * group }
        func endGate(_ group: Int) -> Int { steps.count + 2 * group + 1 }

        var ids: [String: Int] = [:]
        ids.reserveCapacity(steps.count)
        for (index, step) in steps.enumerated() where ids[step.id] == nil { ids[step.id] = index }
        indexByID = ids

        var edges: [(from: Int32, to: Int32)] = []
        edges.reserveCapacity(steps.count * 3)
        for (index, step) in steps.enumerated() {
            var seen: [Int] = []
            for id in step.dependsOn {
                // Dependency lists are short: a linear check beats hashing.
                guard let before = ids[id], !seen.contains(before) else { continue }
                seen.append(before)
                edges.append((Int32(before), Int32(index)))
            }
            if let name = step.group, let group = groupIndex[name] {
                edges.append((Int32(startGate(group)), Int32(index)))
                edges.append((Int32(index), Int32(endGate(group))))
            }
        }
        for (index, group) in plan.groups.enumerated() where groupIndex[group.name] == index {
            var seen = Set<Int>()
            for name in group.after {
                guard let before = groupIndex[name], seen.insert(before).inserted else { continue }
                edges.append((Int32(endGate(before)), Int32(startGate(index))))
            }
            edges.append((Int32(startGate(index)), Int32(endGate(index))))
        }

        var counts = [Int32](repeating: 0, count: nodeCount + 1)
        var predecessors = [Int32](repeating: 0, count: nodeCount)
        for edge in edges {
            counts[Int(edge.from) + 1] += 1
            predecessors[Int(edge.to)] += 1
        }
        for node in 0..<nodeCount { counts[node + 1] += counts[node] }
        var cursor = counts
        var flat = [Int32](repeating: 0, count: edges.count)
        // Edges were appended in plan order, so dependents stay in plan order.
        for edge in edges {
            flat[Int(cursor[Int(edge.from)])] = edge.to
            cursor[Int(edge.from)] += 1
        }
        offsets = counts
        dependents = flat
        predecessorCounts = predecessors
    }

    func isStep(_ node: Int) -> Bool { node < stepCount }
}
