import Foundation
import RPLPipeline
import RPLRuntime

/// The live board on a terminal, redrawn in place; otherwise one
/// timestamped line per change (time on the run's clock).
final class ProgressDisplay: ExecutionObserver {
    private var board: ProgressBoard
    private let runID: String
    private let live: Bool
    private var drawnLines = 0
    private var lastDraw = Date.distantPast
    /// Asked once: reading the environment at each of a run's 100,000 updates cost more than the run.
    private let color = Terminal.wantsColor(fileDescriptor: 2)

    init(board: ProgressBoard, runID: String, live: Bool) {
        self.board = board
        self.runID = runID
        self.live = live
    }

    func executor(_ update: ExecutionUpdate) {
        board.apply(update)
        if live {
            // At most four frames a second: a frame is the whole board, and
            // the simulator sends thousands of updates a second.
            if Date().timeIntervalSince(lastDraw) < 0.25 { return }
            redraw()
            return
        }
        guard let line = ProgressLine.line(for: update, runID: runID, color: color, clock: board.clock)
        else { return }
        if line.isProblem { printError(line.text) } else { writeOut(line.text) }
    }

    private func redraw() {
        let width = max(40, terminalWidth() - 1)
        var text = drawnLines > 0 ? "\u{1B}[\(drawnLines)F" : ""
        let lines = board.lines(width: width)
        for line in lines { text += line + "\u{1B}[K\n" }
        text += "\u{1B}[J"
        writeOut(text)
        drawnLines = lines.count
        lastDraw = Date()
    }

    func finish() {
        if live { redraw() }
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        return ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 100
    }
}
