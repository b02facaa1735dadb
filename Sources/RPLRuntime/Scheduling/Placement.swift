import RPLCheck
import RPLInventory
import RPLSource

/// Master targets for every reprotect: the plan's own where it names one,
/// the scheduler's choice for `using auto`. A replication group is placed as
/// a unit on one master target (RP701, docs/language.md: otherwise there is no common point
/// in time), and explicit master targets that split one are reported here,
/// since an expression may have computed them.
struct Placement {
    /// Per step (plan order): what writes the machine back on-premises, the
    /// master target's name (classic) or the reprotect agent's (modernized);
    /// nil when none fits (a diagnostic says why) or for steps that are not reprotects.
    var masterTargets: [String?]
    var diagnostics: [Diagnostic] = []
}

/// The checker's limits, one definition each: disks attached to a master
/// target (RP311), disks reprotected together through an appliance (RP914).
let maxDisksPerMasterTarget = MasterTarget.maxAttachedDisks
let maxDisksPerAppliance = ReplicationAppliance.maxReprotectedDisks

extension Placement {
    /// `machineOfStep`: per step, the index of its machine in the inventory, or -1.
    init(plan: EvaluatedPlan, inventory: Inventory, machineOfStep: [Int32]) {
        var placer = Placer(plan: plan, inventory: inventory, machineOfStep: machineOfStep)
        placer.placeAll()
        var agents = AgentPlacer(plan: plan, inventory: inventory, machineOfStep: machineOfStep, chosen: placer.chosen,
                                 agentSteps: placer.agentSteps)
        agents.placeAll()
        self.init(masterTargets: agents.chosen, diagnostics: placer.diagnostics + agents.diagnostics)
    }
}

/// The state of auto placement: what is already on each master target.
private struct Placer {
    let plan: EvaluatedPlan
    let inventory: Inventory
    let machineOfStep: [Int32]
    var chosen: [String?]
    var diagnostics: [Diagnostic] = []
    /// The modernized reprotects `placeAll` passed by, for `AgentPlacer`.
    var agentSteps: [Int] = []

    /// Per master target (inventory order): disks attached so far, counting
    /// those of machines placed by this plan, and machines placed.
    var disks: [Int]
    var placedMachines: [Int]
    /// Master targets fit for any reprotect at all (on-prem, healthy, on a
    /// licensed host of a discovered vCenter), by OS, in inventory order.
    let healthyByOS: [OSFamily: [Int]]
    let hostIndexOfTarget: [Int]
    /// Per datastore name: indices of hosts that mount it, and that mount it read-write.
    let mountedOn: [String: Set<Int>]
    let mountedReadWriteOn: [String: Set<Int>]
    /// Candidates after every test that depends only on the machine's kind of
    /// request, shared by the thousands of machines that ask the same thing.
    var candidateCache: [CandidateKey: Candidates] = [:]

    init(plan: EvaluatedPlan, inventory: Inventory, machineOfStep: [Int32]) {
        self.plan = plan
        self.inventory = inventory
        self.machineOfStep = machineOfStep
        chosen = plan.steps.map { step in
            if case let .reprotect(r) = step.action { r.masterTarget } else { nil }
        }
        disks = inventory.masterTargets.map(\.attachedDisks)
        placedMachines = Array(repeating: 0, count: inventory.masterTargets.count)
        hostIndexOfTarget = inventory.masterTargets.map { inventory.hostIndex[$0.host] ?? -1 }
        var healthy: [OSFamily: [Int]] = [:]
        for (index, target) in inventory.masterTargets.enumerated() where Placer.isHealthy(target, inventory) {
            healthy[target.os, default: []].append(index)
        }
        healthyByOS = healthy
        var mounted: [String: Set<Int>] = [:]
        var readWrite: [String: Set<Int>] = [:]
        for datastore in inventory.datastores where mounted[datastore.name] == nil {
            var any = Set<Int>()
            var rw = Set<Int>()
            for mount in datastore.mounts {
                guard let host = inventory.hostIndex[mount.host] else { continue }
                any.insert(host)
                if mount.access == .readWrite { rw.insert(host) }
            }
            mounted[datastore.name] = any
            readWrite[datastore.name] = rw
        }
        mountedOn = mounted
        mountedReadWriteOn = readWrite
    }

    /// Every prerequisite (docs/codes.md) that is about the master target alone (RP301–RP309, RP601).
    static func isHealthy(_ target: MasterTarget, _ inventory: Inventory) -> Bool {
        guard target.site == .onprem, target.vmwareTools, target.diskEnableUUID, target.snapshots == 0,
              target.scsiController == .lsiLogic, !target.storageVMotion,
              let host = inventory.host(target.host), !host.edition.isFree
        else { return false }
        if let vcenter = inventory.vcenter(host.vcenter), !vcenter.discovered || vcenter.account == .readOnly { return false }
        return true
    }

