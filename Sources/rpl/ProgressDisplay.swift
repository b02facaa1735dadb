import Foundation
import RPLPipeline
import RPLRuntime
import RPLSource

/// The live board on a terminal, redrawn in place; otherwise one
/// timestamped line per change (time on the run's clock).
final class ProgressDisplay: ExecutionObserver {
    private var board: ProgressBoard
    private let runID: String
    private let live: Bool
    private var drawnLines = 0
    private var lastDraw = Date.distantPast

    init(board: ProgressBoard, runID: String, live: Bool) {
        self.board = board
        self.runID = runID
        self.live = live
    }

    func executor(_ update: ExecutionUpdate) {
        board.apply(update)
        if live {
            if case .tick = update, Date().timeIntervalSince(lastDraw) < 0.25 { return }
            redraw()
            return
        }
        let stamp = "[+\(ProgressBoard.clock(board.clock))]"
        switch update {
        case let .stepStarted(step, attempt, _):
            writeOut("\(stamp) \(step.id) started\(attempt > 1 ? " (attempt \(attempt))" : "")\n")
        case let .stepWaiting(step, _):
            writeOut("\(stamp) \(step.id) waiting for confirmation\n")
        case let .stepFinished(step, status, error, _):
            writeOut("\(stamp) \(step.id) \(status.rawValue)\(error.map { ": \($0)" } ?? "")\n")
        case let .event(event):
            // A finding with a code is a diagnostic like any other: the one renderer, in colour.
            guard let code = event.code else {
                let line = "\(stamp) \(event.severity.rawValue): \(event.message)\n"
                if event.severity == .note { writeOut(line) } else { printError(line) }
                return
            }
            let diagnostic = RunDiagnostics.forRun(runID, code, severity: event.severity, event.message)
            printError("\(stamp) " + TextRenderer(color: Terminal.wantsColor(fileDescriptor: 2)).render(diagnostic))
        case .tick:
            break
        }
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
