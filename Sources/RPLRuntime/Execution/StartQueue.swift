import HeapModule

/// The ready steps of a run and the capacity they wait for, so that a
/// scheduler tick costs what changed, not what is waiting.
///
/// A ready step that finds a resource full (the provider's outstanding
/// bound, its master target, its process server) is parked on that
/// resource and looked at again only once that resource frees a slot.
/// Nothing else can make it startable: resources only free between ticks.
/// So a tick examines the steps that became ready since the last one, and
/// the parked steps of each resource that freed a slot, in position order
/// (capacity goes to the step the schedule started first), and stops
/// drawing from a resource as soon as it is full again. That starts exactly
/// the steps a scan of every ready step would start, in the same order; with
/// 50,000 ready reprotects it is the difference between O(ready) and O(1)
/// work per reply.
final class StartQueue {
    /// Resource 0 is the provider's outstanding-request bound; then one per
    /// master target, then one per process server.
    private static let outstandingBound = 0
    private let limitOf: [Int]
    private let masterTargetOf: [Int32]
    private let processServerOf: [Int32]
    private let needsProvider: [Bool]
    private let startsTogether: [Bool]

    /// Steps holding each resource (sent, or between two tries).
    private var held: [Int]
    private var holding: [Bool]
    /// Ready, not yet examined.
    private var fresh = Heap<Int>()
    /// Ready and parked on a full resource, per resource.
    private var parked: [Heap<Int>]
    /// Resources that freed a slot since their parked steps were last looked at.
    private var freed: [Int] = []
    private var isFreed: [Bool]
    /// Queued (fresh or parked): a step is never queued twice.
    private var queued: [Bool]

    init(steps: [ExecutableStep], limits: ExecutionLimits) {
        var resourceIDs: [String: Int32] = [:]
        var limitOf = [limits.outstandingRequests]
        func resource(_ key: String, limit: Int) -> Int32 {
            if let id = resourceIDs[key] { return id }
            let id = Int32(limitOf.count)
            resourceIDs[key] = id
            limitOf.append(limit)
            return id
        }
        masterTargetOf = steps.map { step in
            // A reprotect agent takes as many reprotects at once as a master target.
            (step.masterTarget.map { "mt:" + $0 } ?? step.reprotectAgent.map { "ra:" + $0 })
                .map { resource($0, limit: limits.capacity.reprotectsPerMasterTarget) } ?? -1
        }
        processServerOf = steps.map { step in
            // Reprotects only, as the scheduler counts them: a protect's process server replicates the other way.
            (step.kind == .reprotect ? step.processServer : nil)
                .map { resource("ps:" + $0, limit: limits.capacity.reprotectsPerProcessServer) } ?? -1
        }
        needsProvider = steps.map(\.needsProvider)
        startsTogether = steps.map { $0.startsTogether != nil }
        self.limitOf = limitOf
        held = Array(repeating: 0, count: limitOf.count)
        parked = Array(repeating: Heap<Int>(), count: limitOf.count)
        isFreed = Array(repeating: false, count: limitOf.count)
        holding = Array(repeating: false, count: steps.count)
        queued = Array(repeating: false, count: steps.count)
    }

    /// The step is ready: examined at the next tick.
    func add(_ position: Int) {
        guard !queued[position] else { return }
        queued[position] = true
        fresh.insert(position)
    }

    /// Whether the step holds capacity now (sent, or waiting to be sent
    /// again). Idempotent; a release makes its resources' parked steps
    /// candidates again.
    func setHolding(_ position: Int, _ isHolding: Bool) {
        guard needsProvider[position], holding[position] != isHolding else { return }
        holding[position] = isHolding
        for resource in resources(of: position) {
            held[resource] += isHolding ? 1 : -1
            if !isHolding, !isFreed[resource] {
                isFreed[resource] = true
                freed.append(resource)
            }
        }
    }

    /// One tick: hands `start` every queued step that is pending and has
    /// capacity, in position order. `isPending` false drops a step from the
    /// queue. `start` reports back through `setHolding`.
    func startEach(isPending: (Int) -> Bool, start: (Int) throws -> Void) rethrows {
        // A candidate remembers where it came from: -1 fresh, else the resource it was parked on.
        var candidates = Heap<Candidate>()
        var drawing = Array(repeating: false, count: 0)
        func draw(_ resource: Int) {
            if drawing.isEmpty { drawing = Array(repeating: false, count: limitOf.count) }
            guard !drawing[resource], let next = parked[resource].popMin() else { return }
            drawing[resource] = true
            candidates.insert(Candidate(position: next, source: resource))
        }
        func drawFreed() {
            while let resource = freed.popLast() {
                isFreed[resource] = false
                draw(resource)
            }
        }
        while let position = fresh.popMin() { candidates.insert(Candidate(position: position, source: -1)) }
        drawFreed()
        while let candidate = candidates.popMin() {
            let position = candidate.position
            let source = candidate.source
            if source >= 0 { drawing[source] = false }
            guard isPending(position) else {
                queued[position] = false
                if source >= 0 { draw(source) }
                continue
            }
            if let full = fullResource(for: position) {
                parked[full].insert(position)
                // Parked again on the resource it came from: that one is
                // full, and every step still parked on it waits as well.
                if source >= 0, source != full { draw(source) }
                continue
            }
            queued[position] = false
            try start(position)
            if source >= 0 { draw(source) }
            drawFreed()
        }
    }

    /// The first resource (in the order the bound, the master target, the
    /// process server) with no slot left for the step; nil: it can start.
    private func fullResource(for position: Int) -> Int? {
        guard needsProvider[position] else { return nil }
        // A start-together set goes out whole, or its machines would not
        // fail back at one point in time: the safety bound does not split it.
        if !startsTogether[position], held[Self.outstandingBound] >= limitOf[Self.outstandingBound] { return Self.outstandingBound }
        let masterTarget = Int(masterTargetOf[position])
        if masterTarget >= 0, held[masterTarget] >= limitOf[masterTarget] { return masterTarget }
        let processServer = Int(processServerOf[position])
        if processServer >= 0, held[processServer] >= limitOf[processServer] { return processServer }
        return nil
    }

    private func resources(of position: Int) -> [Int] {
        var out = [Self.outstandingBound]
        if masterTargetOf[position] >= 0 { out.append(Int(masterTargetOf[position])) }
        if processServerOf[position] >= 0 { out.append(Int(processServerOf[position])) }
        return out
    }

    private struct Candidate: Comparable {
        var position: Int
        var source: Int
        static func < (a: Candidate, b: Candidate) -> Bool { a.position < b.position }
    }
}
