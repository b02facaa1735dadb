import Foundation
import RPLCheck
import RPLDiff
import RPLInventory
import RPLRuntime
import RPLSource
import RPLStore
import RPLSyntax

/// Plans as versions: what a plan does (the behaviour `rpl diff` compares),
/// and the warning that a version which already ran now does something else.
extension Workspace {
    /// A plan checked against `inventory` and, without errors, scheduled.
    /// `readModule` reads the modules it imports by path (a git revision's,
    /// for `rpl diff REV:PLAN`).
    public func behaviour(of file: SourceFile, inventory: Inventory,
                          readModule: @escaping @Sendable (String) -> [UInt8]? = CheckOptions.readModuleFromDisk) -> PlanBehaviour {
        let tree = Parser.parse(file)
        let checked = Checker.check(tree, inventory: inventory, options: CheckOptions(now: now, readModule: readModule))
        var diagnostics = checked.diagnostics
        var schedule: Schedule?
        if !diagnostics.hasErrors, let plan = checked.plan {
            let scheduled = Scheduler.schedule(plan, inventory: inventory, options: ScheduleOptions(now: now))
            diagnostics += scheduled.diagnostics
            if !scheduled.diagnostics.hasErrors { schedule = scheduled.schedule }
        }
        let plan = checked.plan ?? EvaluatedPlan(name: tree.planName, version: tree.header?.version, file: file, groups: [], steps: [])
        return PlanBehaviour(plan: plan, schedule: schedule, diagnostics: diagnostics)
    }

    /// RP711: the newest run journaled in `store` of a plan with this name
    /// and version executed a plan that behaves differently from this one.
    /// Both are read against the same inventory, so what differs is the
    /// plan, not the estate; formatting and comments never count.
    /// It takes the plan's header as parsed: parsing a 50,000-step plan a
    /// second time only to read it was a tenth of `rpl check`.
    public func versionWarning(for file: SourceFile, header: PlanHeader?, inventory: Inventory, in store: InventoryStore) -> Diagnostic? {
        guard let header, let version = header.version,
              let earlier = try? JournalReader.latestRun(ofPlan: header.name.text, version: version, in: store),
              earlier.text != String(decoding: file.bytes, as: UTF8.self) else { return nil }
        let diff = BehaviourDiff(old: behaviour(of: SourceFile(name: earlier.file, text: earlier.text), inventory: inventory),
                                 new: behaviour(of: file, inventory: inventory))
        // What runs, not what the checker says of it or the estimate.
        let changes = diff.changes.filter { ![.diagnostics, .schedule].contains($0.section) }
        guard !changes.isEmpty else { return nil }
        let rendering = DiffRendering(oldLabel: "run \(earlier.id)", newLabel: file.name)
        var notes = changes.prefix(3).map { "it changed: " + rendering.sentence($0) }
        if changes.count > 3 { notes.append("and \(changes.count - 3) more change\(changes.count == 4 ? "" : "s")") }
        let day = ISO8601.format(earlier.startedAt).prefix(10)
        return Diagnostic(
            .RP711,
            "version \(version) of \(header.name.text) ran on \(day) (run \(earlier.id)) with different steps; bump the version",
            at: Label(file: file, span: header.name.span),
            notes: notes,
            help: ["`rpl diff \(earlier.id) \(file.name)` shows every difference from what that run executed"])
    }
}
