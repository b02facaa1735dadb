/// How much runs at once, and how long the executor waits for an agent.
/// Capacity is the scheduler's own `Capacity`, so a run holds to the
/// limits `rpl plan` estimated with.
public struct ExecutionLimits: Sendable, Equatable {
    /// Reprotects at once per master target and per process server (the
    /// only steps that hold capacity: failback is downtime on one machine).
    public var capacity: Capacity
    /// Requests outstanding at one provider: a safety bound only. The
    /// infrastructure's own limits (per master target, per process server)
    /// are what hold a run back, as they hold back `rpl plan`'s estimate;
    /// a lower bound here made runs of large groups twice as long as planned.
    public static let standardOutstandingRequests = 1_024
    public var outstandingRequests: Int
    /// How long a reprotect keeps retrying while the agent is not
    /// registered: up to 15 minutes after the VM boots (docs/codes.md, RP211).
    public var agentRegistrationWaitSeconds: Double
    /// Pause between those retries.
    public var agentRetryIntervalSeconds: Double

    public init(capacity: Capacity = .standard, outstandingRequests: Int = ExecutionLimits.standardOutstandingRequests,
                agentRegistrationWaitSeconds: Double = Double(ScheduleOptions.agentRegistrationSeconds),
                agentRetryIntervalSeconds: Double = 60) {
        self.capacity = capacity
        self.outstandingRequests = outstandingRequests
        self.agentRegistrationWaitSeconds = agentRegistrationWaitSeconds
        self.agentRetryIntervalSeconds = agentRetryIntervalSeconds
    }

    public static let standard = ExecutionLimits()
}
