import RPLCheck
import RPLInventory
import RPLSource

/// Reprotect agents for modernized reprotects, as `Placer` chooses master
/// targets for classic ones: the plan's own agent where it names one; for
/// `using auto`, a healthy agent on the machine's vCenter that reaches every
/// datastore of its on-prem VM (and the datastore the plan names), on the
/// appliance with the fewest disks reprotected through it. A replication
/// group goes to one agent as a unit (RP701).
struct AgentPlacer {
    let plan: EvaluatedPlan
    let inventory: Inventory
    let machineOfStep: [Int32]
    /// Per step, as `Placement.masterTargets`: modernized steps get their agent here.
    var chosen: [String?]
    /// The modernized reprotects of machines the inventory knows, in plan
    /// order: the only steps looked at, so that a plan of classic
    /// reprotects is not walked again (30 M instructions on 50,000).
    let agentSteps: [Int]
    var diagnostics: [Diagnostic] = []
    /// Disks reprotected through each appliance by this plan, by name.
    var disksOfAppliance: [String: Int] = [:]
    var machinesOfAgent: [String: Int] = [:]

    init(plan: EvaluatedPlan, inventory: Inventory, machineOfStep: [Int32], chosen: [String?], agentSteps: [Int]) {
        self.plan = plan
        self.inventory = inventory
        self.machineOfStep = machineOfStep
        self.chosen = chosen
        self.agentSteps = agentSteps
    }

    private func agentReprotect(_ index: Int) -> ReprotectAction? {
        guard case let .reprotect(r) = plan.steps[index].action, r.architecture == .modernized, machineOfStep[index] >= 0 else { return nil }
        return r
    }

    private func machine(_ index: Int) -> Machine { inventory.machines[Int(machineOfStep[index])] }

    mutating func placeAll() {
        var autoUnits: [(group: String?, steps: [Int])] = []
        var unitOfGroup: [String: Int] = [:]
        for index in agentSteps {
            guard let r = agentReprotect(index) else { continue }
            if let agent = r.reprotectAgent {
                chosen[index] = agent
                count(index, on: agent)
                continue
            }
            if let group = machine(index).replicationGroup {
                if let unit = unitOfGroup[group] {
                    autoUnits[unit].steps.append(index)
                } else {
                    unitOfGroup[group] = autoUnits.count
                    autoUnits.append((group, [index]))
                }
            } else {
                autoUnits.append((nil, [index]))
            }
        }
        for unit in autoUnits { placeUnit(unit.steps, replicationGroup: unit.group) }
    }

    private mutating func count(_ index: Int, on agent: String) {
        machinesOfAgent[agent, default: 0] += 1
        if let appliance = inventory.reprotectAgent(agent)?.appliance.name {
            disksOfAppliance[appliance, default: 0] += machine(index).disks
        }
    }

    /// An agent fit for the machine, whatever else is placed: healthy, on its vCenter, reaching its datastores.
    private func fits(_ agent: ReprotectAgent, _ appliance: ReplicationAppliance, step index: Int) -> Bool {
        guard agent.health == .normal, agent.lastHeartbeat != nil, appliance.health == .normal, appliance.lastHeartbeat != nil
        else { return false }
        let vm = machine(index).onpremVM
        if let host = vm.host.flatMap(inventory.host), host.vcenter != agent.vcenter { return false }
        var needed = vm.exists ? vm.datastores : []
        if let datastore = agentReprotect(index)?.datastore { needed.append(datastore) }
        return needed.allSatisfy(agent.accessibleDatastores.contains)
    }

    private mutating func placeUnit(_ steps: [Int], replicationGroup: String?) {
        // A member that names its agent pins the group there.
        let pinned = replicationGroup.flatMap { group in
            agentSteps.first { agentReprotect($0)?.reprotectAgent != nil && machine($0).replicationGroup == group }
                .flatMap { agentReprotect($0)?.reprotectAgent }
        }
        let unitDisks = steps.reduce(0) { $0 + machine($1).disks }
        let candidates = inventory.reprotectAgents.filter { candidate in
            (pinned == nil || candidate.agent.name == pinned) && steps.allSatisfy { fits(candidate.agent, candidate.appliance, step: $0) }
        }
        let first = machine(steps[0]).name
        let what = replicationGroup.map { "replication group '\($0)'" } ?? "'\(first)'"
        guard !candidates.isEmpty else {
            let reason = pinned.map { "its members name reprotect agent '\($0)', which does not fit '\(first)'" }
                ?? "no healthy reprotect agent on its vCenter reaches every datastore of its on-prem VM"
            report(replicationGroup == nil ? .RP940 : .RP701, "no reprotect agent fits \(what): \(reason)", at: steps[0],
                   help: ["name a reprotect agent instead of 'auto', or give an agent of the machine's vCenter access to its datastores"])
            return
        }
        var best: (agent: String, disks: Int, machines: Int)?
        for candidate in candidates {
            let disks = disksOfAppliance[candidate.appliance.name, default: 0]
            guard disks + unitDisks <= maxDisksPerAppliance else { continue }
            let machines = machinesOfAgent[candidate.agent.name, default: 0]
            if let current = best, (current.disks, current.machines) <= (disks, machines) { continue }
            best = (candidate.agent.name, disks, machines)
        }
        guard let best else {
            report(.RP940, "no appliance has room for \(what) (\(unitDisks) disks): each would reprotect more than \(maxDisksPerAppliance) disks together",
                   at: steps[0], help: ["reprotect fewer machines in this plan, or through another appliance"])
            return
        }
        for index in steps {
            chosen[index] = best.agent
            count(index, on: best.agent)
        }
    }

    private mutating func report(_ code: DiagnosticCode, _ message: String, at step: Int, help: [String]) {
        diagnostics.append(Diagnostic(code, message, file: plan.file, span: plan.steps[step].span, help: help))
    }
}
