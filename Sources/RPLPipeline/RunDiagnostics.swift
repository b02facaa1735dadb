import RPLRuntime
import RPLSource

/// The run-time findings of the pipeline, as `Diagnostic`s like every other
/// message with a code: they render in colour, and in JSON and SARIF.
/// A run has no span of its own: they point at the plan's first byte, or,
/// for a run read back from the journal, at the run itself.
public enum RunDiagnostics {
    public static func at(_ file: SourceFile, _ code: DiagnosticCode, severity: Severity? = nil, _ message: String,
                          help: [String] = []) -> Diagnostic {
        Diagnostic(code, severity: severity, message, file: file, span: Span(0, 0), help: help)
    }

    /// A run read back from the journal: no source to show, the run's id as the place.
    public static func forRun(_ run: String, _ code: DiagnosticCode, severity: Severity? = nil, _ message: String,
                              help: [String] = []) -> Diagnostic {
        at(SourceFile(textless: "run \(run)"), code, severity: severity, message, help: help)
    }

    /// RP804: nothing to run.
    public static func noSteps(plan: String, file: SourceFile) -> Diagnostic {
        at(file, .RP804, "plan \(plan) has no steps: there is nothing to run",
           help: ["add a group with a reprotect or a failback; `rpl check` warns about an empty plan (RP710)"])
    }

    /// RP803, in its one wording: a run whose process is gone.
    public static func interrupted(run: String, pid: Int, hostname: String, machines: [String] = [],
                                   severity: Severity, file: SourceFile? = nil) -> Diagnostic {
        let message = RunInterruption.message(run: run, pid: pid, hostname: hostname, machines: machines)
        let help = [RunInterruption.resumeHelp(run)]
        return file.map { at($0, .RP803, severity: severity, message, help: help) }
            ?? forRun(run, .RP803, severity: severity, message, help: help)
    }
}
