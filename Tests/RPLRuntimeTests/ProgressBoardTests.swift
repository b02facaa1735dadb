import RPLInventory
import RPLRuntime
import Testing

@Suite struct ProgressBoardTests {
    let reprotect = ExecutableStep(id: "app/reprotect/web", action: .reprotect(machine: "web", masterTarget: "mt1", processServer: "ps",
                                                                              datastore: "ds1", retention: nil),
                                   group: "app", dependsOn: [], estimatedStart: 0, estimatedSeconds: 600)
    let failback = ExecutableStep(id: "plan/failback/web", action: .failback(machine: "web"), group: nil,
                                  dependsOn: ["app/reprotect/web"], estimatedStart: 600, estimatedSeconds: 300)

    func lines(_ board: ProgressBoard, about machine: String) -> [String] {
        board.lines(width: 200).filter { $0.contains(machine) }
    }

    /// The live display once showed `reprotect web reprotecting` and
    /// `failback web reprotected, pending` at the same time: every line
    /// about a machine reads its one current state.
    @Test func everyLineAboutAMachineShowsItsOneCurrentState() {
        var board = ProgressBoard(steps: [reprotect, failback])
        board.apply(.stepStarted(reprotect, attempt: 1, clock: 1))
        #expect(board.machineStates["web"] == .reprotecting)
        #expect(board.state(of: reprotect) == "reprotecting")
        #expect(board.state(of: failback) == "pending (web reprotecting)")
        #expect(!lines(board, about: "web").contains { $0.contains("reprotected") })

        board.apply(.stepFinished(reprotect, status: .done, error: nil, clock: 600))
        board.apply(.stepStarted(failback, attempt: 1, clock: 601))
        #expect(board.state(of: failback) == "failing-back")
        #expect(board.state(of: reprotect) == "done (web failing-back)")

        board.apply(.stepFinished(failback, status: .failed, error: "no", clock: 700))
        #expect(board.machineStates["web"] == .reprotected)
    }

    @Test func aResumedRunStartsFromTheStatesTheJournalLeft() {
        let board = ProgressBoard(steps: [reprotect, failback], journaled: ["app/reprotect/web": .done])
        #expect(board.machineStates["web"] == .reprotected)
        #expect(board.state(of: failback) == "pending (web reprotected)")
    }
}
