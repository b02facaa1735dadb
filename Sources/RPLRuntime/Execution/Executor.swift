import Foundation
import RPLInventory
import RPLSource

/// What the progress display hears about.
public enum ExecutionUpdate: Sendable {
    case stepStarted(ExecutableStep, attempt: Int, clock: Double)
    case stepWaiting(ExecutableStep, clock: Double)
    case stepFinished(ExecutableStep, status: StepStatus, error: String?, clock: Double)
    case event(RunEvent)
    /// Time passed with nothing to report (a real provider, at most every second).
    case tick(clock: Double)
}

public protocol ExecutionObserver: AnyObject {
    func executor(_ update: ExecutionUpdate)
}

public struct ExecutionResult: Sendable, Equatable {
    public var status: RunStatus
    public var steps: [String: StepStatus]
    /// Provider clock seconds this invocation ran (virtual under the simulator).
    public var elapsedSeconds: Double
    /// Manual steps waiting for `--confirm`.
    public var waiting: [String]

    public func count(_ status: StepStatus) -> Int { steps.values.filter { $0 == status }.count }
}

public enum ExecutionError: Error, Sendable, CustomStringConvertible {
    case unknownDependency(step: String, dependsOn: String)
    case duplicateStep(String)

    public var description: String {
        switch self {
        case let .unknownDependency(step, dependsOn): "step \(step) waits for \(dependsOn), which is not in the run"
        case let .duplicateStep(step): "step \(step) appears twice in the run"
        }
    }
}

/// Runs the steps of one run through a provider, in the order of the same
/// `StepGraph` that `rpl plan` simulated (a step starts only once every
/// predecessor the graph gives it is done; a start-together set's failbacks
/// are sent in one go), within the capacity limits, writing every change to
/// the journal before acting on it. One invocation is one `rpl run` or one
/// `rpl resume`; what a previous one journaled as done is never sent again.
///
/// The journal's durability rule. Changes are queued in the journal and
/// committed in batches, one transaction each, in order, so what is on disk
/// is always a prefix of what happened: a step's start is never journaled
/// without the completions it waited for, nor a machine's state without its
/// step's status. A commit survives this process being killed.
/// - Before a request goes to a provider that acts outside this process,
///   everything queued (the request's own `running`, with every completion
///   that made it ready) is committed and synced to disk: even a power loss
///   cannot make the journal forget a request that was sent. The requests
///   of one tick share that commit.
/// - Before waiting for a reply, everything queued is committed, so that
///   `rpl jobs` and other runs see the run as it is.
/// - The simulator acts on nothing outside this process and never blocks:
///   its runs commit every 100 ms of wall time, on each heartbeat and at
///   the end. A crash loses the simulator with what it did; resume sends
///   again whatever the journal does not show as done, never what it does.
public final class Executor {
    public let runID: String
    public let steps: [ExecutableStep]
    private let provider: Provider
    private let journal: RunJournal
    private let limits: ExecutionLimits
    private weak var observer: ExecutionObserver?
    private let interrupt: InterruptFlag?

    private var status: [String: StepStatus] = [:]
    private var attempts: [String: Int] = [:]
    private var byID: [String: ExecutableStep] = [:]
    private let graph: StepGraph
    /// Per graph node: predecessors not yet done.
    private var remaining: [Int32] = []
    /// Pending steps whose every predecessor is done, waiting only for capacity.
    private let queue: StartQueue
    /// Sent, reply outstanding.
    private var inFlight: Set<String> = []
    /// Sent once at least, waiting for the next try (agent not registered yet).
    private var retrying: [String: Double] = [:]
    /// When the first "agent not installed" answer came, per step.
    private var agentWaitSince: [String: Double] = [:]
    /// `wait` steps: when they end.
    private var waits: [String: Double] = [:]
    private var failedThisRun = false
    private var providerGone: String?
    private var lastHeartbeat = Date()
    private var lastCommit = Date()
    /// Requests journaled this tick, sent once the journal holds them.
    private var outbox: [ExecutableStep] = []

