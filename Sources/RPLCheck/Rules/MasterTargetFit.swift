import RPLInventory
import RPLSource

/// Whether one master target could serve a set of steps: every rule whose
/// finding depends on the master target, run as if each step named it.
/// RP701 suggests a master target for a split replication group only when
/// it passes here for every member: a suggestion that RP209 or RP206 then
/// rejects would send the reader from one error to the next.
enum MasterTargetFit {
    static func fits(_ target: MasterTarget, steps: [(index: Int, step: PlannedReprotect)], _ context: RuleContext) -> Bool {
        var findings = MasterTargetRules.masterTargetFacts(target, at: .reprotect(steps[0].index, .masterTarget), context)
        let hostKnown = context.host(of: target) != nil
        let slot = RecordSlot(Resolved.record(target))
        // One candidate master target, not numbered among the plan's: nothing to remember by ordinal.
        var mounts = MountMemo(masterTargets: 0)
        for (index, step) in steps {
            MachineRules.diskUUIDClash(step, index, slot, into: &findings)
            MachineRules.osMismatch(step, index, slot, context, into: &findings)
            MachineRules.datastorePlacement(step, index, slot, hostKnown: hostKnown, context, mounts: &mounts, ordinal: -1,
                                            into: &findings)
            if !step.machine.onpremVM.exists, hostKnown, let datastore = step.datastore.record {
                MasterTargetRules.datastoreAttached(datastore, step, index, target, context, into: &findings)
            }
            findings += RetentionRules.volumeFindings(target, path: step.retention ?? target.defaultRetentionPath,
                                                      given: step.retention != nil, at: .reprotect(index, .retention))
        }
        if findings.contains(where: { $0.severity == .error }) { return false }
        return attachedDisks(on: target, steps: steps, context) <= MasterTargetRules.maxAttachedDisks
    }

    /// The disks `target` would hold with these steps moved onto it: its
    /// own, the other steps of the plan that already use it, and these.
    static func attachedDisks(on target: MasterTarget, steps: [(index: Int, step: PlannedReprotect)], _ context: RuleContext) -> Int {
        let moved = Set(steps.map(\.step.machine.name))
        var total = target.attachedDisks
        for (_, step) in context.classicReprotects where !moved.contains(step.machine.name) {
            if step.masterTarget.record?.name == target.name { total += step.machine.disks }
        }
        return total + steps.reduce(0) { $0 + $1.step.machine.disks }
    }

    /// The first master target that fits every step: those the steps already
    /// name (in plan order), then the rest of the inventory's; nil when none does.
    static func firstFitting(named: [String], steps: [(index: Int, step: PlannedReprotect)], _ context: RuleContext) -> MasterTarget? {
        let named = named.compactMap { context.inventory.masterTarget($0) }
        let others = context.inventory.masterTargets.filter { target in !named.contains { $0.name == target.name } }
        return (named + others).first { fits($0, steps: steps, context) }
    }
}
