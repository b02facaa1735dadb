import RPLCheck
import RPLInventory
@testable import RPLRuntime
import RPLSource
import Testing

@Suite("Scheduler: master targets for `using auto`, and replication groups")
struct SchedulingPlacementTests {
    func targets(_ schedule: Schedule) -> [String: String] {
        var out: [String: String] = [:]
        for entry in schedule.entries { if let machine = entry.step.action.machine, let target = entry.masterTarget { out[machine] = target } }
        return out
    }

    @Test func autoPicksAMasterTargetOfTheMachinesOS() {
        let plan = Fixture.plan([], [Fixture.reprotect("win", using: nil), Fixture.reprotect("lin", using: nil)])
        let inventory = Fixture.inventory(
            machines: [Fixture.machine("win", os: .windows), Fixture.machine("lin", os: .linux)],
            targets: [Fixture.linuxTarget("mt-lin"), Fixture.windowsTarget("mt-win")])
        let result = Scheduler.schedule(plan, inventory: inventory)
        #expect(result.diagnostics.isEmpty)
        #expect(targets(result.schedule) == ["win": "mt-win", "lin": "mt-lin"])
        // Retention defaults to the chosen master target's OS default.
        #expect(Fixture.entry(result.schedule, "plan/reprotect/win")?.retention == "R:")
        #expect(Fixture.entry(result.schedule, "plan/reprotect/lin")?.retention == "/mnt/retention")
    }

