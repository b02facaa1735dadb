import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource
import RPLStore
import RPLSyntax
import Testing

/// A run keeps the order the plan shows. For generated plans (groups with
/// and without `after`, empty groups, the replication group `erp`, `wait`,
/// `manual`, failbacks of machines, of groups and of `all`), every run
/// through the simulator, with random durations, injected failures, resumes
/// and confirmations, starts no step before every predecessor the plan
/// gives it is done, and starts the failbacks of a replication group, or of
/// one `failback GROUP`, at one point in time.
///
/// The oracle reads the evaluated plan directly (its dependencies, its
/// groups' `after` lists, the inventory's replication groups): it shares no
/// code with the `StepGraph` the executor walks.
@Suite("Run order: every run follows the plan's graph")
struct RunOrderPropertyTests {
    static let plansToRun = 300

    @Test("generated plans, simulated with random durations and faults, keep every wait of the plan")
    func generatedPlansKeepThePlansOrder() throws {
        let inventory = try DemoInventory.load()
        var generator = PlanGenerator(seed: 0x5EED_0F_0DE5)
        var ran = 0
        var refused = 0
        var sawTogether = 0
        for index in 0..<(Self.plansToRun * 3) where ran < Self.plansToRun {
            let source = generator.plan(name: "generated\(index)")
            let file = SourceFile(name: "generated\(index).rpl", text: source)
            let checked = Checker.check(Parser.parse(file), inventory: inventory, options: CheckOptions())
            guard !checked.diagnostics.contains(where: { $0.severity == .error }), let plan = checked.plan,
                  !plan.steps.isEmpty else {
                refused += 1
                continue
            }
            let scheduled = Scheduler.schedule(plan, inventory: inventory)
            guard !scheduled.diagnostics.contains(where: { $0.severity == .error }) else {
                refused += 1
                continue
            }
            let oracle = PlanOrderOracle(plan: plan, inventory: inventory)
            sawTogether += oracle.startTogether.filter { $0.count > 1 }.count
            let record = try runToTheEnd(plan: plan, schedule: scheduled.schedule, random: &generator.random)
            oracle.verify(record, source: source)
            ran += 1
        }
        #expect(ran == Self.plansToRun, "only \(ran) of the generated plans checked clean (\(refused) refused)")
        // The generator must exercise what the property is about.
        #expect(sawTogether > Self.plansToRun / 4)
    }

    /// Runs, then resumes (confirming manual steps, retrying failed ones)
    /// until the run succeeds, recording every start and every completion.
    private func runToTheEnd(plan: EvaluatedPlan, schedule: Schedule, random: inout SplitMix) throws -> RunRecordOfOrder {
        let store = try makeExecStore()
        let steps = try ExecutableStep.steps(of: schedule)
        let journal = try Journal.createRun(in: store, plan: planRecord(plan.name), steps: steps)
        let recorder = RunRecordOfOrder()
        let providerSteps = steps.filter(\.needsProvider).map(\.id)
        var faults: [SimFault] = []
        for _ in 0..<Int(random.next() % 3) where !providerSteps.isEmpty {
            faults.append(.failStep(step: providerSteps[Int(random.next() % UInt64(providerSteps.count))]))
        }
        var result = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(seed: random.next(), faults: faults),
                                  journal: journal, observer: recorder).run()
        var invocations = 1
        while result.status != .succeeded {
            try #require(invocations < 40, "the run does not end: \(result)")
            let claim = try Journal.claimRun(journal.runID, in: store, confirming: result.waiting)
            for step in result.waiting { recorder.confirmed(step) }
            recorder.nextInvocation()
            result = try Executor(runID: claim.journal.runID, steps: claim.steps, provider: SimProvider(seed: random.next()),
                                  journal: claim.journal, observer: recorder).run()
            invocations += 1
        }
        #expect(result.steps.values.allSatisfy { $0 == .done })
        return recorder
    }
}

