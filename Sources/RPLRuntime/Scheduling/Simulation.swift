import HeapModule
import RPLCheck
import RPLInventory

/// A discrete-event simulation of the run over virtual seconds. Steps start
/// when their predecessors are done and, for reprotects, when their master
/// target and process server have a free slot; a reprotect then holds both
/// through a fixed setup and the transfer of its disks.
///
/// Bandwidth: every transfer on the link gets an equal share of it, and the
/// shares change as transfers come and go (processor sharing). All active
/// transfers progress at the same rate, so the simulation keeps one clock of
/// "megabits delivered to each transfer so far" and finishes transfers in
/// the order of the value that clock must reach for them: O(log n) per
/// event, however many transfers share the link.
struct Simulation {
    struct Input {
        var graph: StepGraph
        /// Per step: fixed seconds (setup for a reprotect), megabits to send
        /// (reprotect only), resource indices (-1: none), earliest start.
        var fixedSeconds: [Double]
        var megabits: [Double]
        var isReprotect: [Bool]
        var masterTarget: [Int32]
        var processServer: [Int32]
        var masterTargetSlots: [Int]
        var processServerSlots: [Int]
        var earliestStart: [Double]
        /// Failback steps that start together, per replication group, and the
        /// reprotect steps of the group's members they also wait for.
        var failbackSets: [(failbacks: [Int], reprotects: [Int])]
        var bandwidthMbps: Double
    }

    struct Output {
        var start: [Double]
        var end: [Double]
        /// Per node: the node whose completion let it start (a predecessor,
        /// or the step that freed the slot it waited for); -1 for none.
        var cause: [Int32]
        /// Failback sets that could not start together (indices into `failbackSets`).
        var brokenFailbackSets: [Int]
    }

