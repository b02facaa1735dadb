import RPLCheck
import RPLInventory
import RPLSource

/// One scheduling of one plan, pass by pass: what every pass shares (the
/// steps, their machines by index, the placement of `using auto`, the step
/// graph), then the simulation's input, the diagnostics only the order can
/// show, the resolved entries, the RTO and the critical path.
struct SchedulingPass {
    let plan: EvaluatedPlan
    let inventory: Inventory
    let options: ScheduleOptions
    /// One name lookup per step; everything after works on indices (-1: no machine).
    let machineOfStep: [Int32]
    let placement: Placement
    let graphSteps: [GraphStep]
    let brokenSets: [BrokenStartTogether]
    let graph: StepGraph

    init(plan: EvaluatedPlan, inventory: Inventory, options: ScheduleOptions) {
        self.plan = plan
        self.inventory = inventory
        self.options = options
        // Read in place, a range of steps per core: 45 M instructions on
        // 50,000 reprotects, half of them off the main thread.
        let steps = plan.steps
        machineOfStep = Concurrently.array(count: steps.count, minimumPerCore: 2_000) { index in
            steps[index].action.machine.flatMap { inventory.machineIndex[$0] }.map(Int32.init) ?? -1
        }
        let machineOfStep = machineOfStep
        // Independent of each other: side by side, the graph's steps (74 M
        // instructions on 50,000 reprotects) taken off the placement's thread.
        let graphSteps: (steps: [GraphStep], graph: StepGraph, broken: [BrokenStartTogether])
        (placement, graphSteps) = Concurrently.both(
            { Placement(plan: plan, inventory: inventory, machineOfStep: machineOfStep) },
            { GraphStep.steps(of: plan) { inventory.replicationGroup(ofMachineAt: machineOfStep[$0]) } })
        (self.graphSteps, graph, brokenSets) = graphSteps
    }

    var steps: [PlanStep] { plan.steps }

    private func machine(ofStep index: Int) -> Machine? {
        machineOfStep[index] >= 0 ? inventory.machines[Int(machineOfStep[index])] : nil
    }

    // MARK: The simulation's input

    /// Durations, transfers, resources and earliest starts, per step.
    /// Resources are numbered by name: the inventory's first, then names it does not know.
    func simulationInput() -> Simulation.Input {
        let model = options.timeModel
        // Each step alone, a range of steps per core (110 M instructions on
        // 50,000 reprotects, half off the main thread); then, in plan order,
        // a number for each name the inventory does not know, as first met.
        let perStep = Concurrently.array(count: steps.count, minimumPerCore: 2_000) { simulationInput(ofStep: $0, model: model) }
        var targets = ResourceNumbers(known: inventory.masterTargetIndex, count: inventory.masterTargets.count)
        var servers = ResourceNumbers(known: inventory.processServerIndex, count: inventory.processServers.count)
        var masterTarget = perStep.map(\.masterTarget)
        var processServer = perStep.map(\.processServer)
        for index in steps.indices where masterTarget[index] == StepInput.unknownName || processServer[index] == StepInput.unknownName {
            guard case let .reprotect(r) = steps[index].action else { continue }
            if masterTarget[index] == StepInput.unknownName { masterTarget[index] = targets.number(of: placement.masterTargets[index]) }
            if processServer[index] == StepInput.unknownName { processServer[index] = servers.number(of: r.processServer) }
        }
        return Simulation.Input(
            graph: graph, fixedSeconds: perStep.map(\.fixedSeconds), megabits: perStep.map(\.megabits),
            isReprotect: perStep.map(\.isReprotect), masterTarget: masterTarget, processServer: processServer,
            masterTargetSlots: Array(repeating: options.capacity.reprotectsPerMasterTarget, count: targets.count),
            processServerSlots: Array(repeating: options.capacity.reprotectsPerProcessServer, count: servers.count),
            earliestStart: perStep.map(\.earliestStart), bandwidthMbps: model.bandwidthMbps(inventory.network))
    }

