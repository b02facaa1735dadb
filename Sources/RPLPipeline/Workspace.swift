import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource
import RPLStore
import RPLSyntax

/// The way from bytes to journal, once, for every front end: `rpl check`,
/// `rpl plan`, `rpl run`, `rpl resume`, `rpl jobs` and the REPL. It owns
/// where the inventory comes from, the clock rules read, and the run
/// database; each step of the way is a method, and every failure is a
/// `PipelineFailure` the front end only has to print.
public final class Workspace: Sendable {
    public let location: InventoryLocation
    /// The time rules depend on (`--now`).
    public let now: Date

    public init(location: InventoryLocation, now: Date = Date()) {
        self.location = location
        self.now = now
    }

    /// `--inventory PATH` (nil: the demo inventory).
    public convenience init(inventoryPath: String?, now: Date = Date()) throws(PipelineFailure) {
        self.init(location: try InventoryLocation(path: inventoryPath), now: now)
    }

    /// The inventory, read without changing anything.
    public func readInventory() throws(PipelineFailure) -> Inventory { try location.readInventory() }

    /// Check plans; `producesPlan: false` skips building the step graph
    /// when only the diagnostics are wanted. Takes the tree: see `Checker.check`.
    public func check(_ tree: consuming SyntaxTree, inventory: Inventory, producesPlan: Bool = true) -> CheckResult {
        Checker.check(consume tree, inventory: inventory, options: CheckOptions(now: now, producesPlan: producesPlan))
    }

    // MARK: - Starting a run

    /// Check and schedule a plan file against the run database's inventory
    /// (the machines' states as earlier runs left them). A live run on these
    /// machines is the first thing said: the checker would only see its
    /// traces (RP201, "web is reprotecting").
    public func prepareRun(_ file: SourceFile, in database: RunDatabase) throws(PipelineFailure) -> PreparedRun {
        let inventory: Inventory
        do { inventory = try database.store.loadInventory() } catch {
            throw .usage("cannot load inventory '\(database.path)': \(error)")
        }
        let tree = Parser.parse(file)
        let header = tree.header
        let checked = Checker.check(consume tree, inventory: inventory, options: CheckOptions(now: now))
        var diagnostics = checked.diagnostics
        if let stale = versionWarning(for: file, header: header, inventory: inventory, in: database.store) {
            diagnostics.append(stale)
        }
        return try prepareRun(checked.plan, diagnostics: diagnostics, inventory: inventory, in: database)
    }

    /// The same without a run database (`rpl run --dry-run`): no locks to look at.
    public func prepareRun(_ file: SourceFile, inventory: Inventory) throws(PipelineFailure) -> PreparedRun {
        let checked = Checker.check(Parser.parse(file), inventory: inventory, options: CheckOptions(now: now))
        return try prepareRun(checked.plan, diagnostics: checked.diagnostics, inventory: inventory, in: nil)
    }

    /// The same for a plan the caller checked (the REPL's session).
    public func prepareRun(_ plan: EvaluatedPlan?, diagnostics: [Diagnostic], inventory: Inventory,
                           in database: RunDatabase?) throws(PipelineFailure) -> PreparedRun {
        var diagnostics = diagnostics
        if let database, let plan {
            let holders: [Journal.Holder]
            do { holders = try Journal.holders(of: Set(plan.steps.compactMap(\.action.machine)), in: database.store) } catch {
                throw .usage("\(error)")
            }
            if let live = holders.first(where: \.alive) {
                throw .usage("\(JournalError.machinesInUse(run: live.run, pid: live.pid, hostname: live.hostname, machines: live.machines))")
            }
            if diagnostics.hasErrors {
                diagnostics += holders.map {
                    RunDiagnostics.interrupted(run: $0.run, pid: $0.pid, hostname: $0.hostname, machines: $0.machines,
                                               severity: .note, file: plan.file)
                }
            }
        }
        return try runnable(try prepare(plan, diagnostics: diagnostics, inventory: inventory))
    }

