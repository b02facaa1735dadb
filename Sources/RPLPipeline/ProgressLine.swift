import RPLRuntime
import RPLSource

/// A run's progress as one line per change, stamped with the run's clock:
/// what `rpl run` prints when its output is not a terminal, and what the
/// REPL prints under a run. Findings with a code are diagnostics, through
/// the one renderer.
public enum ProgressLine {
    public struct Line: Sendable {
        public var text: String
        /// A warning or an error: standard error, for the command line.
        public var isProblem: Bool
    }

    /// nil for updates that say nothing (ticks). `clock`: the stamp, by
    /// default the update's own time.
    public static func line(for update: ExecutionUpdate, runID: String, color: Bool, clock: Double? = nil) -> Line? {
        func stamp(_ own: Double) -> String { "[+\(ProgressBoard.clock(clock ?? own))]" }
        switch update {
        case let .stepStarted(step, attempt, at):
            return Line(text: "\(stamp(at)) \(step.id) started\(attempt > 1 ? " (attempt \(attempt))" : "")\n", isProblem: false)
        case let .stepWaiting(step, at):
            return Line(text: "\(stamp(at)) \(step.id) waiting for confirmation\n", isProblem: false)
        case let .stepFinished(step, status, error, at):
            return Line(text: "\(stamp(at)) \(step.id) \(status.rawValue)\(error.map { ": \($0)" } ?? "")\n", isProblem: false)
        case let .event(event):
            guard let code = event.code else {
                return Line(text: "\(stamp(event.clock)) \(event.severity.rawValue): \(event.message)\n", isProblem: event.severity != .note)
            }
            let diagnostic = RunDiagnostics.forRun(runID, code, severity: event.severity, event.message)
            return Line(text: "\(stamp(event.clock)) " + TextRenderer(color: color).render(diagnostic), isProblem: event.severity != .note)
        case .tick:
            return nil
        }
    }
}
