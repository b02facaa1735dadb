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
        var bandwidthMbps: Double
    }

    struct Output {
        var start: [Double]
        var end: [Double]
        /// Per node: the node whose completion let it start (a predecessor,
        /// or the step that freed the slot it waited for); -1 for none.
        var cause: [Int32]
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
        return Output(start: simulation.start, end: simulation.end, cause: simulation.cause)
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
    }

    private mutating func simulate() {
        for node in 0..<input.graph.nodeCount where remaining[node] == 0 { becomeReady(node, cause: -1) }
        while true {
            let nextEvent = events.min?.time
            let nextTransfer = nextTransferCompletion()
            if nextEvent == nil, nextTransfer == nil { break }
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
            // A gate (a group's, or a start-together set's) takes no time.
            completeNode(node)
            return
        }
        if input.earliestStart[node] > now {
            schedule(.earliestStart, node, at: input.earliestStart[node])
            return
        }
        acquireOrQueue(node, cause: by)
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
        }
        completeNode(step)
    }

    private mutating func completeNode(_ node: Int) {
        for dependent in input.graph.dependents(of: node) {
            let next = Int(dependent)
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
