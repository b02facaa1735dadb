import Foundation
import RPLCheck
import RPLInventory
@testable import RPLRuntime
import Testing

@Suite("Scheduler: the time model")
struct SchedulerTimeTests {
    let setup = TimeModel.standardSetupSeconds
    let failback = TimeModel.standardAzureShutdownSeconds + TimeModel.standardOnPremBootSeconds

    @Test func reprotectIsSetupPlusDataOverTheLink() {
        // 2 disks of 100 GB = 200 GB = 1,600,000 megabits; at 200 Mbps alone on the link, 8,000 s.
        let plan = Fixture.plan([("db", [])], [Fixture.reprotect("sql", group: "db", using: "mt1")])
        let inventory = Fixture.inventory(machines: [Fixture.machine("sql", disks: 2, diskGB: 100)], bandwidthMbps: 200)
        let result = Scheduler.schedule(plan, inventory: inventory)
        let step = Fixture.entry(result.schedule, "db/reprotect/sql")
        #expect(result.diagnostics.isEmpty)
        #expect(step?.startSeconds == 0)
        #expect(step?.endSeconds == setup + 1_600_000 / 200)
        #expect(result.schedule.completionSeconds == setup + 8_000)
    }

    @Test func failbackIsShutdownFinalSyncAndBootAfterReprotect() {
        let plan = Fixture.plan([("db", [])], [
            Fixture.reprotect("sql", group: "db", using: "mt1"),
            Fixture.failback("sql", dependsOn: ["db/reprotect/sql"]),
        ])
        var machine = Fixture.machine("sql", disks: 1, diskGB: 25)
        // 96 GB a day: the 15 minutes of the RPO threshold are 1 GB, 8,000 Mb, 80 s at 100 Mbps.
        machine.churnGBPerDay = 96
        let inventory = Fixture.inventory(machines: [machine], bandwidthMbps: 100)
        let result = Scheduler.schedule(plan, inventory: inventory)
        let reprotectEnd = setup + 25 * 8_000 / 100
        #expect(Fixture.entry(result.schedule, "plan/failback/sql")?.startSeconds == reprotectEnd)
        #expect(Fixture.entry(result.schedule, "plan/failback/sql")?.endSeconds == reprotectEnd + failback + 80)
        #expect(result.schedule.completionSeconds == reprotectEnd + failback + 80)
        #expect(result.schedule.longestDowntime == Downtime(subject: .group("db"), startSeconds: reprotectEnd,
                                                             endSeconds: reprotectEnd + failback + 80))
    }

    @Test func theMachineThatChangesMostHasTheLongestDowntime() {
        let plan = Fixture.plan([("app", []), ("db", [])], [
            Fixture.reprotect("web", group: "app", using: "mt1"),
            Fixture.reprotect("sql", group: "db", using: "mt1"),
            Fixture.failback("web", dependsOn: ["app/reprotect/web"]),
            Fixture.failback("sql", dependsOn: ["db/reprotect/sql"]),
        ])
        var sql = Fixture.machine("sql")
        sql.churnGBPerDay = 960
        var web = Fixture.machine("web")
        web.churnGBPerDay = 0
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: [web, sql], bandwidthMbps: 100)).schedule
        // 10 GB of changes: 800 s more for sql; none for web.
        #expect(schedule.downtimes.map(\.subject) == [.group("app"), .group("db"), .machine("web"), .machine("sql")])
        #expect(schedule.downtimes.map(\.seconds) == [failback, failback + 800, failback, failback + 800])
        #expect(schedule.longestDowntime?.subject == .group("db"))
        // The whole plan is much longer than any outage.
        #expect(schedule.completionSeconds > schedule.longestDowntime!.seconds)
    }

    @Test func machinesFailedBackHoursApartAreSeparateOutagesOfTheirGroup() throws {
        // web is failed back as soon as it is reprotected; sql, with 80 GB to send, much later.
        let plan = Fixture.plan([("app", [])], [
            Fixture.reprotect("web", group: "app", using: "mt1"),
            Fixture.reprotect("sql", group: "app", using: "mt1"),
            Fixture.failback("web", dependsOn: ["app/reprotect/web"]),
            Fixture.failback("sql", dependsOn: ["app/reprotect/sql"]),
        ])
        var web = Fixture.machine("web")
        web.churnGBPerDay = 0
        var sql = Fixture.machine("sql", diskGB: 80)
        sql.churnGBPerDay = 96
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: [web, sql], bandwidthMbps: 100)).schedule
        let sqlOutage = try #require(schedule.downtimes.first { $0.subject == .machine("sql") })
        // The group's downtime is sql's own outage, not the hours between web going down and sql coming up.
        #expect(schedule.downtimes.first == Downtime(subject: .group("app"), startSeconds: sqlOutage.startSeconds,
                                                      endSeconds: sqlOutage.endSeconds))
    }

    @Test func nothingFailedBackIsNoDowntime() {
        let plan = Fixture.plan([("app", [])], [Fixture.reprotect("web", group: "app", using: "mt1")])
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: [Fixture.machine("web")])).schedule
        #expect(schedule.downtimes.isEmpty)
        #expect(schedule.longestDowntime == nil)
        #expect(PlanText().render(schedule, inventory: Fixture.inventory(machines: [])).contains("downtime: none (nothing fails back)"))
    }

    @Test func concurrentTransfersShareTheBandwidth() {
        // a: 50 GB, b: 100 GB, on different master targets, so both run at once.
        // Sharing 200 Mbps, a sends 400,000 Mb at 100 Mbps (4,000 s); b then has
        // 400,000 Mb left and the whole link (2,000 s more).
        let plan = Fixture.plan([("g", [])], [
            Fixture.reprotect("a", group: "g", using: "mt1"),
            Fixture.reprotect("b", group: "g", using: "mt2"),
        ])
        let inventory = Fixture.inventory(
            machines: [Fixture.machine("a", diskGB: 50), Fixture.machine("b", diskGB: 100)],
            targets: [Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        let schedule = Scheduler.schedule(plan, inventory: inventory).schedule
        #expect(Fixture.entry(schedule, "g/reprotect/a")?.endSeconds == setup + 4_000)
        #expect(Fixture.entry(schedule, "g/reprotect/b")?.endSeconds == setup + 6_000)
    }

    /// Each step's input is made alone (side by side on large plans), and a
    /// name the inventory does not know is numbered afterwards, in plan
    /// order: each such name must still be a resource of its own, shared by
    /// every step that names it, and apart from the inventory's.
    @Test func namesTheInventoryDoesNotKnowAreResourcesOfTheirOwn() {
        // One reprotect at a time per master target and per process server; no data, so each takes the setup alone.
        let plan = Fixture.plan([("g", [])], [
            Fixture.reprotect("a", group: "g", using: "mt-x", ps: "ps-azure"),
            Fixture.reprotect("b", group: "g", using: "mt-y", ps: "ps2"),
            Fixture.reprotect("c", group: "g", using: "mt-x", ps: "ps-c"),
            Fixture.reprotect("d", group: "g", using: "mt1", ps: "ps-z"),
            Fixture.reprotect("e", group: "g", using: "mt2", ps: "ps-z"),
            Fixture.reprotect("f", group: "g", using: "mt-y", ps: "ps-f"),
        ])
        let inventory = Fixture.inventory(machines: ["a", "b", "c", "d", "e", "f"].map { Fixture.machine($0) },
                                          targets: [Fixture.linuxTarget("mt1"), Fixture.linuxTarget("mt2")])
        let options = ScheduleOptions(capacity: Capacity(reprotectsPerMasterTarget: 1, reprotectsPerProcessServer: 1))
        let schedule = Scheduler.schedule(plan, inventory: inventory, options: options).schedule
        func start(_ machine: String) -> Int64? { Fixture.entry(schedule, "g/reprotect/\(machine)")?.startSeconds }
        // a, b and d each hold a resource no other step holds yet; c waits for a (mt-x), f for b (mt-y); e for d (ps-z).
        #expect(start("a") == 0)
        #expect(start("b") == 0)
        #expect(start("d") == 0)
        #expect(start("c") == setup)
        #expect(start("e") == setup)
        #expect(start("f") == setup)
    }

    @Test func manualTakesNoTimeAndWaitTakesItsSeconds() {
        let plan = Fixture.plan([], [
            PlanStep(id: "plan/manual/call", action: .manual(name: "call", instructions: "call the DBA"), group: nil,
                     dependsOn: [], span: Fixture.span(1)),
            PlanStep(id: "plan/wait/1", action: .wait(seconds: 90), group: nil, dependsOn: ["plan/manual/call"],
                     span: Fixture.span(2)),
        ])
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: [])).schedule
        #expect(Fixture.entry(schedule, "plan/manual/call")?.endSeconds == 0)
        #expect(Fixture.entry(schedule, "plan/wait/1")?.startSeconds == 0)
        #expect(schedule.completionSeconds == 90)
    }

    @Test func reprotectWaitsForTheAgentToRegister() {
        let booted = Date(timeIntervalSince1970: 1_800_000_000)
        let now = booted.addingTimeInterval(5 * 60)
        var machine = Fixture.machine("web")
        machine.agentRegistered = false
        machine.bootedInAzureAt = booted
        let plan = Fixture.plan([], [Fixture.reprotect("web", using: "mt1")])
        let inventory = Fixture.inventory(machines: [machine])
        let waited = Scheduler.schedule(plan, inventory: inventory, options: ScheduleOptions(now: now)).schedule
        // Booted 5 minutes before the run: the agent can register 10 minutes into it.
        let registrationOffset: Int64 = 10 * 60
        #expect(waited.entries.first?.startSeconds == registrationOffset)
        machine.agentRegistered = true
        let registered = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: [machine]),
                                            options: ScheduleOptions(now: now)).schedule
        #expect(registered.entries.first?.startSeconds == 0)
    }

    @Test func machineStatesFollowTheDocumentedLifeCycle() {
        let reprotect = MachineTransition.of(.reprotect(ReprotectAction(machine: "m", masterTarget: nil, processServer: "p",
                                                                        datastore: nil, retention: nil)))
        #expect(reprotect == MachineTransition(from: .failedOver, during: .reprotecting, to: .reprotected))
        #expect(MachineTransition.of(.failback(machine: "m")) == MachineTransition(from: .reprotected, during: .failingBack, to: .failedBack))
        #expect(MachineTransition.of(.wait(seconds: 1)) == nil)
        #expect(MachineTransition.of(ActionKind.failback)?.to == .failedBack)
        #expect(MachineTransition.of(ActionKind.manual) == nil)
    }
}
