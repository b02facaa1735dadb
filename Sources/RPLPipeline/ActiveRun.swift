import Foundation
import RPLRuntime
import RPLSource
import RPLStore

/// A run journaled and claimed by this process, its provider started:
/// what `startRun` and `resume` hand back, ready to execute.
public final class ActiveRun {
    public let journal: Journal
    public let planName: String
    public let steps: [ExecutableStep]
    public let provider: Provider
    /// `sim` or `exec:COMMAND`, as journaled.
    public let providerName: String
    /// Durations on the wall clock (a real provider) rather than simulated.
    public let measured: Bool
    /// The steps' statuses before this invocation (empty for a new run).
    public let journaled: [String: StepStatus]
    public let estimatedCompletionSeconds: Int64
    public let database: RunDatabase
    /// Said before executing: RP803 for a run that was interrupted, RP211 for agents not registered yet.
    public let diagnostics: [Diagnostic]

    init(journal: Journal, planName: String, steps: [ExecutableStep], provider: Provider, providerName: String, measured: Bool,
         journaled: [String: StepStatus], estimatedCompletionSeconds: Int64, database: RunDatabase, diagnostics: [Diagnostic]) {
        self.journal = journal
        self.planName = planName
        self.steps = steps
        self.provider = provider
        self.providerName = providerName
        self.measured = measured
        self.journaled = journaled
        self.estimatedCompletionSeconds = estimatedCompletionSeconds
        self.database = database
        self.diagnostics = diagnostics
    }

    public var runID: String { journal.runID }

    public var remainingCount: Int { steps.filter { journaled[$0.id]?.isComplete != true }.count }

    /// Runs the steps to the end, a pause or a failure, and closes the provider.
    public func execute(observer: ExecutionObserver?, interrupt: InterruptFlag?) throws(PipelineFailure) -> RunOutcome {
        defer { provider.close() }
        do {
            let executor = try Executor(runID: runID, steps: steps, provider: provider, journal: journal,
                                        observer: observer, interrupt: interrupt)
            return RunOutcome(run: self, result: try executor.run())
        } catch {
            // Marked failed now, so the run can be resumed at once instead of
            // looking alive until its heartbeat goes stale.
            try? journal.setStatus(.failed)
            throw .usage("run \(runID) stopped: \(error)")
        }
    }
}

/// How an execution ended, and the words for it.
public struct RunOutcome: Sendable {
    public var runID: String
    public var result: ExecutionResult
    public var summary: String

    init(run: ActiveRun, result: ExecutionResult) {
        runID = run.runID
        self.result = result
        let done = result.count(.done) + result.count(.skipped)
        var text = "run \(run.runID) \(result.status.rawValue): \(done) of \(run.steps.count) steps done"
        if result.count(.failed) > 0 { text += ", \(result.count(.failed)) failed" }
        text += "\ncompletion: \(ProgressBoard.clock(result.elapsedSeconds)) this time (\(run.measured ? "measured" : "simulated"))"
        text += ", estimated \(ProgressBoard.clock(Double(run.estimatedCompletionSeconds)))\n"
        text += "database: \(run.database.path)\n"
        switch result.status {
        case .paused where !result.waiting.isEmpty:
            text += "waiting for: \(result.waiting.joined(separator: ", ")); continue with `rpl resume \(run.runID) --confirm STEP`\n"
        case .paused, .failed:
            text += "continue with `rpl resume \(run.runID)`\n"
        default: break
        }
        summary = text
    }

    /// A pause at a manual step is the plan doing what it says; a run that
    /// failed, or was stopped before its end, did not succeed (exit 1).
    public var succeeded: Bool {
        !(result.status == .failed || (result.status == .paused && result.waiting.isEmpty))
    }
}
