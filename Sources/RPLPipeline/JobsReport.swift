import Foundation
import RPLInventory
import RPLRuntime
import RPLSource
import RPLStore

/// Runs as `rpl jobs` and the REPL's `:jobs` show them.
public enum JobsReport {
    /// `{"runs": [...]}`, newest first; docs/cli.md, "JSON outputs", lists every key.
    public static func json(_ runs: [RunRecord]) -> JSONValue {
        .object([("runs", .array(runs.map { run in
            var members: [(String, JSONValue)] = [
                ("id", .string(run.id)), ("plan", .string(run.planName)),
                ("plan_version", run.planVersion.map { .number(Double($0)) } ?? .null), ("status", .string(run.status.rawValue)),
                ("provider", .string(run.provider)), ("started_at", .string(iso(run.startedAt))),
                ("ended_at", run.endedAt.map { .string(iso($0)) } ?? .null), ("plan_sha256", .string(run.planSHA256)),
                ("pid", .int(run.pid)),
            ]
            members.append(("steps", .array(run.steps.map { step in
                var fields: [(String, JSONValue)] = [
                    ("id", .string(step.id)), ("action", .string(step.action.rawValue)),
                    ("machine", step.machine.map(JSONValue.string) ?? .null), ("status", .string(step.status.rawValue)),
                    ("attempts", .int(step.attempts)),
                ]
                if let error = step.error { fields.append(("error", .string(error))) }
                return .object(fields)
            })))
            return .object(members)
        }))])
    }

    public static func text(_ runs: [RunRecord], detailed: Bool) -> String {
        if runs.isEmpty { return "no runs\n" }
        var out = ""
        for run in runs {
            let done = run.steps.filter { $0.status.isComplete }.count
            out += "\(run.id)  \(run.status.rawValue)  plan \(run.planName)\(run.planVersion.map { " version \($0)" } ?? "")  \(done)/\(run.steps.count) steps done  started \(iso(run.startedAt))  \(run.provider)\n"
            if run.status == .interrupted {
                out += "  [RP803] \(RunInterruption.message(run: run.id, pid: run.pid, hostname: run.hostname)); \(RunInterruption.resumeHelp(run.id))\n"
            }
            guard detailed else { continue }
            for step in run.steps {
                out += "  \(ProgressBoard.pad(step.id, 32))\(ProgressBoard.pad(step.status.rawValue, 9))"
                out += step.attempts > 1 ? "attempts \(step.attempts)" : ""
                out += step.error.map { "  \($0)" } ?? ""
                out += "\n"
            }
            if !run.events.isEmpty { out += "events:\n" }
            for event in run.events {
                let code = event.code.map { "[\($0.rawValue)]" } ?? ""
                out += "  \(iso(event.time))  \(event.severity.rawValue)\(code): \(event.message)\n"
            }
        }
        return out
    }

    /// Whole seconds: a run is not timed to the millisecond in a listing.
    static func iso(_ date: Date) -> String { ISO8601.format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))) }
}
