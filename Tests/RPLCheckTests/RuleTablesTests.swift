import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// The rules read records in place (`RecordSlot`) and key their per-step
/// tables by master target ordinal (`RuleContext`) rather than by name: these
/// tests hold those tables to the records and names they stand for, over
/// many generated plans.
@Suite struct RuleTablesTests {
    static let retentions: [String?] = [nil, "R:", "r:\\", "S:", "T:", "/mnt/retention", "/mnt/retention/", "/mnt/other"]

    /// The baseline estate, plus a master target on a host the inventory
    /// lacks and a broken Windows volume, so that every table has both answers.
    static func estate() -> Estate {
        var estate = Estate.baseline()
        estate.add { records in
            records.masterTargets.append(MasterTarget(name: "mt-lost", os: .linux, host: "esx-gone", diskUUIDs: [], attachedDisks: 1,
                                                      volumes: [Volume(path: "/mnt/retention", filesystem: nil, capacityGB: 0)]))
        }
        estate.masterTarget("mt-win") { target in
            target.volumes[target.volumes.firstIndex { $0.path == "S:" }!].locked = true
        }
        return estate
    }

    /// A plan of `count` random reprotects over the estate's machines and
    /// master targets (repeats, `auto` and unknown names included).
    static func randomPlan(_ estate: Estate, count: Int, _ random: inout SplitMix64) -> Estate {
        var plan = estate
        let machines = estate.inventory.machines.map(\.name)
        let targets = estate.inventory.masterTargets.map(\.name) + ["auto", "mt-typo"]
        plan.reprotects = (0 ..< count).map { _ in
            Estate.Step(machine: machines[random.next(machines.count)], masterTarget: targets[random.next(targets.count)],
                        retention: retentions[random.next(retentions.count)])
        }
        plan.failbacks = []
        return plan
    }

    @Test func perStepTablesAgreeWithTheRecordsTheyStandFor() {
        var random = SplitMix64(seed: 15)
        let estate = Self.estate()
        for _ in 0 ..< 200 {
            let plan = Self.randomPlan(estate, count: 1 + random.next(12), &random)
            let facts = plan.facts
            let context = RuleContext(facts: facts, inventory: plan.inventory, now: Estate.now)
            for (index, step) in facts.reprotects.enumerated() {
                let target = step.masterTarget.record
                #expect(context.isHostKnown(ofStep: index) == (target.map { plan.inventory.host($0.host) != nil } ?? false))
                #expect((context.masterTargetOrdinal[index] >= 0) == (target != nil))
                let first = facts.reprotects.firstIndex { $0.machine.name == step.machine.name }!
                #expect(context.firstReprotectOfStep[index] == first)
                for (other, otherStep) in facts.reprotects.enumerated() {
                    guard let target, let otherTarget = otherStep.masterTarget.record else { continue }
                    #expect((context.masterTargetOrdinal[index] == context.masterTargetOrdinal[other]) == (target.name == otherTarget.name))
                }
            }
        }
    }

    /// The retention rule resolves each (master target, retention as written)
    /// once; reporting each volume key once over every step must say the same.
    @Test func retentionFindingsAreThoseOfEveryStepsVolume() {
        var random = SplitMix64(seed: 401)
        let estate = Self.estate()
        for _ in 0 ..< 200 {
            let plan = Self.randomPlan(estate, count: 1 + random.next(16), &random)
            let context = RuleContext(facts: plan.facts, inventory: plan.inventory, now: Estate.now)
            var expected: [Finding] = []
            var seen: Set<String> = []
            for (index, step) in context.classicReprotects {
                guard let target = step.masterTarget.record else { continue }
                let path = step.retention ?? target.defaultRetentionPath
                guard seen.insert(target.name + "\u{0}" + (target.volume(at: path)?.path ?? path)).inserted else { continue }
                expected += RetentionRules.volumeFindings(target, path: path, given: step.retention != nil, at: .reprotect(index, .retention))
            }
            let found = RetentionRules.check(context)
            #expect(found.map(\.summary) == expected.map(\.summary), "\(plan.reprotects)")
        }
    }

