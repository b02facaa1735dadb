import Foundation
import RPLInventory
import RPLSource
import RPLSyntax

public struct CheckOptions: Sendable {
    /// The clock for time-based rules (RP211).
    public var now: Date
    /// False for a lone statement in the REPL (RP703).
    public var isRecoveryPlan: Bool
    /// False when only the diagnostics matter (`rpl check`): the reprotect
    /// and failback steps of the plan are then not built, only their facts.
    public var producesPlan: Bool
    /// What evaluation may spend; tests lower them to reach them quickly.
    public var limits: EvaluationLimits

    /// False while the REPL checks one input against its session: a session
    /// of definitions has no steps yet, and that is no finding (RP710).
    public var reportsEmptyPlan: Bool
    /// Reads a module that a plan imports by path (`import "site.rpl"`),
    /// given the path resolved against the importing file; nil when there
    /// is none. By default the file system; `rpl diff` reads a git
    /// revision's modules through it, so a plan is compared with the
    /// modules of its own revision.
    public var readModule: @Sendable (String) -> [UInt8]?

    public static let readModuleFromDisk: @Sendable (String) -> [UInt8]? = { path in
        FileManager.default.contents(atPath: path).map(Array.init)
    }

    public init(now: Date = Date(), isRecoveryPlan: Bool = true, producesPlan: Bool = true, reportsEmptyPlan: Bool = true,
                limits: EvaluationLimits = .standard, readModule: @escaping @Sendable (String) -> [UInt8]? = CheckOptions.readModuleFromDisk) {
        self.now = now
        self.isRecoveryPlan = isRecoveryPlan
        self.producesPlan = producesPlan
        self.reportsEmptyPlan = reportsEmptyPlan
        self.limits = limits
        self.readModule = readModule
    }
}

public struct CheckResult: Sendable {
    /// Syntax, names, types, prerequisite rules: sorted by position.
    public var diagnostics: [Diagnostic]
    /// The evaluated plan, when evaluation got that far (it is built even
    /// with rule errors, so a dry run can still show what would happen).
    public var plan: EvaluatedPlan?
    /// The steps' resolved facts, as the rules saw them.
    public var facts: PlanFacts?
}

/// The checker's entry point: names, kinds, types, evaluation into steps,
/// then every prerequisite rule (docs/codes.md) on those steps.
public enum Checker {
    /// Takes the tree: evaluation frees it statement by statement when the
    /// caller hands over its last copy (`consume tree`), which keeps a 50k
    /// plan's 15 MB tree out of the check's peak memory.
    public static func check(_ tree: consuming SyntaxTree, inventory: Inventory, options: CheckOptions = CheckOptions()) -> CheckResult {
        run(consume tree, inventory: inventory, options: options).result
    }

    /// The whole check, and the evaluator it ran (nil when syntax errors
    /// stopped it), for callers that need its bindings (the REPL).
    static func run(_ tree: consuming SyntaxTree, inventory: Inventory, options: CheckOptions) -> (result: CheckResult, evaluator: Evaluator?) {
        // A broken tree would only produce follow-on noise: syntax first.
        if tree.diagnostics.hasErrors {
            return (CheckResult(diagnostics: tree.diagnostics.sortedByPosition(), plan: nil, facts: nil), nil)
        }
        // What is needed of the tree after evaluation, which takes it.
        let (syntaxDiagnostics, header, file) = (tree.diagnostics, tree.header, tree.file)
        let evaluator = Evaluator(file: file, inventory: inventory, options: options)
        let plan = EvaluationThread.run(handing: consume tree) { (tree: consuming SyntaxTree) in evaluator.evaluatePlan(consume tree) }
        let facts = PlanFacts(reprotects: evaluator.building.reprotects, failbacks: evaluator.building.failbacks,
                              isRecoveryPlan: options.isRecoveryPlan)
        var diagnostics = syntaxDiagnostics + evaluator.diagnostics
        // Past an exhausted budget the steps are a fragment of the plan: rules on them would mislead.
        let findings = evaluator.budgetSpent ? [] : Prerequisites.check(facts, inventory: inventory, now: options.now)
        let locator = FindingLocator(reprotects: evaluator.building.reprotectSpans, failbacks: evaluator.building.failbackSpans)
        diagnostics += locator.diagnostics(findings, machineName: { subject in
            switch subject {
            case let .reprotect(index, _): evaluator.building.reprotects[index].machine.name
            case let .failback(index): evaluator.building.failbacks[index].machine.name
            }
        })
        if options.isRecoveryPlan, options.reportsEmptyPlan, !diagnostics.hasErrors,
           evaluator.building.steps.isEmpty, evaluator.building.reprotects.isEmpty, evaluator.building.failbacks.isEmpty {
            diagnostics.append(emptyPlan(header, in: file))
        }
        let result = CheckResult(diagnostics: deduplicated(diagnostics).sortedByPosition(), plan: plan, facts: facts)
        return (result, evaluator)
    }

