import RPLCheck
import RPLInventory
@testable import RPLRuntime
import Testing

@Suite("Scheduler: order, capacity, critical path")
struct SchedulerOrderTests {
    let setup = TimeModel.standardSetupSeconds

    /// Machines with no data: every reprotect takes exactly the setup time.
    func emptyMachines(_ names: [String]) -> [Machine] { names.map { Fixture.machine($0, diskGB: 0) } }

    @Test func groupsRunAfterTheGroupsTheyFollow() {
        // b and c both come after a, so they run side by side; d follows c.
        let plan = Fixture.plan([("a", []), ("b", ["a"]), ("c", ["a"]), ("d", ["c"])], [
            Fixture.reprotect("m1", group: "a", using: "mt1"),
            Fixture.reprotect("m2", group: "b", using: "mt2"),
            Fixture.reprotect("m3", group: "c", using: "mt3"),
            Fixture.reprotect("m4", group: "d", using: "mt1"),
        ])
        let inventory = Fixture.inventory(machines: emptyMachines(["m1", "m2", "m3", "m4"]),
                                          targets: ["mt1", "mt2", "mt3"].map { Fixture.linuxTarget($0) })
        let schedule = Scheduler.schedule(plan, inventory: inventory).schedule
        #expect(schedule.entries.map(\.startSeconds) == [0, setup, setup, 2 * setup])
        #expect(schedule.entries.map(\.id) == ["a/reprotect/m1", "b/reprotect/m2", "c/reprotect/m3", "d/reprotect/m4"])
        #expect(schedule.completionSeconds == 3 * setup)
    }