    public init(runID: String, steps: [ExecutableStep], provider: Provider, journal: RunJournal,
                limits: ExecutionLimits = .standard, observer: ExecutionObserver? = nil, interrupt: InterruptFlag? = nil) throws(ExecutionError) {
        self.runID = runID
        self.steps = steps
        self.provider = provider
        self.journal = journal
        self.limits = limits
        self.observer = observer
        self.interrupt = interrupt
        for step in steps where byID.updateValue(step, forKey: step.id) != nil {
            throw .duplicateStep(step.id)
        }
        for step in steps {
            for dependency in step.dependsOn where byID[dependency] == nil {
                throw .unknownDependency(step: step.id, dependsOn: dependency)
            }
        }
        graph = StepGraph(steps: steps.map(\.waits))
        queue = StartQueue(steps: steps, limits: limits)
    }

    public func run() throws -> ExecutionResult {
        let start = provider.now
        let journaled = try journal.journaledSteps()
        for step in steps {
            let previous = journaled[step.id] ?? JournaledStep(status: .pending, attempts: 0)
            attempts[step.id] = previous.attempts
            switch previous.status {
            case .done, .skipped, .waiting: status[step.id] = previous.status
            // Sent before a crash or a Ctrl-C and never answered, or failed
            // last time: send again, under the same (run, step).
            case .running, .interrupted, .failed, .pending: status[step.id] = .pending
            }
        }
        findReadySteps()
        try journal.setStatus(.running)

        var stoppedByUser = false
        loop: while true {
            try heartbeatIfDue()
            if let interrupt, interrupt.isRaised, !stoppedByUser {
                stoppedByUser = true
                try note(nil, nil, .warning, "interrupted: finishing the steps in flight (Ctrl-C again leaves them to `rpl resume`)")
                try requeueUnsent()
            }
            if stoppedByUser, (interrupt?.raisedCount ?? 0) >= 2 {
                try interruptInFlight()
                break loop
            }
            if !stoppedByUser, !failedThisRun { try startReadySteps() }
            try sendOutbox()
            if failedThisRun { try requeueUnsent() }

            if inFlight.isEmpty, retrying.isEmpty, waits.isEmpty { break loop }
            try commitBeforeWaiting()

            let deadline = (Array(retrying.values) + Array(waits.values)).min()
            do {
                if let reply = try provider.nextReply(until: deadline, interrupt: stoppedByUser ? nil : interrupt) {
                    try handle(reply)
                } else {
                    observer?.executor(.tick(clock: provider.now))
                }
            } catch {
                try providerExited(error)
            }
            for warning in provider.takeWarnings() { try note(nil, nil, .warning, warning) }
            for event in provider.takeEvents() { try note(event.step, event.code, event.severity, event.message) }
            try fireTimers()
            try sendOutbox()
        }

        let final: RunStatus
        if steps.contains(where: { status[$0.id] == .failed }) {
            final = .failed
        } else if steps.allSatisfy({ status[$0.id]!.isComplete }) {
            final = .succeeded
        } else {
            final = .paused
        }
        try journal.setStatus(final)
        return ExecutionResult(status: final, steps: status, elapsedSeconds: provider.now - start,
                               waiting: steps.filter { status[$0.id] == .waiting }.map(\.id))
    }

    // MARK: - What is ready

    /// Walks the graph from what is already done (journaled by an earlier
    /// invocation, or confirmed) and from the gates that wait for nothing.
    private func findReadySteps() {
        remaining = graph.predecessorCounts
        var done: [Int] = (graph.stepCount..<graph.nodeCount).filter { remaining[$0] == 0 }
        done += steps.indices.filter { status[steps[$0].id]!.isComplete }
        propagate(done)
        for position in steps.indices where remaining[position] == 0 { markReadyIfPending(position) }
    }

