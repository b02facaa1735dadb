import Foundation
import RPLInventory
import RPLSource
import RPLStdlib
import RPLSyntax

/// How a block ended: normally, or by `return` with a value.
enum Flow {
    case normal
    case returned(Value)
}

extension Evaluator {
    @discardableResult
    func execute(_ statement: Statement) -> Flow {
        guard spend() else { return .normal }
        depth += 1
        defer { depth -= 1 }
        switch statement.kind {
        case let .group(decl): executeGroup(decl, span: statement.span)
        case let .reprotect(reprotect): executeReprotect(reprotect, span: statement.span)
        case let .failback(failback): executeFailback(failback, span: statement.span)
        case let .commit(commit): executeCommit(commit, span: statement.span)
        case let .protect(protect): executeProtect(protect, span: statement.span)
        case let .letBinding(name, valueExpr):
            let value = evaluate(valueExpr)
            if scopes.isEmpty {
                declareGlobal(name, value, what: "binding")
            } else {
                if scopes[scopes.count - 1][name.text] != nil {
                    report(.RP103, "'\(name.text)' is declared twice in this block", at: name.span,
                           help: ["give the binding another name"])
                }
                scopes[scopes.count - 1][name.text] = value
            }
        case let .function(decl):
            // Top-level functions were hoisted; a nested one is bound where it stands.
            if !scopes.isEmpty { scopes[scopes.count - 1][decl.name.text] = .function(UserFunction(declaration: decl, file: file)) }
        case let .forLoop(variable, sequenceExpr, body):
            let sequence = evaluate(sequenceExpr)
            guard case let .list(items) = sequence else {
                if case .invalid = sequence {} else {
                    report(.RP104, "'for' needs a list, found \(sequence.type)", at: sequenceExpr.span)
                }
                return .normal
            }
            let flow = anchoringBudget(at: statement.span) { () -> Flow in
                for item in items {
                    guard spend() else { break }
                    if case let .returned(value) = executeBlock(body, bindings: [variable.text: item]) { return .returned(value) }
                }
                return .normal
            }
            if case .returned = flow { return flow }
        case let .ifElse(ifElse):
            return executeIf(ifElse)
        case let .importModule(target):
            executeImport(target)
        case let .check(check):
            executeCheck(check)
        case let .manual(name, instructionsExpr):
            let instructions = evaluate(instructionsExpr)
            guard case let .string(text) = instructions else {
                if case .invalid = instructions {} else {
                    report(.RP104, "'manual' needs instructions as a string, found \(instructions.type)", at: instructionsExpr.span)
                }
                return .normal
            }
            if building.stepIDs.contains("\(stepPrefix)/manual/\(name.text)") {
                report(.RP103, "manual step '\(name.text)' is declared twice", at: name.span,
                       help: ["each manual step needs its own name: 'rpl resume RUN --confirm NAME' confirms it"])
            }
            addBarrier("\(stepPrefix)/manual/\(name.text)", .manual(name: name.text, instructions: text), span: statement.span)
        case let .wait(durationExpr):
            let duration = evaluate(durationExpr)
            guard case let .duration(seconds) = duration else {
                if case .invalid = duration {} else {
                    report(.RP104, "'wait' needs a duration such as 15m, found \(duration.type)", at: durationExpr.span)
                }
                return .normal
            }
            guard seconds >= 0 else {
                report(.RP104, "'wait' needs a duration of 0s or more, found \(NumberLiterals.durationText(seconds))",
                       at: durationExpr.span)
                return .normal
            }
            guard seconds <= limits.maxWaitSeconds else {
                report(.RP106, "'wait' of \(NumberLiterals.durationText(seconds)) exceeds the limit of \(NumberLiterals.durationText(limits.maxWaitSeconds))",
                       at: durationExpr.span)
                return .normal
            }
            building.waitCount += 1
            addBarrier("\(stepPrefix)/wait/\(building.waitCount)", .wait(seconds: seconds), span: statement.span)
        case let .returnValue(expr):
            let value = evaluate(expr)
            if callDepth == 0 {
                report(.RP104, "'return' outside a function", at: statement.span)
                return .normal
            }
            return .returned(value)
        case let .call(expr):
            _ = evaluate(expr)
        case .invalid:
            break
        }
        return .normal
    }

    func executeBlock(_ block: Block, bindings: [String: Value] = [:]) -> Flow {
        scopes.append(bindings)
        defer { scopes.removeLast() }
        for statement in block.statements {
            if case .function(let decl) = statement.kind {
                scopes[scopes.count - 1][decl.name.text] = .function(UserFunction(declaration: decl, file: file))
            }
        }
        for statement in block.statements {
            if case let .returned(value) = execute(statement) { return .returned(value) }
        }
        return .normal
    }

