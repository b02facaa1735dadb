import Foundation
import RPLInventory
import RPLRuntime
import RPLSource
import RPLStore
import Testing

@Suite("Exec: executor on the simulator, journaled in SQLite")
struct ExecExecutorTests {
    @Test("reprotect then failback leaves the machines failed-back, every step done")
    func fullLifeCycle() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), reprotect("api"),
                     failback("web", after: ["app/reprotect/web"]), failback("api", after: ["app/reprotect/api"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let result = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(seed: 7), journal: journal).run()
        #expect(result.status == .succeeded)
        let states = try machineStates(store)
        #expect(states["web"] == .failedBack)
        #expect(states["api"] == .failedBack)
        #expect(states["sql01"] == .failedOver)
        let run = try #require(try JournalReader.runs(in: store, id: journal.runID).first)
        #expect(run.status == .succeeded)
        #expect(run.steps.map(\.status) == [.done, .done, .done, .done])
    }

    @Test("a step starts only after the steps it depends on, and capacity per master target holds")
    func dependenciesAndCapacity() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web", seconds: 1000), reprotect("api", seconds: 1000),
                     failback("web", after: ["app/reprotect/web"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let timeline = TimelineObserver()
        var limits = ExecutionLimits()
        limits.capacity = Capacity(reprotectsPerMasterTarget: 1)
        let result = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(seed: 3), journal: journal,
                                  limits: limits, observer: timeline).run()
        #expect(result.status == .succeeded)
        let webEnd = try #require(timeline.finished["app/reprotect/web"])
        #expect(try #require(timeline.started["app/reprotect/api"]) >= webEnd)
        #expect(try #require(timeline.started["app/failback/web"]) >= webEnd)

        // With the standard capacity both reprotects run at once.
        let store2 = try makeExecStore()
        let journal2 = try Journal.createRun(in: store2, plan: planRecord(), steps: steps)
        let parallel = TimelineObserver()
        _ = try Executor(runID: journal2.runID, steps: steps, provider: SimProvider(seed: 3), journal: journal2, observer: parallel).run()
        #expect(parallel.started["app/reprotect/api"] == 0)
    }

    @Test("a group written after another starts once every step of that group is done")
    func groupOrder() throws {
        let store = try makeExecStore()
        var sql = reprotect("sql01", group: "db", mt: "mt-win")
        sql.afterGroups = ["app"]
        let steps = [reprotect("web", seconds: 500), reprotect("api", seconds: 900), sql]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let timeline = TimelineObserver()
        _ = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(), journal: journal, observer: timeline).run()
        let appEnd = max(try #require(timeline.finished["app/reprotect/web"]), try #require(timeline.finished["app/reprotect/api"]))
        #expect(try #require(timeline.started["db/reprotect/sql01"]) >= appEnd)
        // Read back from the journal, the step keeps its group order.
        let claimSteps = try JournalReader.runs(in: store, id: journal.runID).first?.steps.map(\.id)
        #expect(claimSteps == steps.map(\.id))
    }

    @Test("the same seed gives the same run; another seed other durations")
    func deterministicUnderSeed() throws {
        func elapsed(_ seed: UInt64) throws -> Double {
            let store = try makeExecStore()
            let steps = [reprotect("web"), reprotect("api", mt: "mt2")]
            let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
            return try Executor(runID: journal.runID, steps: steps, provider: SimProvider(seed: seed), journal: journal).run().elapsedSeconds
        }
        #expect(try elapsed(11) == elapsed(11))
        #expect(try elapsed(11) != elapsed(12))
    }

    @Test("RP801: a late agent is waited for and the reprotect still succeeds")
    func agentLateRetries() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web")]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let provider = SimProvider(faults: [.agentLate(machine: "web", seconds: 12 * 60)])
        let result = try Executor(runID: journal.runID, steps: steps, provider: provider, journal: journal).run()
        #expect(result.status == .succeeded)
        let run = try #require(try JournalReader.runs(in: store, id: journal.runID, withEvents: true).first)
        let waits = run.events.filter { $0.code == .RP801 }
        #expect(waits.count >= 10)
        #expect(waits.allSatisfy { $0.severity == .warning })
        #expect(run.steps[0].attempts == waits.count + 1)
        #expect(try machineStates(store)["web"] == .reprotected)
    }

    @Test("RP801 then RP802: an agent later than 15 minutes fails the step")
    func agentTooLateFails() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web")]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let provider = SimProvider(faults: [.agentLate(machine: "web", seconds: 20 * 60)])
        let result = try Executor(runID: journal.runID, steps: steps, provider: provider, journal: journal).run()
        #expect(result.status == .failed)
        #expect(provider.now <= 16 * 60)
        let run = try #require(try JournalReader.runs(in: store, id: journal.runID, withEvents: true).first)
        #expect(run.events.contains { $0.code == .RP802 })
        #expect(try machineStates(store)["web"] == .failedOver)
    }

    @Test("RP802: a failed step stops the run; resume retries it and never resends a done step")
    func failedStepIsResumable() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), reprotect("api"), failback("web", after: ["app/reprotect/web"]),
                     failback("api", after: ["app/reprotect/api"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let first = SimProvider(faults: [.failStep(step: "app/reprotect/api")])
        let result = try Executor(runID: journal.runID, steps: steps, provider: first, journal: journal).run()
        #expect(result.status == .failed)
        #expect(result.steps["app/reprotect/api"] == .failed)
        #expect(result.steps["app/failback/api"] == .pending)
        #expect(try machineStates(store)["api"] == .failedOver)
        let afterFailure = try #require(try JournalReader.runs(in: store, id: journal.runID, withEvents: true).first)
        #expect(afterFailure.status == .failed)
        #expect(afterFailure.events.contains { $0.code == .RP802 && $0.step == "app/reprotect/api" })
        let doneBefore = Set(afterFailure.steps.filter { $0.status == .done }.map(\.id))

        let claim = try Journal.claimRun(journal.runID, in: store)
        #expect(claim.steps == steps)
        let second = SimProvider()
        let resumed = try Executor(runID: claim.journal.runID, steps: claim.steps, provider: second, journal: claim.journal).run()
        #expect(resumed.status == .succeeded)
        #expect(Set(second.received.map(\.step.id)).isDisjoint(with: doneBefore))
        #expect(second.received.allSatisfy { $0.run == journal.runID })
        #expect(try machineStates(store)["api"] == .failedBack)
    }

    @Test("mt-unreachable and ps-heartbeat faults fail the steps through them, from the given time on")
    func infrastructureFaults() throws {
        func outcome(_ faults: [SimFault], _ steps: [ExecutableStep]) throws -> [String: (StepStatus, String?)] {
            let store = try makeExecStore()
            let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
            _ = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(faults: faults), journal: journal).run()
            let run = try #require(try JournalReader.runs(in: store, id: journal.runID).first)
            return Dictionary(uniqueKeysWithValues: run.steps.map { ($0.id, ($0.status, $0.error)) })
        }
        let unreachable = try outcome([try SimFault(parsing: "mt-unreachable:mt1")], [reprotect("web"), reprotect("sql01", mt: "mt-win")])
        #expect(unreachable["app/reprotect/web"]?.0 == .failed)
        #expect(unreachable["app/reprotect/web"]?.1?.contains("mt1 is unreachable") == true)
        #expect(unreachable["app/reprotect/sql01"]?.0 == .done)

        // The heartbeat goes at 10 minutes: a 5-minute step through it is done, a 20-minute one fails.
        let heartbeat = try outcome([try SimFault(parsing: "ps-heartbeat:ps-azure@10m")],
                                    [reprotect("web", seconds: 300), reprotect("api", mt: "mt2", seconds: 1200)])
        #expect(heartbeat["app/reprotect/web"]?.0 == .done)
        #expect(heartbeat["app/reprotect/api"]?.0 == .failed)
        #expect(heartbeat["app/reprotect/api"]?.1?.contains("no heartbeat") == true)
        #expect(throws: SimFaultSyntaxError.self) { try SimFault(parsing: "ps-heartbeat:ps-azure@soon") }
    }

    @Test("a manual step pauses the run until it is confirmed")
    func manualStepPauses() throws {
        let store = try makeExecStore()
        let manual = ExecutableStep(id: "app/manual/dns", action: .manual(name: "dns", instructions: "switch DNS to on-prem"),
                                    group: "app", dependsOn: ["app/reprotect/web"], estimatedStart: 0, estimatedSeconds: 0)
        let steps = [reprotect("web"), manual, failback("web", after: ["app/manual/dns"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let result = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(), journal: journal).run()
        #expect(result.status == .paused)
        #expect(result.waiting == ["app/manual/dns"])
        #expect(try JournalReader.runs(in: store, id: journal.runID).first?.status == .paused)

        // Resuming without confirming pauses again; confirming goes on.
        let again = try Journal.claimRun(journal.runID, in: store)
        #expect(try Executor(runID: again.journal.runID, steps: again.steps, provider: SimProvider(), journal: again.journal).run().status == .paused)
        #expect(throws: JournalError.self) { try Journal.claimRun(journal.runID, in: store, confirming: ["app/reprotect/web"]) }
        let confirmed = try Journal.claimRun(journal.runID, in: store, confirming: ["app/manual/dns"])
        let provider = SimProvider()
        #expect(try Executor(runID: confirmed.journal.runID, steps: confirmed.steps, provider: provider, journal: confirmed.journal).run().status == .succeeded)
        #expect(provider.received.map(\.step.id) == ["app/failback/web"])
    }

    @Test("an interrupt finishes the steps in flight and pauses; resume finishes the rest")
    func interruptPauses() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), failback("web", after: ["app/reprotect/web"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let interrupt = InterruptFlag()
        let observer = RaiseOnStart(interrupt)
        let result = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(), journal: journal,
                                  observer: observer, interrupt: interrupt).run()
        #expect(result.status == .paused)
        #expect(result.steps == ["app/reprotect/web": .done, "app/failback/web": .pending])
        let claim = try Journal.claimRun(journal.runID, in: store)
        #expect(try Executor(runID: claim.journal.runID, steps: claim.steps, provider: SimProvider(), journal: claim.journal).run().status == .succeeded)
    }

    @Test("a second interrupt leaves the steps in flight interrupted, not running; resume sends them again")
    func secondInterruptMarksStepsInFlightInterrupted() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), failback("web", after: ["app/reprotect/web"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let interrupt = InterruptFlag()
        /// Takes requests and never answers: the step stays in flight.
        final class SilentProvider: Provider {
            var description: String { "silent" }
            var now: Double = 0
            func send(_ request: StepRequest) throws(ProviderError) {}
            func nextReply(until deadline: Double?, interrupt: InterruptFlag?) throws(ProviderError) -> StepReply? {
                now += 1
                return nil
            }
            func close() {}
        }
        let observer = RaiseOnStart(interrupt, times: 2)
        let result = try Executor(runID: journal.runID, steps: steps, provider: SilentProvider(), journal: journal,
                                  observer: observer, interrupt: interrupt).run()
        #expect(result.status == .paused)
        let run = try #require(try JournalReader.runs(in: store, id: journal.runID).first)
        #expect(run.status == .paused)
        #expect(run.steps.map(\.status) == [.interrupted, .pending], "no step is left 'running' in a paused run")
        #expect(try machineStates(store)["web"] == .reprotecting, "the request may have been sent: the machine stays where it went")
        let claim = try Journal.claimRun(journal.runID, in: store)
        let resumed = try Executor(runID: claim.journal.runID, steps: claim.steps, provider: SimProvider(), journal: claim.journal).run()
        #expect(resumed.status == .succeeded)
        #expect(try JournalReader.runs(in: store, id: journal.runID).first?.steps.first?.attempts == 2, "sent again on resume")
    }

    @Test("a dependency outside the run is refused before anything runs")
    func unknownDependency() throws {
        let store = try makeExecStore()
        let steps = [failback("web", after: ["app/reprotect/web"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        #expect(throws: ExecutionError.self) {
            _ = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(), journal: journal)
        }
    }

    @Test("a group after an empty group still waits for the group before that one, as the plan shows")
    func emptyGroupPassesItsOrderOnInARun() throws {
        let plan = Fixture.plan([("a", []), ("empty", ["a"]), ("c", ["empty"])], [
            Fixture.reprotect("web", group: "a", using: "mt1"),
            Fixture.reprotect("api", group: "c", using: "mt2"),
        ])
        let inventory = try DemoInventory.load()
        let steps = try ExecutableStep.steps(of: Scheduler.schedule(plan, inventory: inventory).schedule)
        #expect(steps.first { $0.id == "c/reprotect/api" }?.afterGroups == ["a"])
        let store = try makeExecStore()
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let timeline = TimelineObserver()
        _ = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(), journal: journal, observer: timeline).run()
        #expect(try #require(timeline.started["c/reprotect/api"]) >= (try #require(timeline.finished["a/reprotect/web"])))
    }

    @Test("resume sends a start-together set's failbacks in one go, as the journal kept the set")
    func startTogetherSetSurvivesResume() throws {
        let plan = Fixture.plan([("erp", [])], [
            Fixture.reprotect("erp-app", group: "erp", using: "mt1"),
            Fixture.reprotect("erp-db", group: "erp", using: "mt1"),
            Fixture.failback("erp-app", dependsOn: ["erp/reprotect/erp-app"]),
            Fixture.failback("erp-db", dependsOn: ["erp/reprotect/erp-db"]),
        ])
        let inventory = try DemoInventory.load()
        let steps = try ExecutableStep.steps(of: Scheduler.schedule(plan, inventory: inventory).schedule)
        #expect(steps.filter { $0.startsTogether == "replication group erp" }.count == 2)
        let store = try makeExecStore()
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        // The first invocation stops at a failed reprotect of erp-db.
        let first = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(faults: [.failStep(step: "erp/reprotect/erp-db")]),
                                 journal: journal).run()
        #expect(first.status == .failed)
        #expect(first.steps["plan/failback/erp-app"] == .pending)
        let claim = try Journal.claimRun(journal.runID, in: store)
        #expect(claim.steps == steps)
        let timeline = TimelineObserver()
        let resumed = try Executor(runID: claim.journal.runID, steps: claim.steps, provider: SimProvider(), journal: claim.journal,
                                   observer: timeline).run()
        #expect(resumed.status == .succeeded)
        let dbReprotected = try #require(timeline.finished["erp/reprotect/erp-db"])
        #expect(timeline.started["plan/failback/erp-app"] == dbReprotected)
        #expect(timeline.started["plan/failback/erp-db"] == dbReprotected)
    }
}

/// Ctrl-C as the user presses it: raised (once, or twice) when a step starts.
final class RaiseOnStart: ExecutionObserver {
    let flag: InterruptFlag
    let times: Int

    init(_ flag: InterruptFlag, times: Int = 1) {
        self.flag = flag
        self.times = times
    }

    func executor(_ update: ExecutionUpdate) {
        guard case .stepStarted = update else { return }
        for _ in 0..<times { flag.raise() }
    }
}