    /// Nodes are done: their dependents have one predecessor less. A gate
    /// whose last predecessor is done is done at once (it takes no time).
    private func propagate(_ done: [Int]) {
        var work = done
        while let node = work.popLast() {
            for dependent in graph.dependents(of: node) {
                let next = Int(dependent)
                remaining[next] -= 1
                guard remaining[next] == 0 else { continue }
                if graph.isStep(next) { markReadyIfPending(next) } else { work.append(next) }
            }
        }
    }

    private func markReadyIfPending(_ position: Int) {
        guard status[steps[position].id] == .pending else { return }
        queue.add(position)
    }

    private func stepIsDone(_ step: ExecutableStep) {
        guard let position = graph.indexByID[step.id] else { return }
        propagate([position])
    }

    // MARK: - Starting steps

    private func startReadySteps() throws {
        try queue.startEach(isPending: { status[steps[$0].id] == .pending }) { position in
            let step = steps[position]
            try start(step)
            updateHolding(step.id)
        }
    }

    /// Tells the start queue whether the step holds capacity: sent and
    /// not answered, or between two tries while its agent registers.
    private func updateHolding(_ id: String) {
        guard let position = graph.indexByID[id] else { return }
        queue.setHolding(position, inFlight.contains(id) || retrying[id] != nil)
    }

    private func start(_ step: ExecutableStep) throws {
        switch step.action {
        case .reprotect, .agentReprotect, .failback, .commit, .protect:
            try send(step)
        case let .manual(name, instructions):
            try journal.stepWaiting(step)
            status[step.id] = .waiting
            observer?.executor(.stepWaiting(step, clock: provider.now))
            try note(step.id, nil, .note,
                     "manual step \(name) is waiting: \(instructions) (confirm with `rpl resume \(runID) --confirm \(step.id)`)")
        case let .wait(seconds):
            try begin(step)
            waits[step.id] = provider.now + Double(seconds)
        }
    }

    /// Journals the attempt and takes its capacity; the request goes to the
    /// provider with the tick's others (`sendOutbox`).
    private func send(_ step: ExecutableStep) throws {
        try begin(step)
        if let providerGone {
            try fail(step, "the provider is gone (\(providerGone))")
            return
        }
        inFlight.insert(step.id)
        updateHolding(step.id)
        outbox.append(step)
    }

    /// Commits the journal as the durability rule asks, then sends.
    private func sendOutbox() throws {
        guard !outbox.isEmpty else { return }
        if !provider.isSimulated {
            try journal.commit(syncToDisk: true)
            lastCommit = Date()
        }
        let requests = outbox
        outbox = []
        for step in requests {
            if let providerGone {
                inFlight.remove(step.id)
                try fail(step, "the provider is gone (\(providerGone))")
                continue
            }
            do {
                try provider.send(StepRequest(run: runID, step: step, attempt: attempts[step.id]!))
            } catch {
                providerGone = error.description
                inFlight.remove(step.id)
                try fail(step, error.description)
            }
        }
    }

    private func commitBeforeWaiting() throws {
        if provider.isSimulated, Date().timeIntervalSince(lastCommit) < 0.1 { return }
        try journal.commit(syncToDisk: false)
        lastCommit = Date()
    }

    private func begin(_ step: ExecutableStep) throws {
        let attempt = attempts[step.id]! + 1
        try journal.stepStarted(step, attempt: attempt)
        attempts[step.id] = attempt
        status[step.id] = .running
        observer?.executor(.stepStarted(step, attempt: attempt, clock: provider.now))
    }

    // MARK: - Replies and timers

