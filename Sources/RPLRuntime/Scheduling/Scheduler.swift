import Foundation
import RPLCheck
import RPLInventory
import RPLSource

/// Orders an evaluated plan in time: master targets chosen for `using auto`,
/// group order and step dependencies respected, reprotects run in parallel
/// as capacity allows, and each step given an estimated window. Pure and
/// deterministic: the same plan and inventory give the same schedule.
public enum Scheduler {
    public struct Result: Sendable {
        public var schedule: Schedule
        /// What only the scheduler can see: no master target fits a `using
        /// auto` machine, a replication group split or kept from failing
        /// back at one point in time, steps that wait for each other.
        public var diagnostics: [Diagnostic]
    }

    public static func schedule(_ plan: EvaluatedPlan, inventory: Inventory, options: ScheduleOptions = ScheduleOptions()) -> Result {
        let pass = SchedulingPass(plan: plan, inventory: inventory, options: options)
        let input = pass.simulationInput()
        let output = Simulation.run(input)
        let schedule = Schedule(plan: plan, entries: pass.entries(input: input, output: output),
                                completionSeconds: pass.completionSeconds(output), criticalPath: pass.criticalPath(output))
        return Result(schedule: schedule, diagnostics: pass.placement.diagnostics + pass.orderDiagnostics(output))
    }

    /// Whole seconds, as the schedule reports them.
    static func seconds(_ value: Double) -> Int64 {
        // Saturates: an absurd estimate must not trap the conversion.
        let rounded = value.rounded()
        guard rounded.isFinite else { return rounded > 0 ? .max : 0 }
        return rounded >= 9.2e18 ? .max : (rounded <= -9.2e18 ? .min : Int64(rounded))
    }

    /// Seconds from the run's start until the machine's agent can have
    /// registered (`--now`; up to 15 minutes after boot, docs/codes.md RP211).
    static func agentWait(_ machine: Machine, now: Date?) -> Double {
        guard let now, !machine.agentRegistered, let booted = machine.bootedInAzureAt else { return 0 }
        let registered = booted.addingTimeInterval(TimeInterval(ScheduleOptions.agentRegistrationSeconds))
        return max(0, registered.timeIntervalSince(now))
    }
}

extension StepAction {
    var isReprotect: Bool { if case .reprotect = self { true } else { false } }
    var isFailback: Bool { if case .failback = self { true } else { false } }
}
