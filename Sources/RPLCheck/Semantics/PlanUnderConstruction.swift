import RPLSyntax

/// The plan as evaluation builds it: groups, steps, and the bookkeeping
/// that links them (which step reprotects a machine, the machines of a
/// group, the plan-level barrier), apart from the evaluator's scopes and
/// budget.
struct PlanUnderConstruction {
    var groups: [PlanGroup] = []
    var groupDecls: [String: GroupDecl] = [:]
    var currentGroup: String?
    var steps: [PlanStep] = []
    var stepIDs: Set<String> = []
    var reprotects: [PlannedReprotect] = []
    var reprotectSpans: [StepSpans] = []
    var failbacks: [PlannedFailback] = []
    var failbackSpans: [StepSpans] = []
    /// Machine → the step that reprotects it, for failback's dependency.
    var reprotectStep: [String: String] = [:]
    /// Plan group → machines it reprotects, for `failback GROUP`.
    var groupMachines: [String: [String]] = [:]
    var barrier: String?
    var sinceBarrier: [String] = []
    var waitCount = 0
    var tooManyStepsReported = false
    /// The modernized reprotects' load on each appliance (RP914, RP601).
    var applianceLoad = ApplianceLoad()
}
