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
        let steps = plan.steps
        // One name lookup per step; everything after works on indices.
        let machineOfStep: [Int32] = steps.map { step in
            step.action.machine.flatMap { inventory.machineIndex[$0] }.map(Int32.init) ?? -1
        }
        let machines = inventory.machines
        let placement = Placement(plan: plan, inventory: inventory, machineOfStep: machineOfStep)
        var diagnostics = placement.diagnostics
        let (graphSteps, brokenSets) = GraphStep.steps(of: plan) { inventory.machine($0)?.replicationGroup }
        let graph = StepGraph(steps: graphSteps)
        let model = options.timeModel

        // Resources by name: the inventory's first, then names it does not know.
        var targetIndex = inventory.masterTargetIndex
        var targetCount = inventory.masterTargets.count
        var serverIndex = inventory.processServerIndex
        var serverCount = inventory.processServers.count
        func resource(_ name: String?, _ table: inout [String: Int], _ count: inout Int) -> Int32 {
            guard let name else { return -1 }
            if let index = table[name] { return Int32(index) }
            table[name] = count
            count += 1
            return Int32(count - 1)
        }

        var input = Simulation.Input(
            graph: graph, fixedSeconds: [], megabits: [], isReprotect: [], masterTarget: [], processServer: [],
            masterTargetSlots: [], processServerSlots: [], earliestStart: [],
            bandwidthMbps: model.bandwidthMbps(inventory.network))
        input.fixedSeconds.reserveCapacity(steps.count)
        for (index, step) in steps.enumerated() {
            input.fixedSeconds.append(Double(model.fixedSeconds(of: step.action)))
            let machine = machineOfStep[index] >= 0 ? machines[Int(machineOfStep[index])] : nil
            var megabits = 0.0
            var target: Int32 = -1
            var server: Int32 = -1
            var earliest = 0.0
            switch step.action {
            case let .reprotect(r):
                if let machine {
                    megabits = TimeModel.resyncMegabits(of: machine)
                    earliest = agentWait(machine, now: options.now)
                }
                target = resource(placement.masterTargets[index], &targetIndex, &targetCount)
                server = resource(r.processServer, &serverIndex, &serverCount)
            case .failback, .manual, .wait:
                break
            }
            input.megabits.append(megabits)
            input.isReprotect.append(step.action.isReprotect)
            input.masterTarget.append(target)
            input.processServer.append(server)
            input.earliestStart.append(earliest)
        }
        input.masterTargetSlots = Array(repeating: options.capacity.reprotectsPerMasterTarget, count: targetCount)
        input.processServerSlots = Array(repeating: options.capacity.reprotectsPerProcessServer, count: serverCount)

        let output = Simulation.run(input)

        for set in brokenSets {
            diagnostics.append(Diagnostic(
                .RP701,
                "the machines of \(set.name) cannot fail back at one point in time: the plan orders some of its steps after others' failback",
                file: plan.file, span: steps[set.firstStep].span,
                help: ["fail them back in one step, after every one of them is reprotected"]))
        }
        if let stuck = steps.indices.first(where: { output.start[$0].isNaN }) {
            let count = steps.indices.filter { output.start[$0].isNaN }.count
            diagnostics.append(Diagnostic(
                .RP707,
                "step '\(steps[stuck].id)' can never start: its dependencies wait for it (\(count) step\(count == 1 ? "" : "s") left out of the schedule)",
                file: plan.file, span: steps[stuck].span))
        }

        // Start order, ties in plan order; sorted as indices so that no step is moved around.
        let starts = output.start.map { $0.isNaN ? Int64.max : seconds($0) }
        let order = steps.indices.filter { !output.start[$0].isNaN }.sorted { (starts[$0], $0) < (starts[$1], $1) }
        var entries: [ScheduledStep] = []
        entries.reserveCapacity(order.count)
        for index in order {
            let step = steps[index]
            let action: ExecutableStep.Action?
            switch step.action {
            case let .reprotect(r):
                var retention = r.retention
                if retention == nil, input.masterTarget[index] >= 0, Int(input.masterTarget[index]) < inventory.masterTargets.count {
                    retention = MasterTarget.defaultRetentionPath(for: inventory.masterTargets[Int(input.masterTarget[index])].os)
                } else if retention == nil, machineOfStep[index] >= 0 {
                    // A master target the inventory does not know: the machine's OS decides (same OS, RP206).
                    retention = MasterTarget.defaultRetentionPath(for: machines[Int(machineOfStep[index])].os)
                }
                action = placement.masterTargets[index].map {
                    .reprotect(machine: r.machine, masterTarget: $0, processServer: r.processServer, datastore: r.datastore, retention: retention)
                }
            case let .failback(machine): action = .failback(machine: machine)
            case let .manual(name, instructions): action = .manual(name: name, instructions: instructions)
            case let .wait(seconds): action = .wait(seconds: seconds)
            }
            entries.append(ScheduledStep(step: step, waits: graphSteps[index], action: action,
                                         startSeconds: starts[index], endSeconds: seconds(output.end[index])))
        }

        var last: Int?
        for index in steps.indices where !output.end[index].isNaN {
            if let current = last, output.end[index] < output.end[current] { continue }
            last = index
        }
        var path: [String] = []
        var node = last.map(Int32.init) ?? -1
        var hops = 0
        while node >= 0, hops <= graph.nodeCount {
            if graph.isStep(Int(node)) { path.append(steps[Int(node)].id) }
            node = output.cause[Int(node)]
            hops += 1
        }
        let rto = last.map { seconds(output.end[$0]) } ?? 0
        let schedule = Schedule(plan: plan, entries: entries, rtoSeconds: rto, criticalPath: path.reversed())
        return Result(schedule: schedule, diagnostics: diagnostics)
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
}
