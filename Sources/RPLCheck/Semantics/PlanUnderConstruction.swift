import RPLSyntax

/// A plan group as `after` and RP103 read it once its body has been evaluated.
struct DeclaredGroup {
    var name: Name
    var after: [Name]
}

/// The plan as evaluation builds it: groups, steps, and the bookkeeping
/// that links them (which step reprotects a machine, the machines of a
/// group, the plan-level barrier), apart from the evaluator's scopes and
/// budget.
struct PlanUnderConstruction {
    var groups: [PlanGroup] = []
    /// Each group's name and `after`, without its body: a group's
    /// statements are freed once evaluated (see `Evaluator.evaluatePlan`).
    var declaredGroups: [String: DeclaredGroup] = [:]
    var currentGroup: String?
    var steps: [PlanStep] = []
    var stepIDs: Set<String> = []
    var reprotects: [PlannedReprotect] = []
    var reprotectSpans: [StepSpans] = []
    var failbacks: [PlannedFailback] = []
    var failbackSpans: [StepSpans] = []
    /// Machine → the step that reprotects it, for failback's dependency.
    var reprotectStep: [String: String] = [:]
    /// Plan group → machines it reprotects, for `failback GROUP` (through
    /// `machines(ofGroup:)`: the group being evaluated keeps its own list).
    private var groupMachines: [String: [String]] = [:]
    /// The machines the group being evaluated reprotects so far: appended
    /// without hashing the group's name for each step (20 M instructions on
    /// a 50k plan), and moved into `groupMachines` when the group ends.
    private var currentGroupMachines: [String] = []
    /// Machines reprotected through a reprotect agent so far (a failback after one needs no classic reprotect).
    var reprotectedThroughAgent: Set<String> = []
    /// Every machine reprotected so far, either way, in plan order (`failback all`).
    var reprotectedInOrder: [String] = []
    /// Machine → its failback step, for commit's dependency; machines failed back, in plan order (`commit all`).
    var failbackStep: [String: String] = [:]
    var failedBackInOrder: [String] = []
    /// Machine → its commit step, for protect's dependency; machines committed, in plan order (`protect all`).
    var commitStep: [String: String] = [:]
    var committedInOrder: [String] = []
    var barrier: String?
    var sinceBarrier: [String] = []
    var waitCount = 0
    var tooManyStepsReported = false
    /// The modernized reprotects' load on each appliance (RP914, RP601).
    var applianceLoad = ApplianceLoad()

    /// A machine the group being evaluated (if any) reprotects.
    mutating func addToCurrentGroup(_ machine: String) {
        if currentGroup != nil { currentGroupMachines.append(machine) }
    }

    /// The machines a plan group reprotects, in plan order.
    func machines(ofGroup name: String) -> [String] {
        let ended = groupMachines[name] ?? []
        return name == currentGroup ? ended + currentGroupMachines : ended
    }

    /// Evaluation leaves the current group: its machines join the others'.
    mutating func endGroup() {
        if let group = currentGroup, !currentGroupMachines.isEmpty {
            groupMachines[group, default: []] += currentGroupMachines
        }
        currentGroupMachines = []
        currentGroup = nil
    }
}
