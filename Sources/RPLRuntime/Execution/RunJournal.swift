import RPLInventory
import RPLSource

/// The step statuses `rpl jobs` prints (docs/cli.md, "JSON outputs").
public enum StepStatus: String, Sendable, CaseIterable {
    case pending, running, waiting, done, failed, skipped
    /// Sent, and left without an answer when the run was stopped (a second
    /// Ctrl-C): the request may have reached the provider, so resume asks
    /// it again under the same (run, step).
    case interrupted

    /// Done for the purpose of the steps that wait for it.
    public var isComplete: Bool { self == .done || self == .skipped }
}

/// The run statuses of docs/cli.md. `interrupted` is never written: it is a run
/// journaled as `running` whose process is gone (its lock is stale).
public enum RunStatus: String, Sendable, CaseIterable {
    case running, paused, interrupted, failed, succeeded
}

/// A step's journaled status and how many times it was sent.
public struct JournaledStep: Sendable, Equatable {
    public var status: StepStatus
    public var attempts: Int

    public init(status: StepStatus, attempts: Int) {
        self.status = status
        self.attempts = attempts
    }
}

/// One line of a run's event log.
public struct RunEvent: Sendable, Equatable {
    public var step: String?
    public var code: DiagnosticCode?
    public var severity: Severity
    public var message: String
    /// Seconds on the provider's clock (virtual under the simulator).
    public var clock: Double

    public init(step: String?, code: DiagnosticCode?, severity: Severity, message: String, clock: Double) {
        self.step = step
        self.code = code
        self.severity = severity
        self.message = message
        self.clock = clock
    }
}

/// Where the executor writes what happens, before it acts on it. The
/// SQLite journal (`RPLStore.Journal`) is the one that counts: it queues
/// the changes and `commit` applies them in one transaction (the executor
/// says when: see its durability rule), and a step's end is written
/// together with its machine's new state.
public protocol RunJournal: AnyObject {
    func journaledSteps() throws -> [String: JournaledStep]
    /// Status `running`, attempts = `attempt`, the machine moves to the step's running state.
    func stepStarted(_ step: ExecutableStep, attempt: Int) throws
    /// A manual step waits for `rpl resume RUN --confirm STEP`.
    func stepWaiting(_ step: ExecutableStep) throws
    /// Status `done` and the machine's new state, in one transaction.
    func stepDone(_ step: ExecutableStep) throws
    /// Status `failed` with the provider's message; the machine goes back to where it was.
    func stepFailed(_ step: ExecutableStep, error: String) throws
    /// Back to `pending` (a retry or a wait that was not finished when the run stopped).
    func stepRequeued(_ step: ExecutableStep) throws
    /// Sent and not answered when the run stopped; the machine stays where the step took it.
    func stepInterrupted(_ step: ExecutableStep) throws
    func record(_ event: RunEvent) throws
    func setStatus(_ status: RunStatus) throws
    /// Proves the run's process is alive to other processes (commits what is queued).
    func heartbeat() throws
    /// Makes everything written so far visible to other processes and safe
    /// from this one being killed; `syncToDisk` also from a power loss.
    func commit(syncToDisk: Bool) throws
}

extension RunJournal {
    /// A journal that writes each change at once has nothing to commit.
    public func commit(syncToDisk: Bool) throws {}
}
