/// What waits for what, as integer nodes: the one graph that `rpl plan`'s
/// simulation and the executor of `rpl run` both walk, built from the same
/// `GraphStep`s, so a run can never start a step the plan showed later.
///
/// Nodes `0..<stepCount` are the steps in plan order. Zero-time gates follow:
/// each plan group has a start gate (every group it comes after is done)
/// and an end gate (its start, and every step in it); each start-together
/// set has one gate that waits for everything any of its failbacks waits
/// for, and that every one of them waits for, so they all become ready at
/// the same moment. A group with 100 steps after a group with 100 steps so
/// costs 200 edges, not 10,000.
public struct StepGraph: Sendable {
    public let stepCount: Int
    public let nodeCount: Int
    /// Dependents of each node, flattened: `dependents[offsets[n]..<offsets[n+1]]`.
    let offsets: [Int32]
    let dependents: [Int32]
    /// How many predecessors each node waits for.
    public let predecessorCounts: [Int32]
    /// Step index by id (the first step with that id).
    public let indexByID: [String: Int]
    /// Start-together sets by gate node.
    let setNameOfGate: [Int: String]

    public init(steps: [GraphStep]) {
        stepCount = steps.count
        var ids = [String: Int](minimumCapacity: steps.count)
        // One hash a step; the first step with an id keeps it.
        ids.merge(steps.enumerated().lazy.map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        indexByID = ids

        // Groups in order of their first step; a group's `after` list is its first step's.
        var groupIndex: [String: Int] = [:]
        var groupAfter: [[String]] = []
        var setIndex: [String: Int] = [:]
        var setNames: [String] = []
        // Each step's group by number (-1: none), for the edges below. A
        // group's steps mostly follow each other: the previous step's answer
        // is reused without hashing (on 50,000 reprotects, 100,000 lookups).
        var groupOfStep = [Int](repeating: -1, count: steps.count)
        for index in steps.indices {
            if let group = steps[index].group {
                if index > 0, groupOfStep[index - 1] >= 0, steps[index - 1].group == group {
                    groupOfStep[index] = groupOfStep[index - 1]
                } else if let known = groupIndex[group] {
                    groupOfStep[index] = known
                } else {
                    groupIndex[group] = groupAfter.count
                    groupOfStep[index] = groupAfter.count
                    groupAfter.append(steps[index].afterGroups)
                }
            }
            if let set = steps[index].startsTogether, setIndex[set] == nil {
                setIndex[set] = setNames.count
                setNames.append(set)
            }
        }
        let groupBase = steps.count
        let setBase = groupBase + 2 * groupAfter.count
        nodeCount = setBase + setNames.count
        func startGate(_ group: Int) -> Int32 { Int32(groupBase + 2 * group) }
        func endGate(_ group: Int) -> Int32 { Int32(groupBase + 2 * group + 1) }
        var names: [Int: String] = [:]
        for (index, name) in setNames.enumerated() { names[setBase + index] = name }
        setNameOfGate = names

        var edges: [(from: Int32, to: Int32)] = []
        edges.reserveCapacity(steps.count * 3)
        for index in steps.indices {
            // A failback of a start-together set waits for its set's gate
            // alone; what it would have waited for, the gate waits for.
            let waiter = steps[index].startsTogether.flatMap { setIndex[$0] }.map { Int32(setBase + $0) } ?? Int32(index)
            var seen: [Int] = []
            for id in steps[index].dependsOn {
                // Dependency lists are short: a linear check beats hashing.
                guard let before = ids[id], before != index, !seen.contains(before) else { continue }
                seen.append(before)
                edges.append((Int32(before), waiter))
            }
            let group = groupOfStep[index]
            if group >= 0 {
                edges.append((startGate(group), waiter))
                edges.append((Int32(index), endGate(group)))
            }
            if waiter != Int32(index) { edges.append((waiter, Int32(index))) }
        }
        for (group, after) in groupAfter.enumerated() {
            var seen = Set<Int>()
            for name in after {
                guard let before = groupIndex[name], before != group, seen.insert(before).inserted else { continue }
                edges.append((endGate(before), startGate(group)))
            }
            edges.append((startGate(group), endGate(group)))
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

    public func isStep(_ node: Int) -> Bool { node < stepCount }

    public func dependents(of node: Int) -> ArraySlice<Int32> {
        dependents[Int(offsets[node])..<Int(offsets[node + 1])]
    }

    /// The start-together sets whose gate waits, through the graph, for
    /// itself: their failbacks can never all start at one moment.
    func startTogetherSetsOnCycles() -> [String] {
        // Only nodes that a topological pass cannot reach can be on a cycle.
        var remaining = predecessorCounts
        var queue = (0..<nodeCount).filter { remaining[$0] == 0 }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in dependents(of: node) {
                remaining[Int(next)] -= 1
                if remaining[Int(next)] == 0 { queue.append(Int(next)) }
            }
        }
        guard queue.count < nodeCount else { return [] }
        return setNameOfGate.keys.sorted().filter { remaining[$0] > 0 && reaches(from: $0, to: $0) }.map { setNameOfGate[$0]! }
    }

    private func reaches(from start: Int, to target: Int) -> Bool {
        var seen = Set<Int>()
        var stack = dependents(of: start).map(Int.init)
        while let node = stack.popLast() {
            if node == target { return true }
            guard seen.insert(node).inserted else { continue }
            stack += dependents(of: node).map(Int.init)
        }
        return false
    }
}
