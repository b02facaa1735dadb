import Foundation
import RPLInventory
import RPLSource

/// Every prerequisite and common issue of docs/codes.md, applied to a plan's
/// resolved steps. One file per concern; each returns findings that point
/// at the argument at fault. Names left `.unresolved` were already reported
/// (RP101/RP102), so rules about them stay quiet; a master target left
/// `.auto` is the scheduler's to choose and check.
public enum Prerequisites {
    public static func check(_ facts: PlanFacts, inventory: Inventory, now: Date) -> [Finding] {
        let context = RuleContext(facts: facts, inventory: inventory, now: now)
        let families: [@Sendable (RuleContext) -> [Finding]] = [
            PlanRules.check, EstateRules.check, MachineRules.check, MasterTargetRules.check, RetentionRules.check,
            ArchitectureRules.check,
        ]
        // The families read the same immutable context and share nothing
        // else, so they run side by side on the machine's cores.
        return Concurrently.map(families.count) { families[$0](context) }.flatMap { $0 }
    }
}

/// What several rule files need, computed once per plan.
struct RuleContext {
    let facts: PlanFacts
    let inventory: Inventory
    let now: Date

    /// Per machine number (`machineNumbers`): its first reprotect, -1 for
    /// none. Later ones are RP105 and otherwise left alone, so one machine's
    /// facts are reported once.
    private let firstReprotectOfMachine: [Int]
    private let machineNumbers: RecordNumbering
    /// Master target name → the first reprotect of a classic machine that
    /// uses it (RP301–RP309 are reported there, once per master target).
    let firstUse: [String: Int]
    /// Positions of the reprotects that are a machine's first, computed once.
    let distinctIndices: [Int]
    /// Those of `distinctIndices` whose machine is classic: the master-target,
    /// retention and configuration-server rules mean nothing to a modernized
    /// machine (it is RP909 when one is sent through a master target).
    let classicIndices: [Int]
    /// Whether any step is about a classic machine: the configuration server
    /// is needed only then (RP504).
    let hasClassicMachine: Bool
    /// Per reprotect: the position of its machine's first reprotect.
    let firstReprotectOfStep: [Int]
    /// Per reprotect: its master target as a small number (`RecordNumbering`),
    /// or -1 when the step has no master target record. The per-step rules
    /// key their tables with it: a name's hash per step and rule was ~100 M
    /// instructions on a 50k plan.
    let masterTargetOrdinal: [Int]
    /// Per master target ordinal: whether the inventory has its ESXi host.
    private let masterTargetHostKnown: [Bool]

    init(facts: PlanFacts, inventory: Inventory, now: Date) {
        self.facts = facts
        self.inventory = inventory
        self.now = now
        let count = facts.reprotects.count
        let machines = inventory.machines
        let masterTargets = inventory.masterTargets
        // By position when every step reads its records from the inventory's arrays (every step the evaluator builds).
        var machineNumbers = facts.reprotects.allSatisfy { $0.machinePosition(in: machines) != nil }
            ? RecordNumbering(positionsIndexedBy: inventory.machineIndex, count: machines.count) : RecordNumbering()
        var targetNumbers = facts.reprotects.allSatisfy { !$0.masterTargetSlot.hasRecord || $0.masterTargetSlot.position(in: masterTargets) != nil }
            ? RecordNumbering(positionsIndexedBy: inventory.masterTargetIndex, count: masterTargets.count) : RecordNumbering()
        var firstOfMachine = [Int](repeating: -1, count: machineNumbers.count)
        var firstReprotectOfStep: [Int] = []
        firstReprotectOfStep.reserveCapacity(count)
        var distinct: [Int] = []
        distinct.reserveCapacity(count)
        var classic: [Int] = []
        var ordinals = [Int](repeating: -1, count: count)
        var firstClassicUse = [Int](repeating: -1, count: targetNumbers.count)
        var hostKnown = [Bool?](repeating: nil, count: targetNumbers.count)
        var firstUse: [String: Int] = [:]
        for (index, step) in facts.reprotects.enumerated() {
            let machine = machineNumbers.number(position: step.machinePosition(in: machines)) { step.machine.name }
            if machine == firstOfMachine.count { firstOfMachine.append(-1) }
            let isClassic = step.machine.architecture == .classic
            let earlier = firstOfMachine[machine]
            if earlier >= 0 {
                firstReprotectOfStep.append(earlier)
            } else {
                firstOfMachine[machine] = index
                firstReprotectOfStep.append(index)
                distinct.append(index)
                if isClassic { classic.append(index) }
            }
            let target = step.masterTargetSlot
            guard target.hasRecord else { continue }
            let ordinal = targetNumbers.number(position: target.position(in: masterTargets)) { target.record.name }
            if ordinal == hostKnown.count {
                hostKnown.append(nil)
                firstClassicUse.append(-1)
            }
            if hostKnown[ordinal] == nil { hostKnown[ordinal] = inventory.hostIndex[target.record.host] != nil }
            ordinals[index] = ordinal
            if isClassic, firstClassicUse[ordinal] < 0 {
                firstClassicUse[ordinal] = index
                firstUse[target.record.name] = index
            }
        }
        self.machineNumbers = machineNumbers
        self.firstReprotectOfMachine = firstOfMachine
        self.firstReprotectOfStep = firstReprotectOfStep
        self.firstUse = firstUse
        self.distinctIndices = distinct
        self.classicIndices = classic
        self.masterTargetOrdinal = ordinals
        self.masterTargetHostKnown = hostKnown.map { $0 ?? false }
        self.hasClassicMachine = classic.count > 0 || facts.failbacks.contains { $0.machine.architecture == .classic }
    }

