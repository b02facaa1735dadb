import Foundation
import GRDB
import RPLInventory
import RPLRuntime
import RPLStore
import Testing

/// The journal queues changes and commits them in batches; the executor's
/// durability rule says when a batch must be committed.
@Suite("Journal batching")
struct JournalBatchingTests {
    @Test("queued changes are invisible to readers until committed, then all at once")
    func commitMakesQueuedChangesVisible() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), failback("web", after: ["app/reprotect/web"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        try journal.stepStarted(steps[0], attempt: 1)
        try journal.stepDone(steps[0])
        #expect(try statuses(store, journal.runID) == [.pending, .pending])
        #expect(try machineStates(store)["web"] == .failedOver)
        try journal.commit(syncToDisk: false)
        #expect(try statuses(store, journal.runID) == [.done, .pending])
        #expect(try machineStates(store)["web"] == .reprotected)
    }

    @Test("a commit that does not sync leaves the store's connection as it found it")
    func unsyncedCommitRestoresTheConnection() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web")]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let before = try store.dbQueue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        try journal.stepStarted(steps[0], attempt: 1)
        try journal.commit(syncToDisk: false)
        #expect(try store.dbQueue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == before)
        try journal.stepDone(steps[0])
        try journal.commit(syncToDisk: true)
        #expect(try store.dbQueue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == before)
    }

    /// Answers every request on the next call, and looks at the journal
    /// as another process would at the moment each request arrives.
    final class InspectingProvider: Provider {
        let store: InventoryStore
        let runID: String
        var description: String { "inspecting" }
        var now: Double = 0
        var queued: [StepReply] = []
        /// Per request: the journaled status of the step sent and of each step it waits for.
        var seen: [(step: StepStatus?, waitedFor: [StepStatus?])] = []

        init(store: InventoryStore, runID: String) {
            self.store = store
            self.runID = runID
        }

        func send(_ request: StepRequest) throws(ProviderError) {
            let journaled = (try? JournalReader.runs(in: store, id: runID).first?.steps) ?? []
            func status(_ id: String) -> StepStatus? { journaled.first { $0.id == id }?.status }
            seen.append((status(request.step.id), request.step.dependsOn.map(status)))
            queued.append(StepReply(step: request.step.id, error: nil))
        }

        func nextReply(until deadline: Double?, interrupt: InterruptFlag?) throws(ProviderError) -> StepReply? {
            now += 1
            return queued.isEmpty ? nil : queued.removeFirst()
        }

        func close() {}
    }

    @Test("a request reaches a provider outside the process only once the journal holds its start and what it waited for")
    func requestFollowsItsJournal() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), reprotect("api", mt: "mt2"), failback("web", after: ["app/reprotect/web", "app/reprotect/api"]),
                     failback("api", after: ["app/reprotect/api"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let provider = InspectingProvider(store: store, runID: journal.runID)
        let result = try Executor(runID: journal.runID, steps: steps, provider: provider, journal: journal).run()
        #expect(result.status == .succeeded)
        #expect(provider.seen.count == 4)
        for request in provider.seen {
            #expect(request.step == .running)
            #expect(request.waitedFor.allSatisfy { $0 == .done }, "\(request.waitedFor)")
        }
    }

    @Test("a simulated run commits everything by its end")
    func simulatedRunEndsCommitted() throws {
        let store = try makeExecStore()
        let steps = [reprotect("web"), failback("web", after: ["app/reprotect/web"])]
        let journal = try Journal.createRun(in: store, plan: planRecord(), steps: steps)
        let result = try Executor(runID: journal.runID, steps: steps, provider: SimProvider(), journal: journal).run()
        #expect(result.status == .succeeded)
        #expect(try statuses(store, journal.runID) == [.done, .done])
        #expect(try machineStates(store)["web"] == .failedBack)
    }

    private func statuses(_ store: InventoryStore, _ runID: String) throws -> [StepStatus] {
        try #require(try JournalReader.runs(in: store, id: runID).first).steps.map(\.status)
    }
}
