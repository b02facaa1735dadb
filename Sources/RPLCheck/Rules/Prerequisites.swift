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
        let results = ConcurrentSlots<[Finding]>(count: families.count, initial: [])
        DispatchQueue.concurrentPerform(iterations: families.count) { index in
            results[index] = families[index](context)
        }
        return results.values.flatMap { $0 }
    }
}

/// One slot per concurrent task, each written by exactly one task: no two
/// tasks touch the same element, and the caller reads after they all end.
final class ConcurrentSlots<Value>: @unchecked Sendable {
    private(set) var values: [Value]

    init(count: Int, initial: Value) { values = Array(repeating: initial, count: count) }

    subscript(index: Int) -> Value {
        get { values[index] }
        set { values.withUnsafeMutableBufferPointer { $0[index] = newValue } }
    }
}

/// What several rule files need, computed once per plan.
struct RuleContext {
    let facts: PlanFacts
    let inventory: Inventory
    let now: Date

    /// Machine name → its first reprotect; later ones are RP105 and
    /// otherwise left alone, so one machine's facts are reported once.
    let firstReprotect: [String: Int]
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

    init(facts: PlanFacts, inventory: Inventory, now: Date) {
        self.facts = facts
        self.inventory = inventory
        self.now = now
        var firstReprotect: [String: Int] = [:]
        firstReprotect.reserveCapacity(facts.reprotects.count)
        var firstUse: [String: Int] = [:]
        var distinct: [Int] = []
        distinct.reserveCapacity(facts.reprotects.count)
        var classic: [Int] = []
        for (index, step) in facts.reprotects.enumerated() {
            // One hash in the common case: a machine's first reprotect.
            let isClassic = step.machine.architecture == .classic
            if let earlier = firstReprotect.updateValue(index, forKey: step.machine.name) {
                firstReprotect[step.machine.name] = earlier
            } else {
                distinct.append(index)
                if isClassic { classic.append(index) }
            }
            if isClassic, case let .record(target) = step.masterTarget, firstUse[target.name] == nil { firstUse[target.name] = index }
        }
        self.firstReprotect = firstReprotect
        self.firstUse = firstUse
        self.distinctIndices = distinct
        self.classicIndices = classic
        self.hasClassicMachine = classic.count > 0 || facts.failbacks.contains { $0.machine.architecture == .classic }
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
        guard let first = firstReprotect[failback.machine.name] else { return false }
        return first < (failback.reprotectsBefore ?? facts.reprotects.count)
    }

    /// Where a fact about one machine is reported: its reprotect if the plan
    /// has one, otherwise its first failback.
    func forEachMachineSubject(_ body: (Machine, Subject) -> Void) {
        for (index, step) in distinctReprotects { body(step.machine, .reprotect(index, .machine)) }
        var seen: Set<String> = []
        for (index, failback) in facts.failbacks.enumerated()
        where firstReprotect[failback.machine.name] == nil && seen.insert(failback.machine.name).inserted {
            body(failback.machine, .failback(index))
        }
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