    /// Journals a new run (taking its machines' lock) and starts its provider.
    public func startRun(_ prepared: PreparedRun, planPath: String, in database: RunDatabase,
                         provider spec: ProviderSpec) throws(PipelineFailure) -> ActiveRun {
        try FaultCheck.validate(spec, steps: prepared.steps, inventory: prepared.prepared.inventory)
        let file = prepared.prepared.plan.file
        let record = RunPlanRecord(name: prepared.name, version: prepared.prepared.plan.version, file: planPath,
                                   text: String(decoding: file.bytes, as: UTF8.self),
                                   provider: spec.journalName, seed: spec.seed, estimatedCompletionSeconds: prepared.estimatedCompletionSeconds)
        let journal: Journal
        do { journal = try Journal.createRun(in: database.store, plan: record, steps: prepared.steps) } catch {
            throw .usage("\(error)")
        }
        let provider: Provider
        do { provider = try spec.makeProvider(store: database.store, inventory: prepared.prepared.inventory) } catch {
            try? journal.setStatus(.failed)
            throw error
        }
        return ActiveRun(journal: journal, planName: prepared.name, steps: prepared.steps, provider: provider,
                         providerName: spec.journalName, measured: spec.isMeasured, journaled: [:],
                         estimatedCompletionSeconds: prepared.estimatedCompletionSeconds, database: database, diagnostics: [])
    }

    // MARK: - Resuming

    /// Takes an interrupted, paused or failed run over, confirming the
    /// named manual steps, and starts its provider again (the simulator
    /// without the original faults, as if they were repaired).
    public func resume(_ runID: String, confirming: [String] = [], in database: RunDatabase) throws(PipelineFailure) -> ActiveRun {
        let claim: Journal.Claim
        do { claim = try Journal.claimRun(runID, in: database.store, confirming: confirming) } catch {
            throw .usage("\(error)")
        }
        var diagnostics: [Diagnostic] = []
        if claim.wasInterrupted {
            diagnostics.append(RunDiagnostics.interrupted(run: runID, pid: claim.run.pid, hostname: claim.run.hostname, severity: .warning))
        }
        let spec = ProviderSpec(parsing: claim.run.provider, seed: claim.run.seed ?? 1) ?? .sim(seed: claim.run.seed ?? 1, faults: [])
        let inventory = try? database.store.loadInventory()
        let provider: Provider
        do { provider = try spec.makeProvider(store: database.store, inventory: inventory ?? Inventory()) } catch {
            try? claim.journal.setStatus(.failed)
            throw error
        }
        let journaled = Dictionary(uniqueKeysWithValues: claim.run.steps.map { ($0.id, $0.status) })
        let pending = claim.steps.filter { journaled[$0.id]?.isComplete != true }
        if let inventory {
            diagnostics += AgentRegistration.warnings(for: pending, run: runID, inventory: inventory, now: now)
        }
        return ActiveRun(journal: claim.journal, planName: claim.run.planName, steps: claim.steps, provider: provider,
                         providerName: claim.run.provider, measured: spec.isMeasured, journaled: journaled,
                         estimatedCompletionSeconds: claim.run.estimatedCompletionSeconds, database: database, diagnostics: diagnostics)
    }

    // MARK: - Listing

    /// The runs journaled in the run database, newest first, with the path
    /// looked at. Listing is reading: a database that does not exist yet
    /// holds no runs and is not created (nor re-imported).
    public func runs(id: String? = nil) throws(PipelineFailure) -> (databasePath: String, runs: [RunRecord]) {
        let path = location.runDatabasePath
        guard let database = try location.existingRunDatabase(mode: .readOnly) else {
            if let id { throw .usage("no run \(id): there is no run database at \(path) yet") }
            return (path, [])
        }
        let runs: [RunRecord]
        do { runs = try JournalReader.runs(in: database.store, id: id, withEvents: id != nil) } catch {
            throw .usage("\(error)")
        }
        if let id, runs.isEmpty { throw .usage("no run \(id) in \(path)") }
        return (path, runs)
    }

    /// The run database for `rpl resume`: it must exist already.
    public func existingRunDatabase() throws(PipelineFailure) -> RunDatabase {
        guard let database = try location.existingRunDatabase(mode: .readWrite) else {
            throw .usage("there is no run database at \(location.runDatabasePath) (runs on \(location.name) are journaled there): nothing to resume")
        }
        return database
    }
}
