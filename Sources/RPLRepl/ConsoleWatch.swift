import Foundation
import RPLPipeline
import RPLRuntime
import RPLStore

/// `:watch` and `:cancel`: runs started elsewhere (`rpl run` in another
/// terminal, another REPL), seen through the journal they write.
extension ReplSession {
    /// Prints each step's changes until the run is no longer running.
    func watch(_ id: String, pollEvery interval: TimeInterval = 0.5) -> String {
        var text = ""
        let emit: (String) -> Void = { [progress] line in
            if let progress { progress(line + "\n") } else { text += line + "\n" }
        }
        var seen: [String: StepStatus] = [:]
        while true {
            let run: RunRecord
            do {
                guard let found = try workspace.runs(id: id).runs.first else { return text }
                run = found
            } catch {
                return text + render(error)
            }
            for step in run.steps where seen[step.id] != step.status {
                seen[step.id] = step.status
                emit("\(ProgressBoard.pad(step.status.rawValue, 8)) \(step.id)\(step.error.map { ": \($0)" } ?? "")")
            }
            guard run.status == .running else {
                return text + "run \(id) \(run.status.rawValue)\n"
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// Asks a live run on this host to stop starting new steps, as Ctrl-C
    /// in its terminal does (SIGINT): it finishes the steps in flight and
    /// pauses, resumable.
    func cancel(_ id: String) -> String {
        do {
            guard let run = try workspace.runs(id: id).runs.first else { return "no run \(id)\n" }
            guard run.status == .running else { return "run \(id) is \(run.status.rawValue), not running: nothing to cancel\n" }
            guard run.hostname == ProcessInfo.processInfo.hostName else {
                return "run \(id) runs on \(run.hostname): cancel it there (Ctrl-C in its terminal)\n"
            }
            guard kill(pid_t(run.pid), SIGINT) == 0 else { return "cannot signal pid \(run.pid): \(String(cString: strerror(errno)))\n" }
            return "run \(id): asked pid \(run.pid) to stop starting new steps; it pauses once the steps in flight end (`:watch \(id)`)\n"
        } catch {
            return render(error)
        }
    }
}