    /// One step's part of the simulation's input.
    private struct StepInput {
        /// A resource the inventory does not know, numbered afterwards in plan order.
        static let unknownName: Int32 = -2
        var fixedSeconds: Double
        var megabits = 0.0
        var isReprotect = false
        var masterTarget: Int32 = -1
        var processServer: Int32 = -1
        var earliestStart = 0.0
    }

    /// Reads only the step, its machine and the inventory: steps are done side by side.
    private func simulationInput(ofStep index: Int, model: TimeModel) -> StepInput {
        let action = steps[index].action
        if case .failback = action {
            return StepInput(fixedSeconds: model.failbackSeconds(of: machine(ofStep: index), network: inventory.network))
        }
        var input = StepInput(fixedSeconds: Double(model.fixedSeconds(of: action)))
        guard case let .reprotect(r) = action else { return input }
        input.isReprotect = true
        let machine = Int(machineOfStep[index])
        if machine >= 0 {
            // Read in place: a copy of each machine was a fifth of this pass.
            input.megabits = r.architecture == .modernized
                ? TimeModel.agentReprotectMegabits(of: inventory.machines[machine], now: options.now)
                : TimeModel.resyncMegabits(of: inventory.machines[machine])
            input.earliestStart = Scheduler.agentWait(inventory.machines[machine], now: options.now)
        }
        // A reprotect agent is a writer as a master target is: the same slots, numbered after them.
        input.masterTarget = Self.knownNumber(of: placement.masterTargets[index], in: inventory.masterTargetIndex)
        if r.architecture != .modernized { input.processServer = Self.knownNumber(of: r.processServer, in: inventory.processServerIndex) }
        return input
    }

    /// The inventory's number for `name`; -1 for none, `StepInput.unknownName` for a name it does not know.
    private static func knownNumber(of name: String?, in known: NameIndex) -> Int32 {
        guard let name else { return -1 }
        return known[name].map(Int32.init) ?? StepInput.unknownName
    }

    // MARK: What only the order shows

    /// RP701 for failbacks that cannot start together, RP707 for steps that wait for themselves.
    func orderDiagnostics(_ output: Simulation.Output) -> [Diagnostic] {
        var diagnostics = brokenSets.map { set in
            Diagnostic(.RP701,
                       "the machines of \(set.name) cannot fail back at one point in time: the plan orders some of its steps after others' failback",
                       file: plan.file, span: steps[set.firstStep].span,
                       help: ["fail them back in one step, after every one of them is reprotected"])
        }
        if let stuck = steps.indices.first(where: { output.start[$0].isNaN }) {
            let count = steps.indices.filter { output.start[$0].isNaN }.count
            diagnostics.append(Diagnostic(
                .RP707,
                "step '\(steps[stuck].id)' can never start: its dependencies wait for it (\(count) step\(count == 1 ? "" : "s") left out of the schedule)",
                file: plan.file, span: steps[stuck].span))
        }
        return diagnostics
    }

    // MARK: The resolved steps

    /// In start order, ties in plan order (sorted as indices, so no step is moved around).
    func entries(input: Simulation.Input, output: Simulation.Output) -> [ScheduledStep] {
        let starts = output.start.map { $0.isNaN ? Int64.max : Scheduler.seconds($0) }
        let order = steps.indices.filter { !output.start[$0].isNaN }.sorted { (starts[$0], $0) < (starts[$1], $1) }
        // A range per core, each step made straight into its place: 78 M of
        // these 171 M instructions on 50,000 reprotects off the main thread.
        return Concurrently.array(count: order.count, minimumPerCore: 2_000) { position in
            let index = order[position]
            return ScheduledStep(step: steps[index], waits: graphSteps[index], action: resolvedAction(index, input: input),
                                 startSeconds: starts[index], endSeconds: Scheduler.seconds(output.end[index]))
        }
    }