    /// The first reprotect of the machine named `name`, when the plan reprotects it.
    func firstReprotect(ofMachineNamed name: String) -> Int? {
        guard let number = machineNumbers.number(ofName: name), firstReprotectOfMachine[number] >= 0 else { return nil }
        return firstReprotectOfMachine[number]
    }

    /// How many master targets the plan names (ordinals run from 0 to this).
    var masterTargetCount: Int { masterTargetHostKnown.count }

    /// Whether the inventory has the ESXi host of the step's master target
    /// (false when the step has no master target record).
    func isHostKnown(ofStep index: Int) -> Bool {
        let ordinal = masterTargetOrdinal[index]
        return ordinal >= 0 && masterTargetHostKnown[ordinal]
    }

    /// Reprotect steps that are a machine's first (the others are RP105).
    /// Lazy, so the rule files that walk it do not copy every step into a new array.
    var distinctReprotects: LazyMapSequence<[Int], (index: Int, step: PlannedReprotect)> {
        distinctIndices.lazy.map { [facts] index in (index, facts.reprotects[index]) }
    }

    /// The classic machines' first reprotects: what the classic-only rules walk.
    var classicReprotects: LazyMapSequence<[Int], (index: Int, step: PlannedReprotect)> {
        classicIndices.lazy.map { [facts] index in (index, facts.reprotects[index]) }
    }

    /// The plan's first step: where facts about the whole estate are reported.
    var firstStep: Subject? {
        if !facts.reprotects.isEmpty { return .reprotect(0, .statement) }
        if !facts.failbacks.isEmpty { return .failback(0) }
        return nil
    }

    /// Whether the machine is reprotected by a step that comes before this failback.
    func isReprotectedEarlier(_ failback: PlannedFailback) -> Bool {
        guard let first = firstReprotect(ofMachineNamed: failback.machine.name) else { return false }
        return first < (failback.reprotectsBefore ?? facts.reprotects.count)
    }

    /// Failbacks where a fact about their machine is reported: the first
    /// failback of each machine the plan does not reprotect (a reprotected
    /// machine's facts are reported on its reprotect).
    var failbacksOfMachinesNotReprotected: [(index: Int, failback: PlannedFailback)] {
        var seen: Set<String> = []
        return facts.failbacks.enumerated().filter { _, failback in
            firstReprotect(ofMachineNamed: failback.machine.name) == nil && seen.insert(failback.machine.name).inserted
        }.map { ($0.offset, $0.element) }
    }

    /// Master targets in the order the plan first uses them, each with that first step.
    var masterTargetsByFirstUse: [(target: MasterTarget, index: Int)] {
        firstUse.sorted { $0.value < $1.value }.compactMap { name, index in inventory.masterTarget(name).map { ($0, index) } }
    }

    func host(of target: MasterTarget) -> ESXiHost? { inventory.host(target.host) }

    func vcenter(of target: MasterTarget) -> VCenter? { host(of: target).flatMap { inventory.vcenter($0.vcenter) } }
}

/// Names in messages: 'web', 'a', 'b' and 'c'.
func quoted(_ name: String) -> String { "'\(name)'" }

func quotedList(_ names: [String]) -> String {
    let items = names.map(quoted)
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
    "\(count) " + (count == 1 ? singular : (pluralForm ?? singular + "s"))
}

extension OSFamily {
    var displayName: String { self == .windows ? "Windows" : "Linux" }
}
