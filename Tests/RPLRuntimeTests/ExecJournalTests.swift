import Foundation
import GRDB
import RPLInventory
import RPLRuntime
import RPLStore
import Testing

@Suite("Exec: journal locks and records")
struct ExecJournalTests {
    @Test("a second run touching a machine of a live run is refused, naming the run and its pid")
    func liveRunHoldsItsMachines() throws {
        let store = try makeExecStore()
        let first = try Journal.createRun(in: store, plan: planRecord(), steps: [reprotect("web"), reprotect("api")])
        let error = #expect(throws: JournalError.self) {
            _ = try Journal.createRun(in: store, plan: planRecord(), steps: [reprotect("api", group: "other")])
        }
        guard case let .machinesInUse(run, pid, _, machines)? = error else {
            Issue.record("expected machinesInUse, got \(String(describing: error))")
            return
        }
        #expect(run == first.runID)
        #expect(pid == Int(getpid()))
        #expect(machines == ["api"])
        #expect(error?.description.contains(first.runID) == true)
        #expect(error?.description.contains("pid \(getpid())") == true)
        // Machines the first run does not touch are free.
        _ = try Journal.createRun(in: store, plan: planRecord(), steps: [reprotect("sql01", mt: "mt-win")])
    }

    @Test("RP803: a run whose process died is interrupted; its machines can be taken and it can be resumed")
    func staleLockIsInterrupted() throws {
        let store = try makeExecStore()
        let first = try Journal.createRun(in: store, plan: planRecord(), steps: [reprotect("web")])
        // A pid that is certainly dead: a child that has exited and been reaped.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE runs SET pid = ? WHERE id = ?", arguments: [Int(child.processIdentifier), first.runID])
        }
        #expect(try JournalReader.runs(in: store, id: first.runID).first?.status == .interrupted)
        let claim = try Journal.claimRun(first.runID, in: store)
        #expect(claim.wasInterrupted)
        let run = try #require(try JournalReader.runs(in: store, id: first.runID, withEvents: true).first)
        #expect(run.status == .running)
        #expect(run.events.contains { $0.code == .RP803 })
    }

    @Test("a run that is still alive cannot be resumed twice")
    func liveRunIsNotResumed() throws {
        let store = try makeExecStore()
        let run = try Journal.createRun(in: store, plan: planRecord(), steps: [reprotect("web")])
        #expect(throws: JournalError.self) { try Journal.claimRun(run.runID, in: store) }
        #expect(throws: JournalError.self) { try Journal.claimRun("no-such-run", in: store) }
    }

    @Test("runs are listed newest first, with the plan's SHA-256")
    func newestFirst() throws {
        let store = try makeExecStore()
        let a = try Journal.createRun(in: store, plan: planRecord("a"), steps: [reprotect("web")])
        try a.setStatus(.succeeded)
        let b = try Journal.createRun(in: store, plan: planRecord("b"), steps: [reprotect("api")])
        let runs = try JournalReader.runs(in: store)
        #expect(runs.map(\.id) == [b.runID, a.runID])
        // SHA-256 of "# a\n".
        #expect(runs[1].planSHA256 == "fd99dedae7c3f7532f8a65d60f811a05dc9dc3e1c5936b0c554c98aafdad8c10")
    }
}