    /// The step's action with every parameter concrete; nil for a reprotect no master target fits.
    private func resolvedAction(_ index: Int, input: Simulation.Input) -> ExecutableStep.Action? {
        switch steps[index].action {
        case let .reprotect(r) where r.architecture == .modernized:
            return placement.masterTargets[index].map { agent in
                .agentReprotect(AgentReprotect(
                    machine: r.machine, reprotectAgent: agent,
                    appliance: r.appliance ?? inventory.reprotectAgent(agent)?.appliance.name ?? "",
                    // Site Recovery needs a datastore: without one, the on-prem VM's own.
                    datastore: r.datastore ?? machine(ofStep: index)?.onpremVM.datastores.first,
                    logStorageAccount: r.logStorageAccount ?? "", policy: r.policy,
                    location: machine(ofStep: index).map(RecoveryLocation.of) ?? .alternate))
            }
        case let .reprotect(r):
            var retention = r.retention
            let target = Int(input.masterTarget[index])
            if retention == nil, target >= 0, target < inventory.masterTargets.count {
                retention = MasterTarget.defaultRetentionPath(for: inventory.masterTargets[target].os)
            } else if retention == nil, let machine = machine(ofStep: index) {
                // A master target the inventory does not know: the machine's OS decides (same OS, RP206).
                retention = MasterTarget.defaultRetentionPath(for: machine.os)
            }
            return placement.masterTargets[index].map {
                .reprotect(machine: r.machine, masterTarget: $0, processServer: r.processServer, datastore: r.datastore, retention: retention)
            }
        case let .failback(machine, recoveryPoint): return .failback(machine: machine, recoveryPoint: recoveryPoint)
        case let .commit(machine): return .commit(machine: machine)
        case let .protect(protect): return .protect(protect)
        case let .manual(name, instructions): return .manual(name: name, instructions: instructions)
        case let .wait(seconds): return .wait(seconds: seconds)
        }
    }

    // MARK: RTO and critical path

    /// The step that ends last (the first of equals after it in plan order).
    private func lastStep(_ output: Simulation.Output) -> Int? {
        var last: Int?
        for index in steps.indices where !output.end[index].isNaN {
            if let current = last, output.end[index] < output.end[current] { continue }
            last = index
        }
        return last
    }

    func completionSeconds(_ output: Simulation.Output) -> Int64 {
        lastStep(output).map { Scheduler.seconds(output.end[$0]) } ?? 0
    }

    /// From the first step to the last on the chain of causes that made the last one end when it did.
    func criticalPath(_ output: Simulation.Output) -> [String] {
        var path: [String] = []
        var node = lastStep(output).map(Int32.init) ?? -1
        var hops = 0
        while node >= 0, hops <= graph.nodeCount {
            if graph.isStep(Int(node)) { path.append(steps[Int(node)].id) }
            node = output.cause[Int(node)]
            hops += 1
        }
        return path.reversed()
    }
}

extension Inventory {
    /// The replication group of the machine at `index` (-1: no machine):
    /// the scheduler's passes ask by index, not by name.
    func replicationGroup(ofMachineAt index: Int32) -> String? {
        index >= 0 ? machines[Int(index)].replicationGroup : nil
    }
}

/// Master targets or process servers by number: the inventory's own, then
/// each name it does not know, numbered as first met.
struct ResourceNumbers {
    let known: NameIndex
    var count: Int
    /// The names the inventory does not know, with the numbers given them.
    private var unknown: [String: Int] = [:]

    init(known: NameIndex, count: Int) {
        self.known = known
        self.count = count
    }

    mutating func number(of name: String?) -> Int32 {
        guard let name else { return -1 }
        if let index = known[name] ?? unknown[name] { return Int32(index) }
        unknown[name] = count
        count += 1
        return Int32(count - 1)
    }
}
