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
    /// Estimated end of the last step, in seconds from the start of the
    /// run: how long the whole plan takes, most of it replication while the
    /// applications are still served from Azure. Not the downtime.
    public var completionSeconds: Int64
    /// Step ids from the first to the last on the longest chain of waits.
    public var criticalPath: [String]
    /// The outage of each plan group, then of each machine, that fails back.
    public var downtimes: [Downtime]

    public init(plan: EvaluatedPlan, entries: [ScheduledStep], completionSeconds: Int64, criticalPath: [String]) {
        self.plan = plan
        self.entries = entries
        self.completionSeconds = completionSeconds
        self.criticalPath = criticalPath
        self.downtimes = Downtime.of(entries, plan: plan)
    }

    /// The longest outage of a group or a machine: the plan's recovery time
    /// (RTO) as the business means it. nil when nothing fails back.
    public var longestDowntime: Downtime? { Downtime.longest(downtimes) }
}

/// One step as the scheduler resolved it: the step a run executes, from
/// here to the journal.
public struct ScheduledStep: Sendable {
    public var step: PlanStep
    /// What the step waits for, as a run executes it (the planner's graph).
    public var waits: GraphStep
    /// The action with every parameter concrete (the master target chosen
    /// for `using auto`, the retention volume defaulted from its OS); nil
    /// only for a reprotect no master target fits (the schedule then has an error).
    public var action: ExecutableStep.Action?
    public var startSeconds: Int64
    public var endSeconds: Int64

    public init(step: PlanStep, waits: GraphStep, action: ExecutableStep.Action?, startSeconds: Int64, endSeconds: Int64) {
        self.step = step
        self.waits = waits
        self.action = action
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
    }

    public var id: String { step.id }

    /// A modernized reprotect's concrete parameters; nil for every other step.
    public var agentReprotect: AgentReprotect? {
        if case let .agentReprotect(r)? = action { r } else { nil }
    }

    // Each parameter binds its own field alone: `rpl plan --format json`
    // asks for all four on each of 50,000 steps, and binding the whole
    // reprotect copied (retained, released) all its names every time.
    public var masterTarget: String? {
        if case let .reprotect(_, masterTarget, _, _, _)? = action { masterTarget } else { nil }
    }

    public var processServer: String? {
        switch action {
        case let .protect(p)?: p.processServer
        case let .reprotect(_, _, processServer, _, _)?: processServer
        default: nil
        }
    }

    public var datastore: String? {
        switch action {
        case let .reprotect(_, _, _, datastore, _)?: datastore
        case let .agentReprotect(r)?: r.datastore
        default: nil
        }
    }

    public var retention: String? {
        if case let .reprotect(_, _, _, _, retention)? = action { retention } else { nil }
    }
}
