import RPLSource

/// What the executor asks a provider to do: one step of one run. `(run,
/// step)` is stable across `rpl resume`, so a provider can use it as an
/// idempotency key.
public struct StepRequest: Sendable, Equatable {
    public var run: String
    public var step: ExecutableStep
    /// 1 for the first send of the step in this run, counting retries and resumes.
    public var attempt: Int

    public init(run: String, step: ExecutableStep, attempt: Int) {
        self.run = run
        self.step = step
        self.attempt = attempt
    }

    /// The request line of docs/cli.md's exec provider protocol: run, step, then the fields the action needs.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("run", .string(run)), ("step", .string(step.id))]
        if case let .object(params) = step.paramsJSON { members += params }
        return .object(members)
    }
}

public struct StepReply: Sendable, Equatable {
    public var step: String
    /// nil when the step succeeded; the provider's message otherwise.
    public var error: String?
    /// The code the failure is journaled and shown under; nil: RP802.
    public var code: DiagnosticCode?

    public init(step: String, error: String? = nil, code: DiagnosticCode? = nil) {
        self.step = step
        self.error = error
        self.code = code
    }

    public var ok: Bool { error == nil }

    /// Until the agent registers (up to 15 minutes after the VM
    /// boots in Azure) reprotect fails saying the agent is not installed.
    public var isAgentNotRegistered: Bool {
        guard let error = error?.lowercased() else { return false }
        return error.contains("agent not installed") || error.contains("agent is not installed")
            || error.contains("agent not registered") || error.contains("agent is not registered")
    }
}

public enum ProviderError: Error, Sendable, CustomStringConvertible {
    /// The provider could not be started.
    case cannotStart(String)
    /// The provider went away; the steps it had not answered are lost.
    case exited(String)

    public var description: String {
        switch self {
        case let .cannotStart(message): "cannot start the provider: \(message)"
        case let .exited(message): "the provider exited: \(message)"
        }
    }
}

/// Does the work of the steps: the simulator, or an outside command.
/// Requests go out with `send`; replies come back through `nextReply`, in
/// any order, several outstanding at once. The provider owns the clock the
/// executor times waits and retries with: virtual for the simulator, real
/// for a command.
public protocol Provider: AnyObject {
    /// What `rpl jobs` and `rpl resume` know it by: `sim` or `exec:COMMAND`.
    var description: String { get }
    /// Seconds since the provider started, on its clock.
    var now: Double { get }
    func send(_ request: StepRequest) throws(ProviderError)
    /// The next reply; nil once `deadline` (on this clock) has passed, or
    /// soon after `interrupt` is raised. A real-time provider also returns
    /// nil at least every second, so the executor keeps its heartbeat.
    /// Throws when the provider is gone.
    func nextReply(until deadline: Double?, interrupt: InterruptFlag?) throws(ProviderError) -> StepReply?
    /// Ends the conversation (closes the command's input and reaps it).
    func close()
    /// Things the provider did wrong that did not stop it (lines that are
    /// not replies); the executor journals them as warnings.
    func takeWarnings() -> [String]
    /// What the provider has to tell the operator with a code of its own
    /// (a job it attached to instead of sending twice, say); journaled as
    /// events like the executor's own.
    func takeEvents() -> [ProviderEvent]
    /// True when a request acts on nothing outside this process (the
    /// simulator): the executor then need not commit its journal before
    /// each request (its durability rule says why).
    var isSimulated: Bool { get }
}

/// One thing a provider reports that is not a reply.
public struct ProviderEvent: Sendable, Equatable {
    public var step: String?
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String

    public init(step: String?, code: DiagnosticCode, severity: Severity, message: String) {
        self.step = step
        self.code = code
        self.severity = severity
        self.message = message
    }
}

extension Provider {
    public func takeWarnings() -> [String] { [] }
    public func takeEvents() -> [ProviderEvent] { [] }
    public var isSimulated: Bool { false }
}