    @Test func autoBalancesByAttachedDisks() {
        let names = ["a", "b", "c", "d"]
        let plan = Fixture.plan([], names.map { Fixture.reprotect($0, using: nil) })
        let inventory = Fixture.inventory(
            machines: names.map { Fixture.machine($0, disks: 2) },
            targets: [Fixture.linuxTarget("busy", attachedDisks: 10), Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        let placed = targets(Scheduler.schedule(plan, inventory: inventory).schedule)
        #expect(placed == ["a": "mt1", "b": "mt2", "c": "mt1", "d": "mt2"])
    }

    @Test func autoSkipsMasterTargetsThatCannotServeTheMachine() {
        // mt-nods is on esx01, which does not mount ds2; mt-fat has only a FAT retention volume.
        let plan = Fixture.plan([], [Fixture.reprotect("web", using: nil, datastore: "ds2")])
        let inventory = Fixture.inventory(
            machines: [Fixture.machine("web")],
            targets: [
                Fixture.linuxTarget("mt-nods", host: "esx01"),
                Fixture.linuxTarget("mt-fat", host: "esx02", volumes: [Volume(path: "/mnt/retention", filesystem: "vfat", capacityGB: 100)]),
                Fixture.linuxTarget("mt-good", host: "esx02"),
            ])
        #expect(targets(Scheduler.schedule(plan, inventory: inventory).schedule) == ["web": "mt-good"])
    }

    @Test func aReplicationGroupIsPlacedOnOneMasterTarget() {
        let members = ["erp1", "erp2", "erp3"]
        let plan = Fixture.plan([("erp", [])], members.map { Fixture.reprotect($0, group: "erp", using: nil) }
            + [Fixture.reprotect("solo", group: "erp", using: nil)])
        let inventory = Fixture.inventory(
            machines: members.map { Fixture.machine($0, disks: 3, group: "erp") } + [Fixture.machine("solo", disks: 3)],
            targets: [Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        let result = Scheduler.schedule(plan, inventory: inventory)
        let placed = targets(result.schedule)
        #expect(result.diagnostics.isEmpty)
        #expect(Set(members.map { placed[$0] }).count == 1)
        // The group went to mt1 (9 disks); the next machine balances onto mt2.
        #expect(placed["erp1"] == "mt1")
        #expect(placed["solo"] == "mt2")
    }

    @Test func autoMembersJoinTheMasterTargetAnotherMemberNames() {
        let plan = Fixture.plan([], [Fixture.reprotect("a", using: "mt2"), Fixture.reprotect("b", using: nil)])
        let inventory = Fixture.inventory(
            machines: [Fixture.machine("a", group: "rg"), Fixture.machine("b", group: "rg")],
            targets: [Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        let result = Scheduler.schedule(plan, inventory: inventory)
        #expect(result.diagnostics.isEmpty)
        #expect(targets(result.schedule) == ["a": "mt2", "b": "mt2"])
    }

    @Test func noMasterTargetOfTheOSIsRP206() {
        let plan = Fixture.plan([], [Fixture.reprotect("win", using: nil, line: 7)])
        let inventory = Fixture.inventory(machines: [Fixture.machine("win", os: .windows)], targets: [Fixture.linuxTarget("mt1")])
        let result = Scheduler.schedule(plan, inventory: inventory)
        #expect(result.diagnostics.map(\.code) == [.RP206])
        #expect(result.diagnostics.first?.primary.span == Fixture.span(7))
        #expect(result.diagnostics.first?.primary.file === Fixture.file)
        #expect(result.schedule.entries.first?.masterTarget == nil)
    }

    @Test func noEligibleRetentionVolumeIsRP401() {
        let plan = Fixture.plan([], [Fixture.reprotect("web", using: nil)])
        let locked = [Volume(path: "/mnt/retention", filesystem: "ext4", capacityGB: 100, locked: true)]
        let inventory = Fixture.inventory(machines: [Fixture.machine("web")], targets: [Fixture.linuxTarget("mt1", volumes: locked)])
        #expect(Scheduler.schedule(plan, inventory: inventory).diagnostics.map(\.code) == [.RP401])
        let fine = Fixture.inventory(machines: [Fixture.machine("web")], targets: [Fixture.linuxTarget("mt1")])
        #expect(Scheduler.schedule(plan, inventory: fine).diagnostics.isEmpty)
    }

    @Test func datastoreNotAttachedAnywhereIsRP310() {
        let plan = Fixture.plan([], [Fixture.reprotect("web", using: nil, datastore: "ds2")])
        let inventory = Fixture.inventory(machines: [Fixture.machine("web")], targets: [Fixture.linuxTarget("mt1", host: "esx01")])
        #expect(Scheduler.schedule(plan, inventory: inventory).diagnostics.map(\.code) == [.RP310])
    }

    @Test func sixtyDiskLimitIsRP311() {
        let plan = Fixture.plan([], [Fixture.reprotect("a", using: nil), Fixture.reprotect("b", using: nil)])
        let inventory = Fixture.inventory(machines: [Fixture.machine("a", disks: 30), Fixture.machine("b", disks: 30)],
                                          targets: [Fixture.linuxTarget("mt1", attachedDisks: 1)])
        let result = Scheduler.schedule(plan, inventory: inventory)
        #expect(result.diagnostics.map(\.code) == [.RP311])
        #expect(result.diagnostics.first?.primary.span == plan.steps[1].span)
    }

    @Test func aReplicationGroupThatFitsNoSingleMasterTargetIsRP701() {
        // Each member fits a master target on its own; together they exceed 60 disks on either.
        let plan = Fixture.plan([], [Fixture.reprotect("a", using: nil), Fixture.reprotect("b", using: nil)])
        let machines = [Fixture.machine("a", disks: 40, group: "rg"), Fixture.machine("b", disks: 40, group: "rg")]
        let inventory = Fixture.inventory(machines: machines, targets: [Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        #expect(Scheduler.schedule(plan, inventory: inventory).diagnostics.map(\.code) == [.RP701])
    }

    @Test func explicitMasterTargetsThatSplitAReplicationGroupAreRP701() {
        let plan = Fixture.plan([], [Fixture.reprotect("a", using: "mt1", line: 2), Fixture.reprotect("b", using: "mt2", line: 3)])
        let machines = [Fixture.machine("a", group: "rg"), Fixture.machine("b", group: "rg")]
        let inventory = Fixture.inventory(machines: machines, targets: [Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        let result = Scheduler.schedule(plan, inventory: inventory)
        #expect(result.diagnostics.map(\.code) == [.RP701])
        #expect(result.diagnostics.first?.primary.span == Fixture.span(3))
        #expect(result.diagnostics.first?.secondary.first?.span == Fixture.span(2))
        let together = Fixture.plan([], [Fixture.reprotect("a", using: "mt1"), Fixture.reprotect("b", using: "mt1")])
        #expect(Scheduler.schedule(together, inventory: inventory).diagnostics.isEmpty)
        #expect(Scheduler.schedule(together, inventory: inventory).schedule.splitReplicationGroups(inventory: inventory).isEmpty)
    }

    /// RP701 had four wordings (checker, placement, scheduler, executor):
    /// the scheduler and a run's re-check on the schedule now ask the
    /// checker's one rule and say the same thing.
    @Test func theRunTimeRecheckOfRP701IsTheSchedulersDiagnostic() throws {
        let plan = Fixture.plan([], [Fixture.reprotect("a", using: "mt1", line: 2), Fixture.reprotect("b", using: "mt2", line: 3)])
        let machines = [Fixture.machine("a", group: "rg"), Fixture.machine("b", group: "rg")]
        let inventory = Fixture.inventory(machines: machines, targets: [Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        let result = Scheduler.schedule(plan, inventory: inventory)
        let scheduled = try #require(result.diagnostics.first)
        let recheck = try #require(result.schedule.splitReplicationGroups(inventory: inventory).first)
        let rule = try #require(ReplicationGroupSplit.split(group: "rg", members: [
            .init(step: 0, machine: "a", masterTarget: "mt1"), .init(step: 1, machine: "b", masterTarget: "mt2"),
        ]))
        #expect(recheck.code == .RP701)
        #expect(recheck.message == scheduled.message)
        #expect(recheck.message == rule.message)
        #expect(recheck.primary.span == scheduled.primary.span)
        #expect(recheck.help == scheduled.help)
    }

    @Test func aReplicationGroupFailsBackAtOnePointInTime() {
        // small finishes its reprotect long before big; its failback still waits for big's.
        let plan = Fixture.plan([("g", [])], [
            Fixture.reprotect("small", group: "g", using: "mt1"),
            Fixture.reprotect("big", group: "g", using: "mt1"),
            Fixture.failback("small", dependsOn: ["g/reprotect/small"]),
            Fixture.failback("big", dependsOn: ["g/reprotect/big"]),
        ])
        let machines = [Fixture.machine("small", diskGB: 1, group: "rg"), Fixture.machine("big", diskGB: 50, group: "rg")]
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: machines)).schedule
        let bigReprotected = Fixture.entry(schedule, "g/reprotect/big")!.endSeconds
        #expect(Fixture.entry(schedule, "g/reprotect/small")!.endSeconds < bigReprotected)
        #expect(Fixture.entry(schedule, "plan/failback/small")?.startSeconds == bigReprotected)
        #expect(Fixture.entry(schedule, "plan/failback/big")?.startSeconds == bigReprotected)

        // Without a replication group each fails back when it is ready.
        let loose = [Fixture.machine("small", diskGB: 1), Fixture.machine("big", diskGB: 50)]
        let apart = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: loose)).schedule
        #expect(Fixture.entry(apart, "plan/failback/small")!.startSeconds < bigReprotected)
    }

    @Test func aReplicationGroupWhoseFailbacksAreOrderedApartIsRP701() {
        // Group b (with b's reprotect) comes after group a, which holds a's failback.
        let plan = Fixture.plan([("a", []), ("b", ["a"])], [
            Fixture.reprotect("x", group: "a", using: "mt1"),
            Fixture.failback("x", group: "a", dependsOn: ["a/reprotect/x"], line: 5),
            Fixture.reprotect("y", group: "b", using: "mt1"),
            Fixture.failback("y", group: "b", dependsOn: ["b/reprotect/y"]),
        ])
        let machines = [Fixture.machine("x", group: "rg"), Fixture.machine("y", group: "rg")]
        let result = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: machines))
        #expect(result.diagnostics.map(\.code) == [.RP701])
        #expect(result.diagnostics.first?.primary.span == Fixture.span(5))
        #expect(result.schedule.entries.count == 4)
    }
}
