import Foundation
import RPLCheck
import RPLInventory
import RPLPipeline
import RPLSource
import RPLSyntax

/// What one input produced: the text to print, and the parts tests look at.
public struct ReplOutput: Sendable {
    public var text: String
    /// The diagnostics shown (those about the new input), mapped to it.
    public var diagnostics: [Diagnostic]
    /// The value of an expression typed alone.
    public var value: Value?
    /// The input became part of the session.
    public var accepted: Bool
    /// `:quit`.
    public var quit: Bool

    public init(text: String = "", diagnostics: [Diagnostic] = [], value: Value? = nil, accepted: Bool = false, quit: Bool = false) {
        self.text = text
        self.diagnostics = diagnostics
        self.value = value
        self.accepted = accepted
        self.quit = quit
    }
}

/// One REPL session: the statements accepted so far are a plan being
/// built. Each input is checked together with them (definitions + new
/// input, one text) and only what concerns the new input is shown. No
/// terminal code: the terminal layer and the tests drive it alike.
public final class ReplSession {
    public internal(set) var inventory: Inventory
    /// The pipeline the session checks, plans and runs through: its
    /// inventory, run database and clock.
    public let workspace: Workspace
    /// What `:run` goes through (`rpl repl --provider`).
    public let provider: ProviderSpec
    public var now: Date { workspace.now }
    /// ANSI colour in rendered diagnostics (the terminal decides).
    public var color = false
    /// Where runs report progress as it happens; without it, progress
    /// lines are part of the output text.
    public var progress: ((String) -> Void)?
    /// Width of `:plan`'s table and chart (the terminal's).
    public var planWidth = 80

    var source = SessionSource()
    /// Which pieces are definitions only (let, fn, import): they outlive a `:run`.
    var definitionPieces: Set<Int> = []
    var inputCount = 0
    var planName = "repl"
    /// A `:run` through a provider that changes real systems, waiting for the plan's name.
    var awaitingConfirmation: (run: PreparedRun, database: RunDatabase)?

    /// The binding an expression typed alone is evaluated into.
    static let valueBinding = "_repl-value"

    /// A session on the workspace's inventory; when runs were journaled
    /// already, with the machines' states as they left them.
    public init(inventory: Inventory, workspace: Workspace, provider: ProviderSpec = .sim(seed: 1, faults: [])) {
        self.inventory = inventory
        self.workspace = workspace
        self.provider = provider
        if let database = try? workspace.location.existingRunDatabase(mode: .readOnly) { reloadInventory(from: database) }
    }

    /// Forgets every accepted input (the inventory's states stay as runs left them).
    public func reset() {
        source = SessionSource()
        definitionPieces = []
        planName = "repl"
    }

    /// The texts accepted so far, in order.
    var acceptedInputs: [String] { source.pieces.map(\.text) }

    // MARK: - Evaluation

    public func evaluate(_ input: String) -> ReplOutput {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if awaitingConfirmation != nil { return ReplOutput(text: confirmRun(trimmed)) }
        if trimmed.isEmpty || trimmed.hasPrefix("#") && !trimmed.contains("\n") { return ReplOutput() }
        if trimmed.hasPrefix(":") { return meta(trimmed) }
        inputCount += 1
        let file = SourceFile(name: "<repl:\(inputCount)>", text: input)
        let tree = Parser.parse(file)
        if tree.diagnostics.hasErrors {
            // Not statements: perhaps an expression, whose value is shown.
            let expression = SessionSource.Piece(file: file, range: Span(0, file.bytes.count),
                                                 before: "let \(ReplSession.valueBinding) = (", after: ")")
            if !Parser.parse(source.combined(with: [expression]).file).diagnostics.hasErrors {
                return evaluateExpression(expression)
            }
            return report(tree.diagnostics)
        }
        if tree.header == nil, tree.statements.count == 1, case .call = tree.statements[0].kind {
            let call = SessionSource.Piece(file: file, range: Span(0, file.bytes.count),
                                           before: "let \(ReplSession.valueBinding) = (", after: ")")
            let output = evaluateExpression(call)
            // A call whose value is none is done for what it does (steps): it joins the session.
            if case .none? = output.value, !output.diagnostics.hasErrors {
                return accept(pieces(of: tree), tree: tree, header: nil)
            }
            return output
        }
        return accept(pieces(of: tree), tree: tree, header: tree.header)
    }

