import Foundation
import RPLCheck
import RPLInventory
@testable import RPLRuntime
import RPLSource
import RPLStore
import Testing

/// Commit and protection to Azure as a run executes them: the machine
/// states they move the machine through, the journal, and the classic
/// agent's registration wait (RP801, the same retry as a reprotect's).
@Suite("Executor: commit and protection to Azure")
struct CycleRunTests {
    func commit(_ machine: String, after: [String]) -> ExecutableStep {
        ExecutableStep(id: "plan/commit/\(machine)", action: .commit(machine: machine), group: nil, dependsOn: after,
                       estimatedStart: 0, estimatedSeconds: 120)
    }

    func protect(_ machine: String, after: [String]) -> ExecutableStep {
        let action = ProtectAction(machine: machine, architecture: .classic, processServer: "ps-onprem", appliance: nil,
                                   policy: "forward-classic")
        return ExecutableStep(id: "plan/protect/\(machine)", action: .protect(action), group: nil, dependsOn: after,
                              estimatedStart: 0, estimatedSeconds: 300)
    }

    @Test("reprotect, failback, commit, protect: the machine ends protected, every step done")
    func wholeCycle() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), failback("web", after: ["app/reprotect/web"]),
                     commit("web", after: ["app/failback/web"]), protect("web", after: ["plan/commit/web"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let result = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(seed: 7), journal: journal).run()
        #expect(result.status == .succeeded)
        #expect(try machineStates(store)["web"] == .protected)
        let run = try #require(try JournalReader.runs(in: store, id: journal.runID).first)
        #expect(run.steps.map(\.action) == [.reprotect, .failback, .commit, .protect])
    }

    @Test("a commit leaves the machine committed; the protect after it waits for it")
    func commitThenProtectInOrder() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), failback("web", after: ["app/reprotect/web"]), commit("web", after: ["app/failback/web"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        #expect(try Executor(runID: journal.runID, steps: steps, provider: SimProvider(seed: 1), journal: journal).run().status == .succeeded)
        #expect(try machineStates(store)["web"] == .committed)
    }

    @Test("RP801: after a classic failback, protection waits for the agent to register and retries")
    func classicProtectWaitsForTheAgent() throws {
        let store = try makeExecStore()
        let steps = [protect("web", after: [])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let provider = SimProvider(faults: [.agentLate(machine: "web", seconds: 12 * 60)])
        let result = try Executor(runID: journal.runID, steps: steps, provider: provider, journal: journal).run()
        #expect(result.status == .succeeded)
        let run = try #require(try JournalReader.runs(in: store, id: journal.runID, withEvents: true).first)
        #expect(run.events.filter { $0.code == .RP801 }.count >= 10)
        #expect(steps[0].waitsForAgentRegistration)
        // A modernized protection registers with the appliance, not the configuration server.
        var modernized = steps[0]
        modernized.action = .protect(ProtectAction(machine: "web", architecture: .modernized, processServer: "ps-appliance01",
                                                   appliance: "appliance01", policy: "forward-rcm"))
        #expect(!modernized.waitsForAgentRegistration)
    }

    @Test("a protect holds no reprotect slot of its process server, as the scheduler counts it")
    func protectsDoNotWaitForProcessServerSlots() throws {
        let steps = [protect("web", after: []), protect("api", after: [])]
        let timeline = TimelineObserver()
        let limits = ExecutionLimits(capacity: Capacity(reprotectsPerProcessServer: 1))
        let journal = try Journal.createRun(in: try makeExecStore(), plan: planRecord(), steps: steps)
        #expect(try Executor(runID: journal.runID, steps: steps, provider: SimProvider(seed: 3), journal: journal,
                             limits: limits, observer: timeline).run().status == .succeeded)
        #expect(timeline.started["plan/protect/web"] == timeline.started["plan/protect/api"])
    }

    @Test("the journal reads back a commit, a protect and a failback's recovery point")
    func journalRoundTrip() {
        let steps = [commit("web", after: []), protect("web", after: []),
                     ExecutableStep(id: "plan/failback/crm", action: .failback(machine: "crm", recoveryPoint: .appConsistent),
                                    group: nil, dependsOn: [], estimatedStart: 0, estimatedSeconds: 600)]
        for step in steps { #expect(ExecutableStep.action(fromParams: step.paramsJSON) == step.action) }
        #expect(steps[1].paramsJSON["policy"]?.stringValue == "forward-classic")
        #expect(steps[2].paramsJSON["recovery_point"]?.stringValue == "app-consistent")
        // A classic failback's request is unchanged: no recovery point.
        #expect(failback("web", after: []).paramsJSON["recovery_point"] == nil)
    }
}