    /// RP209 and RP210 with the per-master-target memo of mounts must be
    /// those of each step asked on its own (no memo).
    @Test func datastorePlacementWithTheMountMemoIsThatOfEachStepAlone() {
        var random = SplitMix64(seed: 209)
        var estate = Self.estate()
        estate.machine("api") { $0.onpremVM.datastores = ["ds2"] }
        estate.machine("db01") { $0.onpremVM.datastores = ["ds-gone"] }
        estate.machine("db02") { $0.onpremVM.datastores = ["ds1", "ds2"] }
        estate.machine("sql01") { $0.onpremVM.exists = false }
        for _ in 0 ..< 200 {
            var plan = Self.randomPlan(estate, count: 1 + random.next(16), &random)
            for index in plan.reprotects.indices { plan.reprotects[index].datastore = ["ds1", "ds2", nil][random.next(3)] }
            let context = RuleContext(facts: plan.facts, inventory: plan.inventory, now: Estate.now)
            var expected: [Finding] = []
            for (index, step) in context.classicReprotects where step.masterTargetSlot.hasRecord {
                var alone = MountMemo(masterTargets: 0)
                MachineRules.datastorePlacement(step, index, step.masterTargetSlot, hostKnown: context.isHostKnown(ofStep: index), context,
                                                mounts: &alone, ordinal: -1, into: &expected)
            }
            let found = MachineRules.check(context).filter { $0.code == .RP209 || $0.code == .RP210 }
            #expect(found.map(\.summary) == expected.map(\.summary), "\(plan.reprotects)")
        }
    }

    @Test func recordSlotLendsTheRecordAtItsPosition() throws {
        let targets = Self.estate().inventory.masterTargets
        for position in targets.indices {
            let slot = RecordSlot(at: position, of: targets)
            #expect(slot.resolved.record == targets[position])
            #expect(slot.hasRecord && slot.record == targets[position])
            #expect(!slot.isAuto)
        }
        #expect(RecordSlot<MasterTarget>(.auto).isAuto)
        #expect(!RecordSlot<MasterTarget>(.auto).hasRecord && !RecordSlot<MasterTarget>(.unresolved).hasRecord)
        #expect(RecordSlot<MasterTarget>(.unresolved).resolved.record == nil)
        #expect(!RecordSlot<MasterTarget>(.unresolved).isAuto)
        #expect(RecordSlot(Resolved.record(targets[1])).resolved.record == targets[1])
    }

    /// A reprotect resolves a bare name as a record of the kind its place
    /// expects unless a binding has that name: a local or global binding
    /// must still win over the inventory's record.
    @Test func aBindingShadowsTheRecordOfTheSameName() throws {
        let text = """
            plan p <
              reprotect web using mt-lin ps-azure datastore ds1
              let ds1 = ds2
              reprotect api using mt-lin ps-azure datastore ds1
              for mt-lin in [mt-lin2] < reprotect db01 using mt-lin ps-azure datastore ds1 >
              reprotect db02 using mt-lin ps-azure datastore ds1
            >
            """
        let result = Checker.check(Parser.parse(name: "plan.rpl", text: text), inventory: Estate.baseline().inventory,
                                   options: CheckOptions(now: Estate.now))
        let facts = try #require(result.facts)
        #expect(facts.reprotects.map { $0.datastore.record?.name } == ["ds1", "ds2", "ds2", "ds2"])
        #expect(facts.reprotects.map { $0.masterTarget.record?.name } == ["mt-lin", "mt-lin", "mt-lin2", "mt-lin"])
    }

    /// The group being evaluated keeps its machines apart until it ends:
    /// `failback GROUP` inside the group and after it must name the same
    /// machines, in plan order.
    @Test func aGroupsMachinesAreTheSameWhileItIsEvaluatedAndAfter() throws {
        let text = """
            plan p <
              group first <
                reprotect web using mt-lin ps-azure datastore ds1
                reprotect api using mt-lin ps-azure datastore ds1
                failback first
              >
              group second <
                reprotect db01 using mt-lin ps-azure datastore ds1
              >
              failback first
              failback second
            >
            """
        let result = Checker.check(Parser.parse(name: "plan.rpl", text: text), inventory: Estate.baseline().inventory,
                                   options: CheckOptions(now: Estate.now))
        let facts = try #require(result.facts)
        #expect(facts.failbacks.map(\.machine.name) == ["web", "api", "web", "api", "db01"])
    }
}