    /// Loads a plan file into the session, as if its statements were typed.
    public func load(path: String) -> ReplOutput {
        guard let data = FileManager.default.contents(atPath: path) else {
            return ReplOutput(text: "cannot read '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")\n")
        }
        let file = SourceFile(name: path, bytes: Array(data))
        let tree = Parser.parse(file)
        if tree.diagnostics.hasErrors { return report(tree.diagnostics) }
        var output = accept(pieces(of: tree), tree: tree, header: tree.header)
        if output.accepted {
            let steps = tree.statements.count
            output.text = "loaded \(path) (\(steps) statement\(steps == 1 ? "" : "s"))\n" + output.text
        }
        return output
    }

    /// A file's statements as pieces: the whole text without a plan header;
    /// with one, what precedes the plan and the inside of its block.
    func pieces(of tree: SyntaxTree) -> [SessionSource.Piece] {
        let file = tree.file
        // A byte-order mark is not text: mid-way through the session's combined text it would not lex.
        guard tree.header != nil else {
            return [SessionSource.Piece(file: file, range: Span(file.contentStart(ofLineIndex: 0), file.bytes.count))]
        }
        var pieces: [SessionSource.Piece] = []
        for list in [tree.preamble, tree.statements] {
            guard let first = list.first, let last = list.last else { continue }
            pieces.append(SessionSource.Piece(file: file, range: first.span.merged(with: last.span)))
        }
        return pieces
    }

    /// Checks the session with the new pieces; keeps them when they bring no error.
    func accept(_ newPieces: [SessionSource.Piece], tree: SyntaxTree, header: PlanHeader?) -> ReplOutput {
        // A lone reprotect (or a loop, a call) is outside any recovery plan;
        // a typed group, or a whole plan, is a plan (RP703).
        let isPlan = header != nil || !tree.statements.contains { statement in
            switch statement.kind {
            case .reprotect, .forLoop, .ifElse, .call: true
            default: false
            }
        }
        let combined = source.combined(with: newPieces)
        let check = Checker.check(Parser.parse(combined.file), inventory: inventory,
                                  options: CheckOptions(now: now, isRecoveryPlan: isPlan, reportsEmptyPlan: false))
        let shown = check.diagnostics.map(combined.map).filter { d in newPieces.contains { $0.file === d.primary.file } }
        var output = ReplOutput(diagnostics: shown)
        output.text = render(shown)
        guard !shown.hasErrors else { return output }

        let first = source.pieces.count
        source.pieces += newPieces
        if (tree.preamble + tree.statements).allSatisfy(\.isDefinition) {
            for index in first..<source.pieces.count { definitionPieces.insert(index) }
        }
        if let header { planName = header.name.text }
        output.accepted = true
        output.text += summary(of: tree, check: check, combined: combined, newPieces: newPieces)
        return output
    }

