import Foundation
import RPLCheck
import RPLInventory
@testable import RPLRuntime
import RPLSource
import RPLSyntax
import Testing

/// A modernized reprotect is a real step: placed on a reprotect agent,
/// estimated by its recovery location, journaled and run with every name
/// Site Recovery's `InMageRcm` reprotect needs.
@Suite("Scheduler and runtime: reprotects through a reprotect agent")
struct AgentReprotectTests {
    static let now = ISO8601.parse("2026-11-24T09:00:00Z")!

    /// The demo inventory with a modernized machine `crm` (its on-prem VM on
    /// ds2 of esx02, which demo agent ra-onprem01 reaches): 2 disks of 200 GB, 10 GB of changes a day.
    static func inventory(_ change: (inout Inventory.Records) -> Void = { _ in }) throws -> Inventory {
        var inventory = try DemoInventory.load()
        inventory.update { records in
            records.machines.append(Machine(
                name: "crm", os: .linux, state: .failedOver, bootedInAzureAt: ISO8601.parse("2026-11-24T08:00:00Z"),
                disks: 2, diskGB: 200, diskUUIDs: ["6000c29a-0015-1015-8015-a1b2c3d40015", "6000c29a-0016-1016-8016-a1b2c3d40016"],
                onpremVM: OnPremVM(exists: true, host: "esx02", datastores: ["ds2"]), churnGBPerDay: 10, architecture: .modernized))
            change(&records)
        }
        return inventory
    }

    /// The plan's schedule on `inventory(change)`, and every error of the check and the schedule.
    static func schedule(_ text: String, change: (inout Inventory.Records) -> Void = { _ in }) throws -> (Schedule, [Diagnostic]) {
        let inventory = try inventory(change)
        let checked = Checker.check(Parser.parse(name: "plan.rpl", text: text), inventory: inventory, options: CheckOptions(now: now))
        let plan = try #require(checked.plan)
        let result = Scheduler.schedule(plan, inventory: inventory, options: ScheduleOptions(now: now))
        return (result.schedule, checked.diagnostics.filter { $0.severity == .error } + result.diagnostics)
    }

    @Test func aModernizedReprotectCarriesEveryNameSiteRecoveryNeeds() throws {
        let (schedule, errors) = try Self.schedule("reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback\nfailback crm\n")
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let entry = try #require(schedule.entries.first { $0.id == "plan/reprotect/crm" })
        #expect(entry.agentReprotect == AgentReprotect(machine: "crm", reprotectAgent: "ra-onprem01", appliance: "appliance01",
                                                       datastore: "ds2", logStorageAccount: "lsa-failback", policy: "failback-rcm",
                                                       location: .original))
        #expect(entry.masterTarget == nil)
        // The failback waits for it.
        let failback = try #require(schedule.entries.first { $0.id == "plan/failback/crm" })
        #expect(failback.waits.dependsOn == ["plan/reprotect/crm"])
        #expect(failback.startSeconds >= entry.endSeconds)
    }

    @Test func usingAutoPicksAnAgentThatReachesTheVMsDatastores() throws {
        let text = "reprotect crm using auto log-storage lsa-failback\n"
        let twoAgents: (inout Inventory.Records) -> Void = { records in
            // ra-far reaches only ds1; crm's on-prem VM is on ds2.
            let far = ReprotectAgent(name: "ra-far", lastHeartbeat: Self.now, vcenter: "vc01", accessibleDatastores: ["ds1"])
            records.appliances[0].reprotectAgents.insert(far, at: 0)
        }
        let (schedule, errors) = try Self.schedule(text, change: twoAgents)
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        #expect(schedule.entries.first?.agentReprotect?.reprotectAgent == "ra-onprem01")
        // No datastore written: Site Recovery needs one, the on-prem VM's own.
        #expect(schedule.entries.first?.agentReprotect?.datastore == "ds2")

        // RP940 once no agent reaches ds2.
        let (_, none) = try Self.schedule(text) { records in
            twoAgents(&records)
            records.appliances[0].reprotectAgents[1].accessibleDatastores = ["ds1"]
        }
        #expect(none.map(\.code) == [.RP940])
    }

    @Test func aReplicationGroupStaysOnOneAgent() throws {
        let text = "reprotect crm using auto log-storage lsa-failback\nreprotect crm2 using auto log-storage lsa-failback\n"
        let (schedule, errors) = try Self.schedule(text) { records in
            let second = ReprotectAgent(name: "ra-onprem02", lastHeartbeat: Self.now, vcenter: "vc01", accessibleDatastores: ["ds1", "ds2"])
            records.appliances.append(ReplicationAppliance(name: "appliance02", lastHeartbeat: Self.now, reprotectAgents: [second]))
            var twin = records.machines.first { $0.name == "crm" }!
            twin.name = "crm2"
            twin.diskUUIDs = ["6000c29a-0099-1099-8099-a1b2c3d40099"]
            records.machines.append(twin)
            for index in records.machines.indices where records.machines[index].name.hasPrefix("crm") {
                records.machines[index].replicationGroup = "crm-group"
            }
        }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let agents = Set(schedule.entries.compactMap { $0.agentReprotect?.reprotectAgent })
        #expect(agents.count == 1)
    }

    /// The checker says grown disks mean a new VM at an alternate location
    /// (RP916): the estimate and the step's location say the same.
    @Test func grownDisksAreAnAlternateLocationForTheEstimateToo() throws {
        var machine = try #require(try Self.inventory().machine("crm"))
        #expect(RecoveryLocation.of(machine) == .original)
        machine.forwardReplication.diskGBAtFailover = machine.diskGB - 50
        #expect(RecoveryLocation.of(machine) == .alternate)
        #expect(TimeModel.agentReprotectMegabits(of: machine, now: Self.now) == TimeModel.resyncMegabits(of: machine))
    }

    @Test func originalLocationSendsChangedBlocksAlternateLocationEveryDisk() throws {
        var machine = try #require(try Self.inventory().machine("crm"))
        let full = TimeModel.resyncMegabits(of: machine)
        // One day in Azure at 10 GB a day: 10 GB of the 400 GB.
        #expect(TimeModel.agentReprotectMegabits(of: machine, now: Self.now) == 10 * TimeModel.megabitsPerGB)
        #expect(TimeModel.agentReprotectMegabits(of: machine, now: nil) == full)
        machine.onpremVM.exists = false
        #expect(RecoveryLocation.of(machine) == .alternate)
        #expect(TimeModel.agentReprotectMegabits(of: machine, now: Self.now) == full)

        // And the schedule follows, and says which it assumed.
        let text = "reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback\n"
        let (original, _) = try Self.schedule(text)
        let (alternate, _) = try Self.schedule(text) { records in
            let index = records.machines.firstIndex { $0.name == "crm" }!
            records.machines[index].onpremVM.exists = false
        }
        #expect(original.completionSeconds < alternate.completionSeconds)
        #expect(PlanText().render(original, inventory: try Self.inventory()).contains("original location"))
        #expect(alternate.entries[0].agentReprotect?.location == .alternate)
    }

    @Test func theJournalReadsBackWhatItWrote() throws {
        let (schedule, _) = try Self.schedule("reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback\n")
        let step = try #require(try ExecutableStep.steps(of: schedule).first)
        #expect(step.paramsJSON["reprotect_agent"]?.stringValue == "ra-onprem01")
        #expect(step.paramsJSON["architecture"]?.stringValue == "modernized")
        #expect(ExecutableStep.action(fromParams: step.paramsJSON) == step.action)
        #expect(step.needsProvider && step.kind == .reprotect)
    }
}