    /// RP401–RP406: the volume exists and would be listed as a retention drive.
    static func isEligibleRetention(_ path: String, on target: MasterTarget) -> Bool {
        guard let volume = target.volume(at: path) else { return false }
        return !volume.isFAT && volume.capacityGB > 0 && !volume.locked && !volume.cache
            && volume.purpose != .replicationTarget
    }

    // MARK: Units

    mutating func placeAll() {
        reportSplitGroups()
        // Explicit choices count against the disk limit before auto ones are
        // made. One pass over the steps collects that, the replication
        // groups' members and the steps to place, rather than three.
        let machines = inventory.machines
        var membersByGroup: [String: [Int]] = [:]
        var autoSteps: [Int] = []
        for (index, step) in plan.steps.enumerated() {
            guard case let .reprotect(r) = step.action, machineOfStep[index] >= 0 else { continue }
            let machine = Int(machineOfStep[index])
            if let name = r.masterTarget, let target = inventory.masterTargetIndex[name] {
                disks[target] += machines[machine].disks
                placedMachines[target] += 1
            }
            guard r.architecture == .classic else {
                agentSteps.append(index)
                continue
            }
            if let group = machines[machine].replicationGroup { membersByGroup[group, default: []].append(index) }
            if r.masterTarget == nil { autoSteps.append(index) }
        }
        var placedGroups = Set<String>()
        for index in autoSteps {
            if let group = machines[Int(machineOfStep[index])].replicationGroup {
                if placedGroups.insert(group).inserted { placeReplicationGroup(group, members: membersByGroup[group] ?? []) }
            } else {
                placeUnit([index], pinned: nil, replicationGroup: nil)
            }
        }
    }

    /// `all`: the group's reprotect steps in the plan, in plan order.
    mutating func placeReplicationGroup(_ group: String, members all: [Int]) {
        let auto = all.filter { chosen[$0] == nil }
        let pinned = all.first { chosen[$0] != nil }.flatMap { chosen[$0] }
        placeUnit(auto, pinned: pinned, replicationGroup: group)
    }

    /// RP701 for master targets the plan names: every member of a
    /// replication group on the same one.
    mutating func reportSplitGroups() {
        diagnostics += SplitGroupCheck.diagnostics(plan, replicationGroupOfStep: { inventory.replicationGroup(ofMachineAt: machineOfStep[$0]) }) { index in
            if case let .reprotect(r) = plan.steps[index].action { r.masterTarget } else { nil }
        }
    }

    // MARK: Choosing

    struct CandidateKey: Hashable {
        var os: OSFamily
        var retention: String?
        var datastore: String?
        var vmDatastores: [String]?
    }

    /// Candidates for one kind of request, and, when there are none, the
    /// first test that ruled them all out.
    struct Candidates {
        var targets: [Int]
        var failure: (code: DiagnosticCode, reason: String)?
    }

    mutating func candidates(for machine: Int, _ r: ReprotectAction) -> Candidates {
        let vm = inventory.machines[machine].onpremVM
        let key = CandidateKey(os: inventory.machines[machine].os, retention: r.retention, datastore: r.datastore,
                               vmDatastores: vm.exists ? vm.datastores : nil)
        if let cached = candidateCache[key] { return cached }
        let result = computeCandidates(key)
        candidateCache[key] = result
        return result
    }

    func computeCandidates(_ key: CandidateKey) -> Candidates {
        let os = key.os.rawValue.capitalized
        var targets = healthyByOS[key.os] ?? []
        if targets.isEmpty {
            return Candidates(targets: [], failure: (.RP206, "no usable on-premises \(os) master target"))
        }
        let targetsOfInventory = inventory.masterTargets
        targets = targets.filter { index in
            let target = targetsOfInventory[index]
            return Placer.isEligibleRetention(key.retention ?? target.defaultRetentionPath, on: target)
        }
        if targets.isEmpty {
            let volume = key.retention.map { "'\($0)'" } ?? "at its OS default path"
            return Candidates(targets: [], failure: (.RP401, "no \(os) master target has an eligible retention volume \(volume)"))
        }
        if let datastore = key.datastore {
            let hosts = mountedOn[datastore] ?? []
            targets = targets.filter { hosts.contains(hostIndexOfTarget[$0]) }
            if targets.isEmpty {
                return Candidates(targets: [], failure: (.RP310, "datastore '\(datastore)' is not attached to the host of any \(os) master target"))
            }
        }
        if let vmDatastores = key.vmDatastores, !vmDatastores.isEmpty {
            let sets = vmDatastores.map { mountedReadWriteOn[$0] ?? [] }
            targets = targets.filter { index in sets.allSatisfy { $0.contains(hostIndexOfTarget[index]) } }
            if targets.isEmpty {
                return Candidates(targets: [], failure: (.RP209, "the on-prem VM's datastores (\(vmDatastores.joined(separator: ", "))) are not mounted read/write on the host of any \(os) master target"))
            }
        }
        return Candidates(targets: targets, failure: nil)
    }

