import RPLCheck
import RPLSource

/// The scheduler's answer: every step with its concrete parameters (the
/// master target chosen for `using auto`, the retention volume defaulted
/// from the master target's OS) and its estimated window. `rpl plan`
/// prints it; `rpl run` executes it.
public struct Schedule: Sendable {
    public var plan: EvaluatedPlan
    /// In start order (ties: plan order).
    public var entries: [ScheduledStep]
    /// Estimated end of the last step, in seconds from the start of the run.
    public var rtoSeconds: Int64
    /// Step ids from the first to the last on the longest chain of waits.
    public var criticalPath: [String]

    public init(plan: EvaluatedPlan, entries: [ScheduledStep], rtoSeconds: Int64, criticalPath: [String]) {
        self.plan = plan
        self.entries = entries
        self.rtoSeconds = rtoSeconds
        self.criticalPath = criticalPath
    }
}

public struct ScheduledStep: Sendable {
    public var step: PlanStep
    /// What the step waits for, as a run executes it (the planner's graph).
    public var waits: GraphStep
    /// Concrete for reprotect steps (never nil there once scheduled); nil otherwise.
    public var masterTarget: String?
    public var processServer: String?
    public var datastore: String?
    public var retention: String?
    public var startSeconds: Int64
    public var endSeconds: Int64

    public init(step: PlanStep, waits: GraphStep, masterTarget: String? = nil, processServer: String? = nil, datastore: String? = nil,
                retention: String? = nil, startSeconds: Int64, endSeconds: Int64) {
        self.step = step
        self.waits = waits
        self.masterTarget = masterTarget
        self.processServer = processServer
        self.datastore = datastore
        self.retention = retention
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
    }

    public var id: String { step.id }
}
