import Foundation
import RPLInventory
import RPLSource
import RPLSyntax

/// Where each argument of a reprotect or failback step was written, so a
/// finding about "the master target of step 3" becomes a caret under it.
struct StepSpans {
    var file: SourceFile
    var statement: Span
    var machine: Span
    var masterTarget: Span
    var processServer: Span
    var datastore: Span?
    var retention: Span?
    var policy: Span?
}

/// Evaluates a plan into steps. Pure: it reads the inventory and the
/// program, and changes nothing. Evaluating is also how the plan is
/// checked: every name is resolved against the scope and the inventory
/// with the kind its place expects, every operation is type-checked on
/// the values it meets, and loops over inventory queries are unrolled so
/// that the prerequisite rules see every concrete step.
final class Evaluator {
    let inventory: Inventory
    let options: CheckOptions
    var diagnostics: [Diagnostic] = []

    var file: SourceFile
    /// The plan's own file: steps made inside a stdlib function are
    /// attributed to the call in this file that led there.
    let rootFile: SourceFile
    /// The call in the plan's file that entered another file's function.
    var callSite: Span?
    var globals: [String: (value: Value, span: Span, file: SourceFile)] = [:]
    var scopes: [[String: Value]] = []
    var callDepth = 0
    var importing: Set<String> = []
    var imported: Set<String> = []

    /// The plan being built.
    var building = PlanUnderConstruction()

    // The budget (`EvaluationLimits`).
    let limits: EvaluationLimits
    var stepsLeft: Int
    /// Expressions and statements being evaluated inside one another, across calls.
    var depth = 0
    /// The outermost loop or call under way, where running out of steps is reported.
    var budgetAnchor: (file: SourceFile, span: Span)?

    init(file: SourceFile, inventory: Inventory, options: CheckOptions) {
        self.file = file
        self.rootFile = file
        self.inventory = inventory
        self.options = options
        self.limits = options.limits
        self.stepsLeft = options.limits.maxSteps
    }

    // MARK: - Reporting

    func report(_ code: DiagnosticCode, _ message: String, at span: Span, severity: Severity? = nil,
                secondary: [Label] = [], notes: [String] = [], help: [String] = []) {
        // Inside a module's function, say it at the plan's call, and name
        // the line of the module as the detail.
        if file !== rootFile, let site = callSite {
            diagnostics.append(Diagnostic(code, severity: severity, message, file: rootFile, span: site,
                                          secondary: [Label(file: file, span: span, message: "raised here")] + secondary,
                                          notes: notes, help: help))
            return
        }
        diagnostics.append(Diagnostic(code, severity: severity, message, file: file, span: span,
                                      secondary: secondary, notes: notes, help: help))
    }

    // MARK: - The plan

    /// Takes the tree: each top-level statement (a group, a step) is freed
    /// as soon as it has been evaluated, so that the syntax tree and the
    /// steps built from it are not both whole at once.
    func evaluatePlan(_ tree: consuming SyntaxTree) -> EvaluatedPlan {
        // A step takes some 80 bytes of plan text: size the tables once
        // rather than rehash them as a large plan fills them.
        let expectedSteps = tree.file.bytes.count / 80
        // The plan's steps are built only when asked for (`rpl check` is
        // not): reserved regardless, they were ~20 MB of a 50k plan's check.
        if options.producesPlan {
            building.stepIDs.reserveCapacity(expectedSteps)
            building.reprotectStep.reserveCapacity(expectedSteps)
            building.steps.reserveCapacity(expectedSteps)
        }
        building.reprotects.reserveCapacity(expectedSteps)
        building.reprotectSpans.reserveCapacity(expectedSteps)
        hoistFunctions(tree.preamble)
        hoistFunctions(tree.statements)
        var plan = EvaluatedPlan(name: tree.planName, version: tree.header?.version, file: tree.file, groups: [], steps: [])
        executeReleasing(&tree.preamble)
        executeReleasing(&tree.statements)
        resolveGroupOrder()
        plan.groups = building.groups
        plan.steps = building.steps
        return plan
    }

    /// Executes `statements` in order, leaving the array empty, each
    /// statement released once executed: when nothing else holds the tree,
    /// the boxes of a statement (and of a group's body) are freed then. The
    /// syntax tree of a 50k-reprotect plan is some 15 MB.
    func executeReleasing(_ statements: inout [Statement]) {
        var remaining: [Statement] = []
        swap(&remaining, &statements)
        remaining.reverse()
        while let statement = remaining.popLast() { execute(statement) }
    }