    func executeIf(_ ifElse: IfElse) -> Flow {
        let condition = evaluate(ifElse.condition)
        switch condition {
        case let .bool(holds):
            if holds { return executeBlock(ifElse.then) }
            switch ifElse.otherwise {
            case let .block(block): return executeBlock(block)
            case let .elseIf(statement): return execute(statement)
            case nil: return .normal
            }
        case .invalid:
            return .normal
        default:
            report(.RP104, "'if' needs a boolean condition, found \(condition.type)", at: ifElse.condition.span)
            return .normal
        }
    }

    func executeGroup(_ decl: GroupDecl, span: Span) {
        if building.currentGroup != nil {
            report(.RP001, "a group cannot be nested inside another group", at: decl.name.span,
                   help: ["close the enclosing group first, and order the groups with 'after'"])
            return
        }
        if let existing = building.declaredGroups[decl.name.text] {
            report(.RP103, "group '\(decl.name.text)' is declared twice", at: decl.name.span,
                   secondary: [Label(file: file, span: existing.name.span, message: "first declared here")])
            return
        }
        building.declaredGroups[decl.name.text] = DeclaredGroup(name: decl.name, after: decl.after)
        // Written without `after`, a group waits for the one written before it.
        let previous = building.groups.last.map { [$0.name] } ?? []
        building.groups.append(PlanGroup(name: decl.name.text, after: decl.after.isEmpty ? previous : [], span: span))
        // A group starts after the plan-level barrier before it (a `manual`
        // or `wait` written between groups), and a plan-level barrier after
        // it waits for every step of the group.
        let saved = (building.barrier, building.sinceBarrier)
        let firstStep = building.steps.count
        building.currentGroup = decl.name.text
        building.sinceBarrier = []
        _ = executeBlock(decl.body)
        building.endGroup()
        (building.barrier, building.sinceBarrier) = saved
        building.sinceBarrier += building.steps[firstStep...].map(\.id)
    }

    func executeCheck(_ check: Check) {
        let condition = evaluate(check.condition)
        let message = evaluate(check.message)
        guard case let .bool(holds) = condition else {
            if case .invalid = condition {} else {
                report(.RP104, "'\(check.kind == .check ? "check" : "assert")' needs a boolean condition, found \(condition.type)",
                       at: check.condition.span)
            }
            return
        }
        guard !holds else { return }
        guard spendWalking(message) else { return }
        let text: String
        switch message {
        case let .string(s): text = s
        case .invalid: return
        default: text = message.display
        }
        report(.RP709, text, at: check.condition.span, severity: check.kind == .check ? .warning : .error)
    }

    func executeImport(_ target: ImportTarget) {
        let key: String
        let source: (path: String, bytes: [UInt8])?
        let span: Span
        switch target {
        case let .module(name):
            key = "module:" + name.text
            span = name.span
            source = Stdlib.source(ofModule: name.text).map { ($0.path, Array($0.text.utf8)) }
            if source == nil {
                let suggestion = Suggestions.phrase(Suggestions.nearest(to: name.text, in: Stdlib.moduleNames))
                report(.RP101, "no module '\(name.text)' in the standard library", at: span,
                       help: [suggestion ?? "modules: " + Stdlib.moduleNames.joined(separator: ", ")])
                return
            }
        case let .path(path, pathSpan):
            span = pathSpan
            let base = URL(fileURLWithPath: file.name).deletingLastPathComponent()
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
            key = "path:" + url.standardized.path
            // Read as bytes: a module that is not UTF-8 gets its RP002 from the parser, not "cannot read".
            if let data = options.readModule(url.standardized.path) {
                source = (path.hasPrefix("/") ? path : (file.name.contains("/") ? base.relativePath + "/" + path : path), Array(data))
            } else {
                report(.RP101, "cannot read '\(path)'", at: span, help: ["an import path is relative to the importing file"])
                return
            }
        }
        if imported.contains(key) { return }
        if importing.contains(key) {
            report(.RP707, "import cycle: '\(source!.path)' is already being imported", at: span)
            return
        }
        importing.insert(key)
        defer { importing.remove(key); imported.insert(key) }
        let moduleFile = SourceFile(name: source!.path, bytes: source!.bytes)
        let tree = Parser.parse(moduleFile)
        diagnostics += tree.diagnostics
        if tree.diagnostics.hasErrors { return }
        let saved = file
        file = moduleFile
        defer { file = saved }
        let statements = tree.preamble + tree.statements
        hoistFunctions(statements)
        for statement in statements {
            switch statement.kind {
            case .letBinding, .function, .importModule, .check:
                execute(statement)
            default:
                report(.RP104, "a module may only hold imports, bindings, functions and checks", at: statement.span)
            }
        }
    }
}