    private struct Event: Comparable {
        enum Kind: UInt8 { case finish, setupDone, earliestStart }
        var time: Double
        var sequence: Int
        var node: Int32
        var kind: Kind
        static func < (a: Event, b: Event) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: Event, b: Event) -> Bool { a.sequence == b.sequence }
    }

    private struct Transfer: Comparable {
        var finishTag: Double
        var sequence: Int
        var step: Int32
        static func < (a: Transfer, b: Transfer) -> Bool { (a.finishTag, a.sequence) < (b.finishTag, b.sequence) }
        static func == (a: Transfer, b: Transfer) -> Bool { a.sequence == b.sequence }
    }

    /// A master target or process server: free slots and the steps queued for it, in the order they became ready.
    private struct Resource {
        var free: Int
        var waiting: [Int32] = []
        var head = 0
    }

    static func run(_ input: Input) -> Output {
        var simulation = Simulation(input)
        simulation.simulate()
        return Output(start: simulation.start, end: simulation.end, cause: simulation.cause,
                      brokenFailbackSets: simulation.brokenSets)
    }

    private let input: Input
    private var now = 0.0
    private var sequence = 0
    private var events = Heap<Event>()
    private var transfers = Heap<Transfer>()
    /// Megabits each active transfer has received so far (they all receive the same).
    private var delivered = 0.0
    private var remaining: [Int32]
    private var start: [Double]
    private var end: [Double]
    private var cause: [Int32]
    private var started: [Bool]
    private var masterTargets: [Resource]
    private var processServers: [Resource]
    /// Per step: its failback set, or -1.
    private var setOfStep: [Int32]
    /// Per step: the failback set whose reprotects include it, or -1.
    private var reprotectSetOfStep: [Int32]
    private var heldCount: [Int]
    private var reprotectsLeft: [Int]
    private var releasedSets: [Bool]
    private var brokenSets: [Int] = []
    private var held: [Bool]

    private init(_ input: Input) {
        self.input = input
        let nodes = input.graph.nodeCount
        remaining = input.graph.predecessorCounts
        start = Array(repeating: .nan, count: input.graph.stepCount)
        end = Array(repeating: .nan, count: input.graph.stepCount)
        cause = Array(repeating: -1, count: nodes)
        started = Array(repeating: false, count: input.graph.stepCount)
        masterTargets = input.masterTargetSlots.map { Resource(free: $0) }
        processServers = input.processServerSlots.map { Resource(free: $0) }
        setOfStep = Array(repeating: -1, count: input.graph.stepCount)
        var memberOfSet = Array(repeating: -1, count: input.graph.stepCount)
        for (index, set) in input.failbackSets.enumerated() {
            for step in set.failbacks { setOfStep[step] = Int32(index) }
            for step in set.reprotects { memberOfSet[step] = index }
        }
        heldCount = Array(repeating: 0, count: input.failbackSets.count)
        reprotectsLeft = input.failbackSets.map(\.reprotects.count)
        releasedSets = Array(repeating: false, count: input.failbackSets.count)
        held = Array(repeating: false, count: input.graph.stepCount)
        reprotectSetOfStep = memberOfSet.map(Int32.init)
    }

    private mutating func simulate() {
        for node in 0..<input.graph.nodeCount where remaining[node] == 0 { becomeReady(node, cause: -1) }
        while true {
            let nextEvent = events.min?.time
            let nextTransfer = nextTransferCompletion()
            if nextEvent == nil, nextTransfer == nil {
                // Quiet: only held failback sets can still be waiting. Each
                // one now waits for something that waits for it, so the
                // group cannot fail back at one point in time: start what is
                // ready, one machine at a time, and say so.
                guard let broken = releasedSets.indices.first(where: { !releasedSets[$0] && heldCount[$0] > 0 }) else { break }
                brokenSets.append(broken)
                releasedSets[broken] = true
                for step in input.failbackSets[broken].failbacks where held[step] {
                    held[step] = false
                    startStep(step, cause: cause[step])
                }
                continue
            }
            if let transferTime = nextTransfer, nextEvent.map({ transferTime < $0 }) ?? true {
                advance(to: transferTime)
                let transfer = transfers.popMin()!
                finishStep(Int(transfer.step))
                continue
            }
            let event = events.popMin()!
            advance(to: event.time)
            switch event.kind {
            case .finish: finishStep(Int(event.node))
            case .setupDone: joinTransfers(Int(event.node))
            case .earliestStart: acquireOrQueue(Int(event.node), cause: -1)
            }
        }
    }

    // MARK: Time and the link

    private func nextTransferCompletion() -> Double? {
        guard let first = transfers.min else { return nil }
        let share = input.bandwidthMbps / Double(transfers.count)
        return now + max(0, first.finishTag - delivered) / share
    }

    private mutating func advance(to time: Double) {
        if !transfers.isEmpty, time > now {
            delivered += (time - now) * input.bandwidthMbps / Double(transfers.count)
        }
        now = max(now, time)
    }

    private mutating func schedule(_ kind: Event.Kind, _ node: Int, at time: Double) {
        sequence += 1
        events.insert(Event(time: time, sequence: sequence, node: Int32(node), kind: kind))
    }

    private mutating func joinTransfers(_ step: Int) {
        sequence += 1
        transfers.insert(Transfer(finishTag: delivered + input.megabits[step], sequence: sequence, step: Int32(step)))
    }

    // MARK: Readiness

    /// Every predecessor of `node` is done; `cause` finished last.
    private mutating func becomeReady(_ node: Int, cause by: Int32) {
        cause[node] = by
        guard input.graph.isStep(node) else {
            // A group gate takes no time.
            completeNode(node)
            return
        }
        let set = Int(setOfStep[node])
        if set >= 0, !releasedSets[set] {
            heldCount[set] += 1
            held[node] = true
            releaseIfComplete(set, trigger: by)
            return
        }
        if input.earliestStart[node] > now {
            schedule(.earliestStart, node, at: input.earliestStart[node])
            return
        }
        acquireOrQueue(node, cause: by)
    }

    /// A replication group's failbacks start at one point in time, once all
    /// of them are ready and every member is reprotected.
    /// `trigger`: what completed last (the step that made the last failback
    /// ready, or the last member's reprotect).
    private mutating func releaseIfComplete(_ set: Int, trigger: Int32) {
        guard !releasedSets[set], heldCount[set] == input.failbackSets[set].failbacks.count, reprotectsLeft[set] == 0 else { return }
        releasedSets[set] = true
        for step in input.failbackSets[set].failbacks {
            held[step] = false
            startStep(step, cause: trigger)
        }
    }

    private mutating func acquireOrQueue(_ step: Int, cause by: Int32) {
        guard input.isReprotect[step] else {
            startStep(step, cause: by)
            return
        }
        let target = Int(input.masterTarget[step])
        let server = Int(input.processServer[step])
        if (target < 0 || masterTargets[target].free > 0), (server < 0 || processServers[server].free > 0) {
            startStep(step, cause: by)
            return
        }
        cause[step] = by
        if target >= 0 { masterTargets[target].waiting.append(Int32(step)) }
        if server >= 0 { processServers[server].waiting.append(Int32(step)) }
    }

    private mutating func startStep(_ step: Int, cause by: Int32) {
        started[step] = true
        cause[step] = by
        start[step] = now
        if input.isReprotect[step] {
            let target = Int(input.masterTarget[step])
            let server = Int(input.processServer[step])
            if target >= 0 { masterTargets[target].free -= 1 }
            if server >= 0 { processServers[server].free -= 1 }
            schedule(.setupDone, step, at: now + input.fixedSeconds[step])
        } else {
            schedule(.finish, step, at: now + input.fixedSeconds[step])
        }
    }

    private mutating func finishStep(_ step: Int) {
        end[step] = now
        if input.isReprotect[step] {
            let target = Int(input.masterTarget[step])
            let server = Int(input.processServer[step])
            if target >= 0 { masterTargets[target].free += 1 }
            if server >= 0 { processServers[server].free += 1 }
            if target >= 0 { startWaiting(onMasterTarget: target, freedBy: step) }
            if server >= 0 { startWaiting(onProcessServer: server, freedBy: step) }
            let set = Int(reprotectSetOfStep[step])
            if set >= 0 {
                reprotectsLeft[set] -= 1
                releaseIfComplete(set, trigger: Int32(step))
            }
        }
        completeNode(step)
    }

    private mutating func completeNode(_ node: Int) {
        let graph = input.graph
        for edge in Int(graph.offsets[node])..<Int(graph.offsets[node + 1]) {
            let next = Int(graph.dependents[edge])
            remaining[next] -= 1
            if remaining[next] == 0 { becomeReady(next, cause: Int32(node)) }
        }
    }

    // MARK: Queues

    /// Starts the steps queued on a master target (or a process server), in
    /// queue order, while it has a free slot and the other resource each
    /// step needs has one too.
    private mutating func startWaiting(onMasterTarget index: Int, freedBy step: Int) {
        startWaiting(on: \.masterTargets, index, other: \.processServers, otherOf: input.processServer, freedBy: step)
    }

    private mutating func startWaiting(onProcessServer index: Int, freedBy step: Int) {
        startWaiting(on: \.processServers, index, other: \.masterTargets, otherOf: input.masterTarget, freedBy: step)
    }

    private mutating func startWaiting(on resources: WritableKeyPath<Simulation, [Resource]>, _ index: Int,
                                       other: KeyPath<Simulation, [Resource]>, otherOf: [Int32], freedBy step: Int) {
        var position = self[keyPath: resources][index].head
        while position < self[keyPath: resources][index].waiting.count, self[keyPath: resources][index].free > 0 {
            let candidate = Int(self[keyPath: resources][index].waiting[position])
            let otherIndex = Int(otherOf[candidate])
            if !started[candidate], otherIndex < 0 || self[keyPath: other][otherIndex].free > 0 {
                startStep(candidate, cause: Int32(step))
            }
            if started[candidate], position == self[keyPath: resources][index].head { self[keyPath: resources][index].head += 1 }
            position += 1
        }
        Simulation.compact(&self[keyPath: resources][index])
    }

    /// Drops the started steps at the front of a queue once they are most of it.
    private static func compact(_ resource: inout Resource) {
        if resource.head > 64, resource.head * 2 > resource.waiting.count {
            resource.waiting.removeFirst(resource.head)
            resource.head = 0
        }
    }
}