/// Every start and completion of one run, across its invocations, on one
/// sequence (a simulated clock restarts at each `rpl resume`).
final class RunRecordOfOrder: ExecutionObserver {
    private(set) var sequence = 0
    private(set) var invocation = 0
    /// First start of each step: (sequence, invocation, clock).
    private(set) var firstStart: [String: (sequence: Int, invocation: Int, clock: Double)] = [:]
    /// When each step was done.
    private(set) var done: [String: Int] = [:]

    func executor(_ update: ExecutionUpdate) {
        switch update {
        case let .stepStarted(step, _, clock), let .stepWaiting(step, clock):
            sequence += 1
            if firstStart[step.id] == nil { firstStart[step.id] = (sequence, invocation, clock) }
        case let .stepFinished(step, status, _, _) where status == .done:
            sequence += 1
            done[step.id] = sequence
        case .stepFinished, .event, .tick:
            break
        }
    }

    func confirmed(_ step: String) {
        sequence += 1
        done[step] = sequence
    }

    func nextInvocation() { invocation += 1 }
}

/// What the plan says must come before what, read from the evaluated plan.
struct PlanOrderOracle {
    let plan: EvaluatedPlan
    /// Per step id: every step that must be done before it starts.
    let predecessors: [String: Set<String>]
    /// Failbacks that must start at one point in time.
    let startTogether: [[String]]

    init(plan: EvaluatedPlan, inventory: Inventory) {
        self.plan = plan
        var stepsOfGroup: [String: [String]] = [:]
        for step in plan.steps { if let group = step.group { stepsOfGroup[group, default: []].append(step.id) } }
        var afterOf: [String: [String]] = [:]
        for group in plan.groups { afterOf[group.name] = group.after }
        // Every group a group waits for, directly or through others (empty ones too).
        func groupsBefore(_ group: String) -> Set<String> {
            var seen = Set<String>()
            var queue = afterOf[group] ?? []
            while let next = queue.popLast() {
                guard seen.insert(next).inserted else { continue }
                queue += afterOf[next] ?? []
            }
            return seen
        }
        let replicationGroupOf = { (machine: String) in inventory.machine(machine)?.replicationGroup }
        var reprotectsOfReplicationGroup: [String: [String]] = [:]
        for step in plan.steps {
            if case let .reprotect(r) = step.action, let group = replicationGroupOf(r.machine) {
                reprotectsOfReplicationGroup[group, default: []].append(step.id)
            }
        }
        var reprotectOfMachine: [String: String] = [:]
        for step in plan.steps { if case let .reprotect(r) = step.action, reprotectOfMachine[r.machine] == nil { reprotectOfMachine[r.machine] = step.id } }

        var predecessors: [String: Set<String>] = [:]
        // Failbacks joined by a reason to start together, as labelled sets to merge.
        var labels: [String: Set<String>] = [:]
        for step in plan.steps {
            var before = Set(step.dependsOn)
            if let group = step.group {
                for earlier in groupsBefore(group) { before.formUnion(stepsOfGroup[earlier] ?? []) }
            }
            if case let .failback(machine, _) = step.action {
                if let replication = replicationGroupOf(machine) {
                    before.formUnion(reprotectsOfReplicationGroup[replication] ?? [])
                    labels["replication \(replication)", default: []].insert(step.id)
                }
                if let group = step.failsBackWithGroup {
                    labels["group \(group)", default: []].insert(step.id)
                    for member in plan.steps where member.failsBackWithGroup == group {
                        if case let .failback(other, _) = member.action, let reprotect = reprotectOfMachine[other] { before.insert(reprotect) }
                    }
                }
            }
            before.remove(step.id)
            predecessors[step.id] = before
        }
        self.predecessors = predecessors
        // Sets that share a failback are one set.
        var merged: [Set<String>] = []
        for set in labels.values {
            var joined = set
            merged.removeAll { other in
                guard !other.isDisjoint(with: joined) else { return false }
                joined.formUnion(other)
                return true
            }
            merged.append(joined)
        }
        startTogether = merged.map { $0.sorted() }
    }