    /// What an accepted input added: a binding's value, a function, the steps.
    func summary(of tree: SyntaxTree, check: CheckResult, combined: SessionSource.Combined,
                 newPieces: [SessionSource.Piece]) -> String {
        let statements = tree.preamble + tree.statements
        if statements.count == 1, case let .letBinding(name, _) = statements[0].kind, tree.header == nil {
            let (_, value) = Checker.check(Parser.parse(combined.file), inventory: inventory,
                                           options: CheckOptions(now: now, isRecoveryPlan: false), valueOf: name.text)
            return "\(name.text) = \(value?.display ?? "none")\n"
        }
        var lines: [String] = []
        for statement in statements {
            switch statement.kind {
            case let .function(decl):
                lines.append("fn \(decl.name.text)(\(decl.parameters.map(\.text).joined(separator: ", ")))")
            case let .importModule(.module(name)): lines.append("imported \(name.text)")
            case let .importModule(.path(path, _)): lines.append("imported \"\(path)\"")
            default: break
            }
        }
        let steps = (check.plan?.steps ?? []).filter { step in
            let label = combined.map(Label(file: combined.file, span: step.span))
            return newPieces.contains { $0.file === label.file }
        }
        for step in steps { lines.append("  " + describe(step)) }
        if !steps.isEmpty || lines.isEmpty {
            let count = steps.count
            lines.insert("ok" + (count > 0 ? ": \(count) step\(count == 1 ? "" : "s")" : ""), at: 0)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func describe(_ step: PlanStep) -> String {
        let group = step.group.map { "[\($0)] " } ?? ""
        switch step.action {
        case let .reprotect(r) where r.architecture == .modernized:
            var text = "reprotect \(r.machine) using \(r.reprotectAgent ?? "auto")"
            if let datastore = r.datastore { text += " datastore \(datastore)" }
            if let account = r.logStorageAccount { text += " log-storage \(account)" }
            return group + text
        case let .reprotect(r):
            var text = "reprotect \(r.machine) using \(r.masterTarget ?? "auto") \(r.processServer)"
            if let datastore = r.datastore { text += " datastore \(datastore)" }
            let retention = r.retention ?? r.masterTarget.flatMap { inventory.masterTarget($0)?.defaultRetentionPath }
            if let retention { text += " retention \"\(retention)\"" }
            return group + text
        case let .failback(machine, recoveryPoint):
            return group + "failback \(machine)" + (recoveryPoint.map { " recovery-point \($0.rawValue)" } ?? "")
        case let .commit(machine): return group + "commit \(machine)"
        case let .protect(p): return group + "protect \(p.machine) using \(p.processServer)" + (p.policy.map { " policy \($0)" } ?? "")
        case let .manual(name, instructions): return group + "manual \(name): \(instructions)"
        case let .wait(seconds): return group + "wait \(NumberLiterals.durationText(seconds))"
        }
    }

    /// An expression typed alone: checked after the session's definitions, its value printed.
    func evaluateExpression(_ piece: SessionSource.Piece) -> ReplOutput {
        let (shown, value) = value(of: piece)
        var output = ReplOutput(diagnostics: shown, value: shown.hasErrors ? nil : value)
        output.text = render(shown)
        guard let value = output.value, !shown.hasErrors else { return output }
        if case let .entity(kind, name) = value, let record = recordText(kind, name) {
            output.text += record
        } else {
            output.text += value.display + "\n"
        }
        return output
    }

    func value(of piece: SessionSource.Piece) -> (diagnostics: [Diagnostic], value: Value?) {
        let combined = source.combined(with: [piece])
        let (check, value) = Checker.check(Parser.parse(combined.file), inventory: inventory,
                                           options: CheckOptions(now: now, isRecoveryPlan: false),
                                           valueOf: ReplSession.valueBinding)
        let shown = check.diagnostics.map(combined.map).filter { $0.primary.file === piece.file }
        return (shown, value)
    }

    func report(_ diagnostics: [Diagnostic]) -> ReplOutput {
        ReplOutput(text: render(diagnostics), diagnostics: diagnostics)
    }

    func render(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "" }
        var text = TextRenderer(color: color).render(diagnostics.sortedByPosition())
        if let line = summaryLine(diagnostics) { text += line + "\n" }
        return text
    }

    /// The whole session checked as one recovery plan (`:check`, `:plan`, `:run`).
    func checkSession() -> (diagnostics: [Diagnostic], plan: EvaluatedPlan?) {
        let combined = source.combined(name: planName)
        let check = Checker.check(Parser.parse(combined.file), inventory: inventory,
                                  options: CheckOptions(now: now, isRecoveryPlan: true))
        return (check.diagnostics.map(combined.map), check.plan)
    }

    /// After a run, the plan's steps are done: only definitions stay.
    func dropPlanStatements() {
        source.pieces = source.pieces.enumerated().filter { definitionPieces.contains($0.offset) }.map(\.element)
        definitionPieces = Set(0..<source.pieces.count)
    }
}

extension Statement {
    /// let, fn and import: what a session keeps after its plan has run.
    var isDefinition: Bool {
        switch kind {
        case .letBinding, .function, .importModule: true
        default: false
        }
    }
}
