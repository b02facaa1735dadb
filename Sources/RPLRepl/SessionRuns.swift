import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource

/// A run started with `:run`: simulated, journaled in memory for `:jobs`.
/// It moves the session's copy of the inventory (never the database): a
/// reprotected machine can then be failed back in the same session.
final class SessionRun: RunJournal {
    let id: String
    let plan: String
    let steps: [ExecutableStep]
    private(set) var status: RunStatus = .running
    private(set) var stepStatus: [String: JournaledStep] = [:]
    private(set) var events: [RunEvent] = []
    /// Machine states as the run left them.
    private(set) var machineStates: [String: MachineState] = [:]

    init(id: String, plan: String, steps: [ExecutableStep]) {
        self.id = id
        self.plan = plan
        self.steps = steps
    }

    func journaledSteps() throws -> [String: JournaledStep] { stepStatus }

    func stepStarted(_ step: ExecutableStep, attempt: Int) throws {
        stepStatus[step.id] = JournaledStep(status: .running, attempts: attempt)
        if let machine = step.machine, let transition = step.transition { machineStates[machine] = transition.during }
    }

    func stepWaiting(_ step: ExecutableStep) throws {
        stepStatus[step.id] = JournaledStep(status: .waiting, attempts: stepStatus[step.id]?.attempts ?? 0)
    }

    func stepDone(_ step: ExecutableStep) throws {
        stepStatus[step.id] = JournaledStep(status: .done, attempts: stepStatus[step.id]?.attempts ?? 1)
        if let machine = step.machine, let transition = step.transition { machineStates[machine] = transition.to }
    }

    func stepFailed(_ step: ExecutableStep, error: String) throws {
        stepStatus[step.id] = JournaledStep(status: .failed, attempts: stepStatus[step.id]?.attempts ?? 1)
        if let machine = step.machine, let transition = step.transition { machineStates[machine] = transition.from }
    }

    func stepRequeued(_ step: ExecutableStep) throws {
        stepStatus[step.id] = JournaledStep(status: .pending, attempts: stepStatus[step.id]?.attempts ?? 0)
    }

    func record(_ event: RunEvent) throws { events.append(event) }
    func setStatus(_ status: RunStatus) throws { self.status = status }
    func heartbeat() throws {}

    func status(of step: ExecutableStep) -> StepStatus { stepStatus[step.id]?.status ?? .pending }
}

/// Prints each step as it starts and ends.
final class ProgressPrinter: ExecutionObserver {
    let emit: (String) -> Void

    init(emit: @escaping (String) -> Void) { self.emit = emit }

    func executor(_ update: ExecutionUpdate) {
        switch update {
        case let .stepStarted(step, attempt, clock):
            emit("\(clockText(clock))  started   \(step.id)\(attempt > 1 ? " (attempt \(attempt))" : "")")
        case let .stepWaiting(step, clock):
            emit("\(clockText(clock))  waiting   \(step.id)")
        case let .stepFinished(step, status, error, clock):
            emit("\(clockText(clock))  \(status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(step.id)\(error.map { ": \($0)" } ?? "")")
        case let .event(event):
            emit("\(clockText(event.clock))  \(event.code.map { "[\($0.rawValue)] " } ?? "")\(event.message)")
        default:
            break
        }
    }

    /// The same clock as `rpl run` prints.
    func clockText(_ seconds: Double) -> String { ProgressBoard.clock(seconds) }
}

extension ReplSession {
    /// `:plan`: the session as a plan, scheduled, as `rpl plan` prints it.
    func planText() -> String {
        let (diagnostics, plan) = checkSession()
        if diagnostics.hasErrors || plan == nil { return render(diagnostics) }
        guard let plan, !plan.steps.isEmpty else { return "the session has no steps yet: type a group, a reprotect or a failback\n" }
        let result = Scheduler.schedule(plan, inventory: inventory, options: ScheduleOptions(now: now))
        return render(diagnostics + result.diagnostics) + PlanText().render(result.schedule, inventory: inventory)
    }

    /// `:run`: the session's plan through the simulator, with progress.
    func runPlan() -> String {
        let (diagnostics, plan) = checkSession()
        if diagnostics.hasErrors || plan == nil { return render(diagnostics) + "not run: the session's plan has errors\n" }
        guard let plan, !plan.steps.isEmpty else { return "the session has no steps to run\n" }
        let scheduled = Scheduler.schedule(plan, inventory: inventory, options: ScheduleOptions(now: now))
        if scheduled.diagnostics.hasErrors { return render(scheduled.diagnostics) + "not run: the schedule has errors\n" }
        let steps: [ExecutableStep]
        do { steps = try ExecutableStep.steps(of: scheduled.schedule) } catch { return "not run: \(error)\n" }
        // The same run-time rule as `rpl run`: one master target per replication group.
        let split = Executor.splitReplicationGroups(steps, inventory: inventory)
        if !split.isEmpty { return split.map { "error[RP701]: \($0)\n" }.joined() + "not run\n" }
        // A session's run lives in memory: nothing could confirm a manual step later.
        if plan.steps.contains(where: { $0.action.name == "manual" }) {
            return "not run: the session's plan has manual steps, which only `rpl run` can pause at and `rpl resume --confirm` confirm\n"
        }

        var text = render(diagnostics + scheduled.diagnostics)
        let emit: (String) -> Void = { [progress] line in
            if let progress { progress(line + "\n") } else { text += line + "\n" }
        }
        let run = SessionRun(id: "repl-\(runs.count + 1)", plan: planName, steps: steps)
        runs.append(run)
        emit("run \(run.id) of plan \(planName) (\(steps.count) step\(steps.count == 1 ? "" : "s"), provider sim)")
        let printer = ProgressPrinter(emit: emit)
        do {
            let executor = try Executor(runID: run.id, steps: steps, provider: SimProvider(), journal: run, observer: printer)
            let result = try executor.run()
            applyStates(run.machineStates)
            text += "run \(run.id) \(result.status.rawValue): \(result.count(.done)) done, \(result.count(.failed)) failed\n"
            if result.status == .succeeded {
                dropPlanStatements()
                text += "the plan's statements ran and left the session (definitions stay); machine states moved on\n"
            }
        } catch {
            text += "run \(run.id) stopped: \(error)\n"
        }
        return text
    }

    /// `:jobs`: this session's runs, newest first, with their steps.
    func jobsText() -> String {
        guard !runs.isEmpty else { return "no runs in this session (`:run` starts one)\n" }
        var lines: [String] = []
        for run in runs.reversed() {
            lines.append("\(run.id)  \(run.plan)  \(run.status.rawValue)")
            for step in run.steps {
                lines.append("  \(run.status(of: step).rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(step.id)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