    private func handle(_ reply: StepReply) throws {
        guard inFlight.remove(reply.step) != nil, let step = byID[reply.step] else {
            try note(reply.step, nil, .warning, "the provider answered for step \(reply.step), which was not waiting for an answer; ignored")
            return
        }
        defer { updateHolding(step.id) }
        if reply.ok {
            try journal.stepDone(step)
            status[step.id] = .done
            retrying[step.id] = nil
            stepIsDone(step)
            observer?.executor(.stepFinished(step, status: .done, error: nil, clock: provider.now))
            return
        }
        let message = reply.error ?? "failed"
        if step.waitsForAgentRegistration, reply.isAgentNotRegistered {
            let since = agentWaitSince[step.id] ?? provider.now
            agentWaitSince[step.id] = since
            let next = provider.now + limits.agentRetryIntervalSeconds
            if next - since <= limits.agentRegistrationWaitSeconds {
                retrying[step.id] = next
                try note(step.id, .RP801, .warning,
                         "\(step.machine ?? step.id): \(message); the agent registers up to 15 minutes after boot: retrying in \(Int(limits.agentRetryIntervalSeconds))s (attempt \(attempts[step.id]!))")
                return
            }
            try fail(step, "\(message) (still after \(Int(limits.agentRegistrationWaitSeconds / 60)) minutes of retries)")
            return
        }
        try fail(step, message, code: reply.code ?? .RP802)
    }

    private func fail(_ step: ExecutableStep, _ message: String, code: DiagnosticCode = .RP802) throws {
        try journal.stepFailed(step, error: message)
        status[step.id] = .failed
        retrying[step.id] = nil
        updateHolding(step.id)
        failedThisRun = true
        observer?.executor(.stepFinished(step, status: .failed, error: message, clock: provider.now))
        try note(step.id, code, .error, "step \(step.id) failed: \(message); the run stops here, `rpl resume \(runID)` retries it")
    }

    private func fireTimers() throws {
        let now = provider.now
        for (id, due) in waits.sorted(by: { $0.value < $1.value }) where due <= now {
            waits[id] = nil
            let step = byID[id]!
            try journal.stepDone(step)
            status[id] = .done
            stepIsDone(step)
            observer?.executor(.stepFinished(step, status: .done, error: nil, clock: now))
        }
        for (id, due) in retrying.sorted(by: { $0.value < $1.value }) where due <= now {
            retrying[id] = nil
            updateHolding(id)
            try send(byID[id]!)
        }
    }

    /// Steps that hold no request at the provider go back to `pending`
    /// when the run stops early: only a sent request stays `running`.
    private func requeueUnsent() throws {
        let unsent = Array(retrying.keys) + Array(waits.keys)
        retrying.removeAll()
        for id in unsent { updateHolding(id) }
        for id in unsent {
            let step = byID[id]!
            try journal.stepRequeued(step)
            status[id] = .pending
            if let position = graph.indexByID[id] { markReadyIfPending(position) }
        }
        waits.removeAll()
    }

    /// A second Ctrl-C: the steps in flight are left unanswered. Journaled
    /// as `interrupted`, not `running`, so that nothing claims they are
    /// still going; resume sends them again under the same (run, step).
    private func interruptInFlight() throws {
        for id in inFlight.sorted() {
            guard let step = byID[id] else { continue }
            try journal.stepInterrupted(step)
            status[id] = .interrupted
            observer?.executor(.stepFinished(step, status: .interrupted, error: nil, clock: provider.now))
        }
        let interrupted = inFlight
        inFlight.removeAll()
        for id in interrupted { updateHolding(id) }
    }

    private func providerExited(_ error: Error) throws {
        let reason = (error as? ProviderError)?.description ?? "\(error)"
        providerGone = reason
        failedThisRun = true
        if inFlight.isEmpty { try note(nil, .RP802, .error, "\(reason); the run stops here, `rpl resume \(runID)` continues it") }
        for id in inFlight.sorted() {
            inFlight.remove(id)
            try fail(byID[id]!, "no answer: \(reason)")
        }
    }

    private func note(_ step: String?, _ code: DiagnosticCode?, _ severity: Severity, _ message: String) throws {
        let event = RunEvent(step: step, code: code, severity: severity, message: message, clock: provider.now)
        try journal.record(event)
        observer?.executor(.event(event))
    }

    private func heartbeatIfDue() throws {
        if Date().timeIntervalSince(lastHeartbeat) >= 2 {
            try journal.heartbeat()
            lastHeartbeat = Date()
        }
    }
}