    /// Functions may be called before the line that declares them.
    func hoistFunctions(_ statements: [Statement]) {
        for statement in statements {
            guard case let .function(decl) = statement.kind else { continue }
            declareGlobal(decl.name, .function(UserFunction(declaration: decl, file: file)), what: "function")
        }
    }

    func declareGlobal(_ name: Name, _ value: Value, what: String) {
        if let existing = globals[name.text] {
            // Hoisting declares functions once already; the same declaration is not a duplicate.
            if existing.span == name.span, existing.file === file { return }
            report(.RP103, "'\(name.text)' is declared twice", at: name.span,
                   secondary: [Label(file: existing.file, span: existing.span, message: "first declared here")],
                   help: ["give the \(what) another name"])
            return
        }
        globals[name.text] = (value, name.span, file)
    }

    // MARK: - Groups

    func resolveGroupOrder() {
        let names = Set(building.groups.map(\.name))
        for index in building.groups.indices {
            guard let decl = building.declaredGroups[building.groups[index].name], !decl.after.isEmpty else { continue }
            var after: [String] = []
            for dependency in decl.after {
                if names.contains(dependency.text) {
                    after.append(dependency.text)
                } else {
                    let suggestion = Suggestions.phrase(Suggestions.nearest(to: dependency.text, in: building.groups.map(\.name)))
                    report(.RP101, "unknown group '\(dependency.text)' in 'after'", at: dependency.span,
                           help: suggestion.map { [$0] } ?? ["'after' names a group of this plan"])
                }
            }
            building.groups[index].after = after
        }
        reportCycles()
    }

    /// RP707: a cycle in `after` would wait for ever.
    func reportCycles() {
        let byName = Dictionary(building.groups.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var path: [String] = []
        var reported = Set<String>()
        func visit(_ name: String) {
            if state[name] == 2 { return }
            if state[name] == 1 {
                let cycle = Array(path.drop(while: { $0 != name })) + [name]
                let key = Set(cycle).sorted().joined(separator: ",")
                guard reported.insert(key).inserted, let decl = building.declaredGroups[cycle[cycle.count - 2]],
                      let at = decl.after.first(where: { $0.text == name }) else { return }
                report(.RP707, "cycle in 'after': " + cycle.joined(separator: " → "), at: at.span,
                       help: ["remove one of the 'after' dependencies so the groups can start"])
                return
            }
            state[name] = 1
            path.append(name)
            if let decl = building.declaredGroups[name], !decl.after.isEmpty {
                for dependency in decl.after where byName[dependency.text] != nil { visit(dependency.text) }
            }
            path.removeLast()
            state[name] = 2
        }
        for group in building.groups { visit(group.name) }
    }

    // MARK: - Steps

    func addStep(_ id: String, _ action: StepAction, dependsOn: [String], span: Span, failsBackWithGroup: String? = nil) -> String? {
        if building.steps.count >= limits.maxPlanSteps {
            if !building.tooManyStepsReported {
                building.tooManyStepsReported = true
                report(.RP106, "too many steps in the plan (limit is \(limits.maxPlanSteps))", at: span)
            }
            return nil
        }
        var unique = id
        var counter = 2
        while !building.stepIDs.insert(unique).inserted {
            unique = "\(id)#\(counter)"
            counter += 1
        }
        var dependencies = dependsOn
        if let barrier = building.barrier { dependencies.append(barrier) }
        building.steps.append(PlanStep(id: unique, action: action, group: building.currentGroup, dependsOn: dependencies, span: planSpan(span),
                              failsBackWithGroup: failsBackWithGroup))
        building.sinceBarrier.append(unique)
        return unique
    }

    /// `manual` and `wait` are barriers: what follows them in the block waits for them,
    /// and they wait for everything before them.
    func addBarrier(_ id: String, _ action: StepAction, span: Span) {
        let before = building.sinceBarrier
        let previous = building.barrier
        building.barrier = nil
        guard let added = addStep(id, action, dependsOn: before + (previous.map { [$0] } ?? []), span: span) else { return }
        building.barrier = added
        building.sinceBarrier = []
    }

    var stepPrefix: String { building.currentGroup ?? "plan" }

    /// Where a step made here shows in the plan: here, or at the plan's call
    /// into the module whose function made it.
    func planSpan(_ span: Span) -> Span {
        file === rootFile ? span : (callSite ?? span)
    }
}
