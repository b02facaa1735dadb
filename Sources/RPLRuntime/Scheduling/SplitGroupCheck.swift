import RPLCheck
import RPLInventory
import RPLSource

/// RP701 as a diagnostic on the plan's steps, from the checker's one rule
/// (`ReplicationGroupSplit`): the scheduler asks it about the master
/// targets the plan names, a run about the ones its steps will use.
enum SplitGroupCheck {
    /// `masterTargetOf`: the master target of the plan's step at that
    /// index, for reprotects that have one. `replicationGroupOfStep`: the
    /// replication group of the step's machine, asked first, by index: most
    /// machines have none, and the step is then not looked at further.
    static func diagnostics(_ plan: EvaluatedPlan, replicationGroupOfStep: (Int) -> String?,
                            masterTargetOf: (Int) -> String?) -> [Diagnostic] {
        var order: [String] = []
        var members: [String: [ReplicationGroupSplit.Member]] = [:]
        // By index: the step is read only when its machine has a group
        // (copying each of 50,000 steps cost 36 M instructions).
        for index in plan.steps.indices {
            guard let group = replicationGroupOfStep(index), case let .reprotect(r) = plan.steps[index].action,
                  let target = masterTargetOf(index) else { continue }
            if members[group] == nil { order.append(group) }
            members[group, default: []].append(ReplicationGroupSplit.Member(step: index, machine: r.machine, masterTarget: target))
        }
        return order.compactMap { group in
            guard let split = ReplicationGroupSplit.split(group: group, members: members[group]!) else { return nil }
            return Diagnostic(.RP701, split.message, file: plan.file, span: plan.steps[split.at.step].span,
                              secondary: split.related.map { Label(file: plan.file, span: plan.steps[$0.member.step].span, message: $0.message) },
                              help: [split.help])
        }
    }
}

extension Schedule {
    /// RP701 again, on the master targets the run will really use (the
    /// scheduler placed `using auto`): a run never starts with a split group.
    public func splitReplicationGroups(inventory: Inventory) -> [Diagnostic] {
        let targetOf = Dictionary(entries.map { ($0.id, $0.masterTarget) }, uniquingKeysWith: { first, _ in first })
        return SplitGroupCheck.diagnostics(plan, replicationGroupOfStep: { index in
            plan.steps[index].action.machine.flatMap { inventory.machine($0)?.replicationGroup }
        }, masterTargetOf: { index in targetOf[plan.steps[index].id] ?? nil })
    }
}
