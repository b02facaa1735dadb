import Foundation
import RPLInventory
import RPLSource

/// RP105, RP701–RP705 and RP708 (with the failback side of RP201): how the
/// plan's steps fit together. Replication groups are facts of the inventory;
/// the reprotect guide: "A replication group can only be reprotected by using a
/// recovery plan", with values for every member, through one master target.
enum PlanRules {
    static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (index, step) in context.facts.reprotects.enumerated() {
            let first = context.firstReprotectOfStep[index]
            if first != index {
                findings.append(Finding(.RP105, "machine \(quoted(step.machine.name)) is reprotected more than once in this plan",
                                        at: .reprotect(index, .machine),
                                        related: [(.reprotect(first, .machine), "first reprotected here")],
                                        help: ["keep one reprotect of \(quoted(step.machine.name))"]))
            }
            if step.datastoreSlot.isAuto {
                findings.append(Finding(.RP705, "the reprotect of \(quoted(step.machine.name)) has no datastore value",
                                        at: .reprotect(index, .statement),
                                        help: ["add `datastore NAME`: it is ignored when the on-prem disks already exist, but you still need to specify a value"]))
            }
        }
        for group in replicationGroups(context) {
            findings += replicationGroup(group.name, steps: group.steps, context)
        }
        for (index, failback) in context.facts.failbacks.enumerated() {
            findings += failbackState(failback, index, context)
        }
        return findings
    }

    /// Replication groups with a member in the plan, in order of first appearance.
    static func replicationGroups(_ context: RuleContext) -> [(name: String, steps: [(index: Int, step: PlannedReprotect)])] {
        var order: [String] = []
        var steps: [String: [(index: Int, step: PlannedReprotect)]] = [:]
        for (index, step) in context.distinctReprotects {
            guard let group = step.machine.replicationGroup else { continue }
            if steps[group] == nil { order.append(group) }
            steps[group, default: []].append((index, step))
        }
        return order.map { ($0, steps[$0]!) }
    }

    static func replicationGroup(_ group: String, steps: [(index: Int, step: PlannedReprotect)], _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        // The members' names and OSes read in place: `members(ofReplicationGroup:)`
        // copies each whole Machine (~20 M instructions over a 50k plan's 1,000 groups).
        let machines = context.inventory.machines
        let positions = context.inventory.replicationGroupIndex[group] ?? []
        let memberNames = positions.map { machines[$0].name }
        let inPlan = Set(steps.map(\.step.machine.name))
        let first = steps[0]
        let name = quoted(group)

        // RP704: an inventory fact, so it is said once, where the group first appears.
        let linux = positions.filter { machines[$0].os == .linux }.map { machines[$0].name }
        let windows = positions.filter { machines[$0].os == .windows }.map { machines[$0].name }
        let mixed = !linux.isEmpty && !windows.isEmpty
        if mixed {
            findings.append(Finding(.RP704, "replication group \(name) mixes Windows and Linux machines: \(quotedList(windows)) (Windows) and \(quotedList(linux)) (Linux)",
                                    at: .reprotect(first.index, .machine),
                                    help: ["one master target serves one OS, and a replication group needs one master target: put the Windows and the Linux machines in separate replication groups"]))
        }

        if !context.facts.isRecoveryPlan {
            for (index, step) in steps {
                let others = memberNames.filter { $0 != step.machine.name }
                findings.append(Finding(.RP703, "\(quoted(step.machine.name)) is a member of replication group \(name), which can only be reprotected through a recovery plan",
                                        at: .reprotect(index, .machine),
                                        help: ["reprotect \(quoted(step.machine.name)) in a plan together with \(others.isEmpty ? "the other members" : quotedList(others)), with values for every member"]))
            }
        } else {
            let missing = memberNames.filter { !inPlan.contains($0) }
            if !missing.isEmpty {
                findings.append(Finding(.RP702, "replication group \(name) is only partly in this plan: \(inPlan.count) of its \(memberNames.count) members are reprotected",
                                        at: .reprotect(first.index, .machine),
                                        help: ["add a reprotect for \(quotedList(missing)): a replication group needs values for every member"]))
            }
        }

        // RP701: when the group mixes OSes, RP704 already says why one master target cannot serve it.
        let chosen = steps.compactMap { entry in
            let target = entry.step.masterTargetSlot
            return target.hasRecord
                ? ReplicationGroupSplit.Member(step: entry.index, machine: entry.step.machine.name, masterTarget: target.record.name) : nil
        }
        guard !mixed, let split = ReplicationGroupSplit.split(group: group, members: chosen) else { return findings }
        findings.append(Finding(.RP701, split.message, at: .reprotect(split.at.step, .masterTarget),
                                related: split.related.map { (.reprotect($0.member.step, .masterTarget), $0.message) },
                                help: [splitHelp(name, targets: split.targets, steps: steps, context)]))
        return findings
    }

    /// Names a master target only when it passes every other rule for every member.
    static func splitHelp(_ name: String, targets: [String], steps: [(index: Int, step: PlannedReprotect)],
                          _ context: RuleContext) -> String {
        let help = "reprotect every member of \(name) through the same master target"
        guard let fitting = MasterTargetFit.firstFitting(named: targets, steps: steps, context) else {
            return help + ": none of the inventory's master targets passes the other rules for all of them"
        }
        return help + ", e.g. \(quoted(fitting.name))"
    }

    /// A failback needs the machine reprotected, by the inventory or by this plan.
    /// A failed-over machine the plan never reprotects first is a plan
    /// mistake (RP708); any other state is the machine's (RP201).
    static func failbackState(_ failback: PlannedFailback, _ index: Int, _ context: RuleContext) -> [Finding] {
        let machine = failback.machine
        if machine.state == .reprotected || context.isReprotectedEarlier(failback) || failback.reprotectedThroughAgentEarlier { return [] }
        if machine.state == .failedOver {
            var help = "reprotect \(quoted(machine.name)) earlier in the plan: `reprotect \(machine.name) using MASTER-TARGET PROCESS-SERVER datastore DATASTORE`"
            var related: [(subject: Subject, message: String)] = []
            if let later = context.firstReprotect(ofMachineNamed: machine.name) {
                help = "move the failback of \(quoted(machine.name)) after its reprotect"
                related = [(.reprotect(later, .machine), "reprotected only after the failback")]
            }
            return [Finding(.RP708, "failback of \(quoted(machine.name)), which is failed-over and not reprotected earlier in this plan",
                            at: .failback(index), related: related, help: [help])]
        }
        let help: String
        switch machine.state {
        case .reprotecting: help = "wait until the reprotect of \(quoted(machine.name)) has finished and it is reprotected"
        case .protected: help = "\(quoted(machine.name)) is still on-premises (protected to Azure): there is nothing to fail back"
        case .failingBack, .failedBack, .committed, .protecting: help = "\(quoted(machine.name)) is already failing back or back on-premises"
        case .failedOver, .reprotected: help = ""
        }
        return [Finding(.RP201, "machine \(quoted(machine.name)) is \(machine.state.rawValue), not reprotected, so it cannot be failed back",
                        at: .failback(index), help: [help])]
    }

}
