import Testing
@testable import RPLRuntime

/// The executor's start queue parks ready steps on the resource that is
/// full instead of rescanning every ready step at each tick. It must start
/// exactly the steps, in exactly the order, that the plain rescan would.
@Suite("Start queue")
struct StartQueueTests {
    /// The rule the queue replaces: every tick, every ready pending step in
    /// position order, started when the bound, its master target and its
    /// process server all have a slot.
    struct ReferenceScan {
        let steps: [ExecutableStep]
        let limits: ExecutionLimits
        var ready: [Int] = []
        var holding: Set<Int> = []

        mutating func tick(isPending: (Int) -> Bool) -> [Int] {
            var started: [Int] = []
            var left: [Int] = []
            for position in ready.sorted() {
                guard isPending(position) else { continue }
                if hasCapacity(position) {
                    started.append(position)
                    if steps[position].needsProvider { holding.insert(position) }
                } else {
                    left.append(position)
                }
            }
            ready = left
            return started
        }

        func hasCapacity(_ position: Int) -> Bool {
            let step = steps[position]
            guard step.needsProvider else { return true }
            let held = holding.map { steps[$0] }
            if step.startsTogether == nil, held.count >= limits.outstandingRequests { return false }
            if let mt = step.masterTarget, held.filter({ $0.masterTarget == mt }).count >= limits.capacity.reprotectsPerMasterTarget { return false }
            if let ps = step.processServer, held.filter({ $0.processServer == ps }).count >= limits.capacity.reprotectsPerProcessServer { return false }
            return true
        }
    }

    /// A deterministic generator, so a failure can be replayed.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test("starts what a rescan of every ready step starts, in the same order, tick after tick",
          arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func matchesTheRescan(seed: UInt64) {
        var random = SplitMix(state: seed)
        let steps: [ExecutableStep] = (0..<120).map { index in
            switch random.next(10) {
            case 0: ExecutableStep(id: "s\(index)", action: .manual(name: "m\(index)", instructions: "check"), group: "g", dependsOn: [],
                                   estimatedStart: 0, estimatedSeconds: 0)
            case 1, 2: ExecutableStep(id: "s\(index)", action: .failback(machine: "vm\(index)"), group: "g", dependsOn: [],
                                      startsTogether: random.next(2) == 0 ? "set" : nil, estimatedStart: 0, estimatedSeconds: 60)
            default: reprotect("vm\(index)", mt: "mt\(random.next(4))", ps: "ps\(random.next(3))")
            }
        }
        let limits = ExecutionLimits(capacity: Capacity(reprotectsPerMasterTarget: 2, reprotectsPerProcessServer: 3),
                                     outstandingRequests: 6)
        let queue = StartQueue(steps: steps, limits: limits)
        var reference = ReferenceScan(steps: steps, limits: limits)
        var pending = Set(steps.indices)
        var notYetReady = Array(steps.indices)
        var holding: Set<Int> = []

        for tick in 0..<400 {
            // Some steps become ready, some held ones finish, now and then one is cancelled while ready.
            for _ in 0..<random.next(4) where !notYetReady.isEmpty {
                let position = notYetReady.remove(at: random.next(notYetReady.count))
                queue.add(position)
                reference.ready.append(position)
            }
            for position in holding.sorted() where random.next(3) == 0 {
                holding.remove(position)
                queue.setHolding(position, false)
                reference.holding.remove(position)
            }
            if random.next(15) == 0, let cancelled = reference.ready.first { pending.remove(cancelled) }

            var started: [Int] = []
            queue.startEach(isPending: { pending.contains($0) }) { position in
                started.append(position)
                pending.remove(position)
                if steps[position].needsProvider {
                    holding.insert(position)
                    queue.setHolding(position, true)
                }
            }
            let expected = reference.tick(isPending: { pending.contains($0) || started.contains($0) })
            #expect(started == expected, "seed \(seed), tick \(tick)")
            if started != expected { return }
        }
    }

    @Test("a tick with thousands of parked steps looks only at what freed")
    func tickCostFollowsWhatFreed() {
        // 20,000 reprotects on one process server that takes 10 at a time.
        let steps = (0..<20_000).map { reprotect("vm\($0)", mt: "mt\($0 % 1_000)", ps: "ps") }
        let limits = ExecutionLimits(capacity: Capacity(reprotectsPerMasterTarget: 4, reprotectsPerProcessServer: 10))
        let queue = StartQueue(steps: steps, limits: limits)
        for position in steps.indices { queue.add(position) }
        var pendingChecks = 0
        var started: [Int] = []
        func tick() {
            queue.startEach(isPending: { _ in pendingChecks += 1; return true }) { position in
                started.append(position)
                queue.setHolding(position, true)
            }
        }
        tick()
        #expect(started == Array(0..<10))
        pendingChecks = 0
        // One reply: one slot frees, one step starts, and a handful are looked at, not 19,990.
        queue.setHolding(3, false)
        tick()
        #expect(started.last == 10)
        #expect(pendingChecks <= 3, "a tick looked at \(pendingChecks) steps")
    }
}
