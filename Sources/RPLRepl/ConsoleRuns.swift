import Foundation
import RPLCheck
import RPLInventory
import RPLPipeline
import RPLRuntime
import RPLSource
import RPLStore

/// The REPL as the operator's console: `:run` is a journaled run on the
/// session's run database through the session's provider, the same
/// pipeline `rpl run` uses, so `rpl jobs` in another terminal sees it and
/// `rpl resume` (or `:resume`) continues it.
extension ReplSession {
    /// `:plan`: the session as a plan, scheduled, as `rpl plan` prints it.
    func planText() -> String {
        let (diagnostics, plan) = checkSession()
        guard let plan, !diagnostics.hasErrors else { return render(diagnostics) }
        guard !plan.steps.isEmpty else { return "the session has no steps yet: type a group, a reprotect or a failback\n" }
        do {
            let prepared = try workspace.prepare(plan, diagnostics: diagnostics, inventory: inventory)
            return render(prepared.diagnostics) + PlanText(width: planWidth).render(prepared.schedule, inventory: inventory)
        } catch {
            return render(error)
        }
    }

    /// `:run`: check, schedule and journal the session's plan, then run it;
    /// through a provider that changes real systems, only after the
    /// operator has typed the plan's name.
    func runPlan() -> String {
        let (diagnostics, plan) = checkSession()
        guard let plan, !diagnostics.hasErrors else { return render(diagnostics) + "not run: the session's plan has errors\n" }
        do {
            let database = try openRunDatabase()
            let prepared = try workspace.prepareRun(plan, diagnostics: diagnostics, inventory: inventory, in: database)
            guard provider.changesRealSystems else { return render(prepared.diagnostics) + start(prepared, in: database) }
            awaitingConfirmation = (prepared, database)
            let preview = prepared.requestPreview(for: provider)
            guard preview.diagnostics.isEmpty else {
                awaitingConfirmation = nil
                return render(prepared.diagnostics + preview.diagnostics) + "not run: a request lacks an ARM id\n"
            }
            return render(prepared.diagnostics)
                + "plan \(prepared.name) will send \(prepared.steps.count) request\(prepared.steps.count == 1 ? "" : "s") to \(provider.journalName):\n"
                + preview.text
                + "this changes real systems. Type the plan's name (\(prepared.name)) to run it; anything else cancels.\n"
        } catch {
            return render(error) + "not run\n"
        }
    }

    /// The answer to `:run`'s question.
    func confirmRun(_ answer: String) -> String {
        guard let (prepared, database) = awaitingConfirmation else { return "" }
        awaitingConfirmation = nil
        guard answer.trimmingCharacters(in: .whitespaces) == prepared.name else { return "not run: the answer was not '\(prepared.name)'\n" }
        return start(prepared, in: database)
    }

    private func start(_ prepared: PreparedRun, in database: RunDatabase) -> String {
        do {
            let active = try workspace.startRun(prepared, planPath: "<repl>", in: database, provider: provider)
            let text = execute(active, intro: "run \(active.runID) of plan \(active.planName) (\(active.steps.count) step\(active.steps.count == 1 ? "" : "s"), provider \(active.providerName))")
            if let run = try? workspace.runs(id: active.runID).runs.first, run.status == .succeeded {
                dropPlanStatements()
                return text + "the plan's statements ran and left the session (definitions stay); machine states moved on\n"
            }
            return text
        } catch {
            return render(error) + "not run\n"
        }
    }

    /// `:resume RUN` and `:confirm RUN STEP`.
    func resumeRun(_ id: String, confirming: [String]) -> String {
        do {
            let active = try workspace.resume(id, confirming: confirming, in: try workspace.existingRunDatabase())
            return render(active.diagnostics)
                + execute(active, intro: "run \(id): resuming plan \(active.planName), \(active.remainingCount) of \(active.steps.count) steps left, provider \(active.providerName)")
        } catch {
            return render(error)
        }
    }

    /// Runs with progress printed as it happens, then reloads the machines'
    /// states from the database the run wrote them to.
    private func execute(_ active: ActiveRun, intro: String) -> String {
        var text = ""
        let emit: (String) -> Void = { [progress] line in
            if let progress { progress(line + "\n") } else { text += line + "\n" }
        }
        emit(intro)
        defer { reloadInventory(from: active.database) }
        do {
            let outcome = try active.execute(observer: ProgressPrinter(runID: active.runID, color: color, emit: emit), interrupt: nil)
            return text + outcome.summary
        } catch {
            return text + render(error)
        }
    }

    /// `:jobs [RUN]`: the journal of the session's run database.
    func jobsText(_ id: String) -> String {
        do {
            let listing = try workspace.runs(id: id.isEmpty ? nil : id)
            if listing.runs.isEmpty { return "no runs in \(listing.databasePath) (`:run` starts one)\n" }
            return JobsReport.text(listing.runs, detailed: !id.isEmpty)
        } catch {
            return render(error)
        }
    }

    /// The run database, created as `rpl run` would; the session then
    /// checks against its machines' states.
    func openRunDatabase() throws(PipelineFailure) -> RunDatabase {
        let database = try workspace.location.openRunDatabase()
        reloadInventory(from: database)
        return database
    }

    func reloadInventory(from database: RunDatabase) {
        if let loaded = try? database.store.loadInventory() { inventory = loaded }
    }

    func render(_ failure: PipelineFailure) -> String {
        render(failure.diagnostics) + failure.details.map { $0 + "\n" }.joined() + (failure.message.map { "error: \($0)\n" } ?? "")
    }
}

/// Prints each change of a run as it happens, as `rpl run` does into a file.
final class ProgressPrinter: ExecutionObserver {
    let runID: String
    let color: Bool
    let emit: (String) -> Void

    init(runID: String, color: Bool, emit: @escaping (String) -> Void) {
        self.runID = runID
        self.color = color
        self.emit = emit
    }

    func executor(_ update: ExecutionUpdate) {
        guard let line = ProgressLine.line(for: update, runID: runID, color: color) else { return }
        emit(String(line.text.dropLast()))
    }
}
