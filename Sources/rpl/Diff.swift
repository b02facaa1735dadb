import ArgumentParser
import Foundation
import RPLDiff
import RPLPipeline

/// `rpl diff OLD NEW`: what two versions of a plan do differently.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What two versions of a plan do differently: machines, parameters, order, diagnostics, schedule.",
        discussion: """
            OLD and NEW are plan files, git revisions of one (HEAD~1:plans/erp.rpl, read with git show), or \
            the id of a journaled run (what it executed); `rpl diff A..B PLAN` compares two revisions of PLAN. \
            Both are checked against the same inventory, evaluated and scheduled, and compared by what they \
            do: a change of formatting, comments or a binding's name is no change in behaviour. \
            Exit status, as git diff --exit-code: 0 the same behaviour, 1 a different one, 2 usage or I/O errors.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @ArgumentParser.Argument(help: "The old version (a file, REV:PATH, a run id, or A..B with PLAN).")
    var old: String

    @ArgumentParser.Argument(help: "The new version (a file, REV:PATH or a run id; PLAN after A..B).")
    var new: String

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "Output format: text, json or markdown (for a pull-request comment).")
    var format: Format = .text

    @Option(help: "The time rules depend on (ISO 8601). Default: now.")
    var now: String?

    func run() throws {
        let workspace = try inventoryOptions.workspace(now: now)
        let sources = PlanSource.pair(old, new)
        let diff = try pipeline { () throws(PipelineFailure) in
            let inventory = try workspace.readInventory()
            let runs = try workspace.location.existingRunDatabase(mode: .readOnly)?.store
            let oldPlan = try sources.old.read(runs: runs)
            let newPlan = try sources.new.read(runs: runs)
            return BehaviourDiff(old: workspace.behaviour(of: oldPlan.file, inventory: inventory, readModule: oldPlan.readModule),
                                 new: workspace.behaviour(of: newPlan.file, inventory: inventory, readModule: newPlan.readModule))
        }
        let rendering = DiffRendering(oldLabel: sources.old.label, newLabel: sources.new.label)
        switch format {
        case .text: writeOut(rendering.text(diff))
        case .json: writeOut(rendering.json(diff))
        case .markdown: writeOut(rendering.markdown(diff))
        }
        if !diff.isSameBehaviour { throw ExitCode(1) }
    }
}