    /// Places `steps` (auto reprotects; one machine, or the auto members of a
    /// replication group) together on the least loaded master target that
    /// fits every one of them, or on `pinned` when members already named one.
    mutating func placeUnit(_ steps: [Int], pinned: String?, replicationGroup: String?) {
        guard !steps.isEmpty else { return }
        let machines = inventory.machines
        var requests: [(step: Int, machine: Int, action: ReprotectAction)] = []
        for index in steps {
            guard case let .reprotect(r) = plan.steps[index].action, machineOfStep[index] >= 0 else { continue }
            requests.append((index, Int(machineOfStep[index]), r))
        }
        guard !requests.isEmpty else { return }
        let unitDisks = requests.reduce(0) { $0 + machines[$1.machine].disks }
        let firstName = machines[requests[0].machine].name

        // Each member on its own: the first test that rules out every master target.
        var sets: [Candidates] = []
        for request in requests {
            let candidates = candidates(for: request.machine, request.action)
            if let failure = candidates.failure {
                report(failure.code, "no master target fits '\(machines[request.machine].name)': \(failure.reason)", at: request.step,
                       help: ["name a master target instead of 'auto', or fix the inventory"])
                return
            }
            sets.append(candidates)
        }
        var common = sets[0].targets
        if sets.count > 1 {
            for other in sets.dropFirst() {
                let allowed = Set(other.targets)
                common = common.filter { allowed.contains($0) }
            }
        }
        if let pinned {
            guard let target = inventory.masterTargetIndex[pinned], common.contains(target) else {
                report(.RP701, "replication group '\(replicationGroup ?? "")' cannot be kept together: its members name master target '\(pinned)', which does not fit '\(firstName)'",
                       at: requests[0].step, help: ["name '\(pinned)' for every member, or a master target that fits them all"])
                return
            }
            commit(requests.map(\.step), to: target, disks: unitDisks)
            return
        }
        if common.isEmpty {
            report(.RP701, "replication group '\(replicationGroup ?? "")' cannot be kept together: no master target fits all of its members",
                   at: requests[0].step, help: ["one master target must serve the whole group (same OS, datastores, retention volume)"])
            return
        }
        let uuids = requests.flatMap { machines[$0.machine].diskUUIDs }
        if !uuids.isEmpty {
            common = common.filter { !clashes(uuids, with: inventory.masterTargets[$0].diskUUIDs) }
        }
        if common.isEmpty {
            report(.RP204, "no master target fits '\(firstName)': every candidate shares disk UUIDs with it (made from one template)",
                   at: requests[0].step, help: ["deploy a master target that was not created from the same template"])
            return
        }
        var best: Int?
        for target in common where disks[target] + unitDisks <= maxDisksPerMasterTarget {
            guard let current = best else { best = target; continue }
            if (disks[target], placedMachines[target]) < (disks[current], placedMachines[current]) { best = target }
        }
        guard let best else {
            let what = requests.count > 1 ? "replication group '\(replicationGroup ?? "")' (\(unitDisks) disks)" : "'\(firstName)' (\(unitDisks) disks)"
            report(replicationGroup == nil ? .RP311 : .RP701,
                   "no master target has room for \(what): each would exceed \(maxDisksPerMasterTarget) attached disks",
                   at: requests[0].step, help: ["add a master target, or reprotect fewer machines in this plan"])
            return
        }
        commit(requests.map(\.step), to: best, disks: unitDisks)
    }

    /// RP204: a disk UUID of the machines is also one of the master target's (both made from one template).
    func clashes(_ machineUUIDs: [String], with targetUUIDs: [String]) -> Bool {
        guard !targetUUIDs.isEmpty else { return false }
        if targetUUIDs.count * machineUUIDs.count <= 64 { return machineUUIDs.contains(where: targetUUIDs.contains) }
        let set = Set(targetUUIDs)
        return machineUUIDs.contains(where: set.contains)
    }

    mutating func commit(_ steps: [Int], to target: Int, disks unitDisks: Int) {
        let name = inventory.masterTargets[target].name
        for step in steps { chosen[step] = name }
        disks[target] += unitDisks
        placedMachines[target] += steps.count
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at step: Int, help: [String]) {
        diagnostics.append(Diagnostic(code, message, file: plan.file, span: plan.steps[step].span, help: help))
    }
}