    @Test func anEmptyGroupStillPassesItsOrderOn() {
        let plan = Fixture.plan([("a", []), ("empty", ["a"]), ("c", ["empty"])], [
            Fixture.reprotect("m1", group: "a", using: "mt1"),
            Fixture.reprotect("m2", group: "c", using: "mt1"),
        ])
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: emptyMachines(["m1", "m2"]))).schedule
        #expect(Fixture.entry(schedule, "c/reprotect/m2")?.startSeconds == setup)
    }

    @Test func stepDependenciesAreRespected() {
        let plan = Fixture.plan([("a", [])], [
            Fixture.reprotect("m1", group: "a", using: "mt1"),
            PlanStep(id: "a/wait/1", action: .wait(seconds: 60), group: "a", dependsOn: ["a/reprotect/m1"], span: Fixture.span(2)),
            Fixture.reprotect("m2", group: "a", using: "mt1", dependsOn: ["a/wait/1"]),
        ])
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: emptyMachines(["m1", "m2"]))).schedule
        #expect(Fixture.entry(schedule, "a/reprotect/m2")?.startSeconds == setup + 60)
    }

    @Test func tenMachinesOnOneMasterTargetRunInThreeWaves() {
        let names = (1...10).map { "m\($0)" }
        let plan = Fixture.plan([("g", [])], names.map { Fixture.reprotect($0, group: "g", using: "mt1") })
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: emptyMachines(names))).schedule
        let limit = Capacity.standardReprotectsPerMasterTarget
        #expect(limit == 4)
        let starts = names.map { Fixture.entry(schedule, "g/reprotect/\($0)")!.startSeconds }
        #expect(starts == [0, 0, 0, 0, setup, setup, setup, setup, 2 * setup, 2 * setup])
        #expect(schedule.completionSeconds == 3 * setup)
    }

    @Test func processServerLimitQueuesReprotects() {
        let names = ["m1", "m2", "m3"]
        let plan = Fixture.plan([("g", [])], names.enumerated().map { Fixture.reprotect($1, group: "g", using: "mt\($0 + 1)") })
        let inventory = Fixture.inventory(machines: emptyMachines(names), targets: (1...3).map { Fixture.linuxTarget("mt\($0)") })
        let options = ScheduleOptions(capacity: Capacity(reprotectsPerMasterTarget: 4, reprotectsPerProcessServer: 2))
        let schedule = Scheduler.schedule(plan, inventory: inventory, options: options).schedule
        #expect(schedule.entries.map(\.startSeconds) == [0, 0, setup])
        let separate = Fixture.plan([("g", [])], [
            Fixture.reprotect("m1", group: "g", using: "mt1"), Fixture.reprotect("m2", group: "g", using: "mt2"),
            Fixture.reprotect("m3", group: "g", using: "mt3", ps: "ps2"),
        ])
        #expect(Scheduler.schedule(separate, inventory: inventory, options: options).schedule.completionSeconds == setup)
    }

    @Test func criticalPathFollowsCapacityWaitsAndDependencies() {
        // Five machines on mt1: m5 waits for the slot m1 frees; failback of m5 follows it.
        let names = (1...5).map { "m\($0)" }
        var steps = names.map { Fixture.reprotect($0, group: "g", using: "mt1") }
        steps.append(Fixture.failback("m5", dependsOn: ["g/reprotect/m5"]))
        let plan = Fixture.plan([("g", [])], steps)
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: emptyMachines(names))).schedule
        #expect(schedule.criticalPath == ["g/reprotect/m1", "g/reprotect/m5", "plan/failback/m5"])
        #expect(schedule.completionSeconds == Fixture.entry(schedule, "plan/failback/m5")?.endSeconds)
    }

    @Test func criticalPathCrossesGroups() {
        let plan = Fixture.plan([("a", []), ("b", ["a"])], [
            Fixture.reprotect("small", group: "a", using: "mt1"),
            Fixture.reprotect("big", group: "a", using: "mt2"),
            Fixture.reprotect("next", group: "b", using: "mt1"),
        ])
        let inventory = Fixture.inventory(
            machines: [Fixture.machine("small", diskGB: 1), Fixture.machine("big", diskGB: 10), Fixture.machine("next", diskGB: 1)],
            targets: [Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        let schedule = Scheduler.schedule(plan, inventory: inventory).schedule
        #expect(schedule.criticalPath == ["a/reprotect/big", "b/reprotect/next"])
    }

    @Test func stepsThatWaitForEachOtherAreReported() {
        let plan = Fixture.plan([], [
            Fixture.reprotect("m1", using: "mt1", dependsOn: ["plan/reprotect/m2"], line: 3),
            Fixture.reprotect("m2", using: "mt1", dependsOn: ["plan/reprotect/m1"], line: 4),
            Fixture.reprotect("m3", using: "mt1", line: 5),
        ])
        let result = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: emptyMachines(["m1", "m2", "m3"])))
        #expect(result.diagnostics.map(\.code) == [.RP707])
        #expect(result.diagnostics.first?.primary.span == Fixture.span(3))
        #expect(result.schedule.entries.map(\.id) == ["plan/reprotect/m3"])
        let fine = Fixture.plan([], [Fixture.reprotect("m3", using: "mt1")])
        #expect(Scheduler.schedule(fine, inventory: Fixture.inventory(machines: emptyMachines(["m3"]))).diagnostics.isEmpty)
    }

    @Test func theSameInputGivesTheSameSchedule() {
        let names = (1...40).map { "m\($0)" }
        let plan = Fixture.plan([("a", []), ("b", ["a"])], names.enumerated().map { index, name in
            Fixture.reprotect(name, group: index < 20 ? "a" : "b", using: nil, ps: index % 2 == 0 ? "ps-azure" : "ps2")
        })
        let inventory = Fixture.inventory(
            machines: names.enumerated().map { Fixture.machine($1, disks: 1, diskGB: 10 + $0 * 7) },
            targets: (1...5).map { Fixture.linuxTarget("mt\($0)", host: $0 % 2 == 0 ? "esx01" : "esx02") })
        let first = Scheduler.schedule(plan, inventory: inventory)
        let second = Scheduler.schedule(plan, inventory: inventory)
        #expect(first.diagnostics.isEmpty)
        #expect(PlanJSON.render(first.schedule) == PlanJSON.render(second.schedule))
        #expect(PlanText().render(first.schedule, inventory: inventory) == PlanText().render(second.schedule, inventory: inventory))
    }
}