    func verify(_ record: RunRecordOfOrder, source: String) {
        for step in plan.steps {
            guard let start = record.firstStart[step.id] else {
                Issue.record("\(step.id) never started\n\(source)")
                continue
            }
            for before in predecessors[step.id] ?? [] {
                guard let done = record.done[before], done < start.sequence else {
                    Issue.record("\(step.id) started before \(before) was done\n\(source)")
                    continue
                }
            }
        }
        for set in startTogether where set.count > 1 {
            let starts = set.compactMap { record.firstStart[$0] }
            let first = starts.first!
            if !starts.allSatisfy({ $0.invocation == first.invocation && $0.clock == first.clock }) {
                Issue.record("\(set) did not start at one point in time: \(starts.map { ($0.invocation, $0.clock) })\n\(source)")
            }
        }
    }
}

/// Plans over the demo inventory: mostly valid, with every kind of wait.
struct PlanGenerator {
    var random: SplitMix

    init(seed: UInt64) { random = SplitMix(seed: seed) }

    private mutating func roll(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
    private mutating func chance(_ percent: Int) -> Bool { roll(100) < percent }

    mutating func plan(name: String) -> String {
        let linux = ["web", "api"]
        let windows = ["sql01", "fs01"]
        var machines: [String] = []
        for machine in linux + windows where chance(70) { machines.append(machine) }
        let withERP = chance(60)
        let groupCount = 1 + roll(4)
        let groups = (0..<groupCount).map { "g\($0)" }
        var groupOf: [String: String] = [:]
        for machine in machines { groupOf[machine] = groups[roll(groupCount)] }
        if withERP {
            // A replication group is reprotected through one master target, in a recovery plan;
            // its members may sit in different plan groups.
            let erpGroup = groups[roll(groupCount)]
            groupOf["erp-app"] = chance(70) ? erpGroup : groups[roll(groupCount)]
            groupOf["erp-db"] = erpGroup
            machines += ["erp-app", "erp-db"]
        }
        let erpTarget = chance(50) ? "mt1" : "mt2"
        var targetOf: [String: String] = [:]
        for machine in machines {
            targetOf[machine] = machine.hasPrefix("erp") ? erpTarget : windows.contains(machine) ? "mt-win" : (chance(50) ? "mt1" : "mt2")
        }
        var lines = ["plan \(name) version 1 <"]
        var failedBack = Set<String>()
        for (index, group) in groups.enumerated() {
            var header = "  group \(group)"
            if index > 0, chance(40) {
                var earlier: [String] = []
                for group in groups[..<index] where chance(50) { earlier.append(group) }
                if !earlier.isEmpty { header += " after " + earlier.joined(separator: ", ") }
            }
            lines.append(header + " <")
            for machine in machines where groupOf[machine] == group {
                lines.append("    reprotect \(machine) using \(targetOf[machine]!) ps-azure datastore ds1")
                if chance(15) { lines.append("    wait \(1 + roll(30))m") }
                if chance(10) { lines.append("    manual \"check-\(machine)\" \"look at \(machine)\"") }
                if chance(15), !machine.hasPrefix("erp") {
                    lines.append("    failback \(machine)")
                    failedBack.insert(machine)
                }
            }
            lines.append("  >")
            if chance(20) { lines.append("  wait \(1 + roll(20))m") }
        }
        // Failbacks at plan level: by group, by machine, or all at the end.
        if chance(25) {
            lines.append("  failback all")
        } else {
            for group in groups where chance(50) {
                let members = machines.filter { groupOf[$0] == group && !failedBack.contains($0) }
                guard !members.isEmpty else { continue }
                lines.append("  failback \(group)")
                failedBack.formUnion(members)
            }
            for machine in machines.shuffled(using: &random) where !failedBack.contains(machine) && chance(70) {
                lines.append("  failback \(machine)")
                failedBack.insert(machine)
                if chance(10) { lines.append("  manual \"after-\(machine)\" \"check \(machine)\"") }
            }
        }
        lines.append(">")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A seedable generator, so a failure reproduces.
typealias SplitMix = SplitMix64
