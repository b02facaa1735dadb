import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource
import RPLSyntax

/// A plan that checked without errors and was scheduled: what `rpl plan`
/// prints and what a run starts from.
public struct PreparedPlan: Sendable {
    public var plan: EvaluatedPlan
    public var schedule: Schedule
    public var inventory: Inventory
    /// Warnings and notes of the check and the schedule (errors never get this far).
    public var diagnostics: [Diagnostic]

    public var name: String { plan.name }
}

/// A prepared plan turned into the steps a provider runs.
public struct PreparedRun: Sendable {
    public var prepared: PreparedPlan
    public var steps: [ExecutableStep]
    /// Said before the run starts: the plan's warnings, and runs that were
    /// interrupted while they held these machines (RP803).
    public var diagnostics: [Diagnostic]

    public var name: String { prepared.name }
    public var estimatedCompletionSeconds: Int64 { prepared.schedule.completionSeconds }

    /// Each step's request as the provider will receive it, in start order:
    /// `rpl run --dry-run`, and what the REPL shows before asking to confirm.
    public var requestPreview: String {
        var text = ""
        for step in steps {
            text += "  +\(ProgressBoard.clock(Double(step.estimatedStart)))  \(StepRequest(run: "DRY-RUN", step: step, attempt: 1).json.serialized())\n"
        }
        return text
    }
}

extension Workspace {
    /// Parse, check and schedule a plan file.
    public func prepare(_ file: SourceFile, inventory: Inventory) throws(PipelineFailure) -> PreparedPlan {
        let checked = Checker.check(Parser.parse(file), inventory: inventory, options: CheckOptions(now: now))
        return try prepare(checked.plan, diagnostics: checked.diagnostics, inventory: inventory)
    }

    /// Schedule a plan the caller checked (the REPL checks its session as one plan).
    public func prepare(_ plan: EvaluatedPlan?, diagnostics: [Diagnostic], inventory: Inventory) throws(PipelineFailure) -> PreparedPlan {
        guard !diagnostics.hasErrors, let plan else {
            throw PipelineFailure(.plan, diagnostics.hasErrors ? nil : "the plan could not be evaluated", diagnostics: diagnostics)
        }
        let scheduled = Scheduler.schedule(plan, inventory: inventory, options: ScheduleOptions(now: now))
        let all = diagnostics + scheduled.diagnostics
        if all.hasErrors { throw PipelineFailure(.plan, nil, diagnostics: all) }
        return PreparedPlan(plan: plan, schedule: scheduled.schedule, inventory: inventory, diagnostics: all)
    }

    /// The steps of a prepared plan, with the rules that only make sense
    /// for a run: something to run, one master target per replication group.
    public func runnable(_ prepared: PreparedPlan) throws(PipelineFailure) -> PreparedRun {
        let file = prepared.plan.file
        let steps: [ExecutableStep]
        do { steps = try ExecutableStep.steps(of: prepared.schedule) } catch {
            throw PipelineFailure(.plan, "\(error)", diagnostics: prepared.diagnostics)
        }
        if steps.isEmpty {
            throw PipelineFailure(.plan, nil, diagnostics: prepared.diagnostics + [RunDiagnostics.noSteps(plan: prepared.name, file: file)])
        }
        let split = prepared.schedule.splitReplicationGroups(inventory: prepared.inventory)
        if !split.isEmpty { throw PipelineFailure(.plan, nil, diagnostics: prepared.diagnostics + split) }
        return PreparedRun(prepared: prepared, steps: steps, diagnostics: prepared.diagnostics)
    }
}