    /// RP710, at the plan's header (or the file's start when it has none).
    /// Errors already explain an empty plan (steps that did not resolve),
    /// so it is said only when there are none.
    static func emptyPlan(_ header: PlanHeader?, in file: SourceFile) -> Diagnostic {
        let span = header.map { Span(start: $0.span.start, end: max($0.name.span.end, $0.span.start)) } ?? Span(0, 0)
        return Diagnostic(.RP710, "the plan has no steps: checking, planning or running it does nothing",
                          file: file, span: span,
                          help: ["add the reprotect and failback steps, or fix the loop or condition that selects no machine"])
    }

    /// A loop can produce the same finding at the same place many times
    /// (one per iteration); say it once.
    static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<String>()
        return diagnostics.filter { d in
            seen.insert("\(d.code.rawValue)|\(d.primary.file.name)|\(d.primary.span.start)|\(d.primary.span.end)|\(d.message)").inserted
        }
    }
}

/// Turns a finding's subject (step i, argument a) into a span.
struct FindingLocator {
    var reprotects: [StepSpans]
    var failbacks: [StepSpans]

    func label(_ subject: Subject, message: String = "") -> Label {
        switch subject {
        case let .reprotect(index, argument):
            let spans = reprotects[index]
            let span: Span
            switch argument {
            case .statement: span = spans.statement
            case .machine: span = spans.machine
            case .masterTarget: span = spans.masterTarget
            case .processServer: span = spans.processServer
            // An argument left out points at the statement's keyword.
            case .datastore: span = spans.datastore ?? spans.statement
            case .retention: span = spans.retention ?? spans.masterTarget
            case .policy: span = spans.policy ?? spans.statement
            }
            return Label(file: spans.file, span: span, message: message)
        case let .failback(index):
            let spans = failbacks[index]
            return Label(file: spans.file, span: spans.machine, message: message)
        }
    }

    /// Notes that one statement earns once per machine (`failback all` on
    /// a Linux estate: RP208 for each) are said once, naming the machines.
    /// Only notes that say the same thing fold: one loop can earn two
    /// different RP210s (one VM exists, another is created), and folding
    /// those would tell the second machine the first one's story.
    func diagnostics(_ findings: [Finding], machineName: (Subject) -> String) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var noteAt: [String: Int] = [:]
        var others: [Int: [String]] = [:]
        for finding in findings {
            let diagnostic = diagnostic(finding)
            if finding.severity == .note {
                let machine = machineName(finding.subject)
                let key = Self.foldingKey(diagnostic, machine: machine)
                if let first = noteAt[key] {
                    others[first, default: []].append(machine)
                    continue
                }
                noteAt[key] = result.count
            }
            result.append(diagnostic)
        }
        for (index, names) in others {
            let shown = names.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            let rest = names.count > 10 ? " and \(names.count - 10) more" : ""
            result[index].notes.append("the same holds for \(names.count) more machine\(names.count == 1 ? "" : "s") here: \(shown)\(rest)")
        }
        return result
    }

    /// The whole diagnostic (code, severity, place, message, labels, notes,
    /// help) with the machine's own quoted name taken out: two findings with
    /// the same key say the same thing about different machines.
    static func foldingKey(_ diagnostic: Diagnostic, machine: String) -> String {
        let name = quoted(machine)
        func generic(_ text: String) -> String { text.replacingOccurrences(of: name, with: "'\u{1}'") }
        var parts = [diagnostic.code.rawValue, diagnostic.severity.rawValue, diagnostic.primary.file.name,
                     "\(diagnostic.primary.span.start)", "\(diagnostic.primary.span.end)", generic(diagnostic.message)]
        for label in diagnostic.secondary {
            parts += [label.file.name, "\(label.span.start)", "\(label.span.end)", generic(label.message)]
        }
        parts += diagnostic.notes.map { "note: " + generic($0) }
        parts += diagnostic.help.map { "help: " + generic($0) }
        return parts.joined(separator: "\u{0}")
    }

    func diagnostic(_ finding: Finding) -> Diagnostic {
        Diagnostic(finding.code, severity: finding.severity, finding.message, at: label(finding.subject),
                   secondary: finding.related.map { label($0.subject, message: $0.message) },
                   notes: finding.notes, help: finding.help)
    }
}
