import RPLInventory
import RPLSource
import RPLSyntax

extension Evaluator {
    func evaluate(_ expr: Expr) -> Value {
        guard spend() else { return .invalid }
        depth += 1
        defer { depth -= 1 }
        switch expr.kind {
        case let .integer(n): return .integer(n)
        case let .duration(seconds): return .duration(seconds)
        case let .size(bytes): return .size(bytes)
        case let .bool(b): return .bool(b)
        case .none: return .none
        case let .string(parts):
            var text = ""
            for part in parts {
                switch part {
                case let .text(chunk): text += chunk
                case let .interpolation(inner):
                    let value = evaluate(inner)
                    if case .invalid = value { return .invalid }
                    guard spendWalking(value) else { return .invalid }
                    text += value.display
                }
                guard text.utf8.count <= limits.maxValueBytes else { return checkedSize(.string(text), at: expr.span) }
            }
            return .string(text)
        case let .name(name):
            if let value = lookup(name) { return value }
            reportUnknown(name, expected: nil, span: expr.span)
            return .invalid
        case let .list(items):
            return checkedSize(.list(items.map(evaluate)), at: expr.span)
        case let .record(fields):
            return checkedSize(.record(fields.map { ($0.key.text, evaluate($0.value)) }), at: expr.span)
        case let .unary(op, operand):
            return evaluateUnary(op, operand, span: expr.span)
        case let .binary(op, left, right):
            return evaluateBinary(op, left, right, span: expr.span)
        case let .filter(sequence, condition):
            return evaluateFilter(sequence, condition)
        case let .call(callee, arguments):
            return evaluateCall(callee, arguments, span: expr.span)
        case let .member(base, field):
            return evaluateMember(evaluate(base), field, baseSpan: base.span)
        case let .index(base, indexExpr):
            let container = evaluate(base)
            let index = evaluate(indexExpr)
            switch (container, index) {
            case (.invalid, _), (_, .invalid): return .invalid
            case let (.list(items), .integer(i)):
                guard i >= 0, i < items.count else {
                    report(.RP104, "index \(i) is out of range (the list has \(items.count) item\(items.count == 1 ? "" : "s"))",
                           at: indexExpr.span)
                    return .invalid
                }
                return items[Int(i)]
            case (.list, _):
                report(.RP104, "a list index must be a number, found \(index.type)", at: indexExpr.span)
            default:
                report(.RP104, "only a list can be indexed, found \(container.type)", at: base.span)
            }
            return .invalid
        case .invalid:
            return .invalid
        }
    }

    func evaluateUnary(_ op: UnaryOperator, _ operandExpr: Expr, span: Span) -> Value {
        let operand = evaluate(operandExpr)
        switch (op, operand) {
        case (_, .invalid): return .invalid
        case let (.not, .bool(b)): return .bool(!b)
        case (.negate, .integer(Int64.min)), (.negate, .duration(Int64.min)), (.negate, .size(Int64.min)):
            report(.RP104, "arithmetic overflow", at: span)
            return .invalid
        case let (.negate, .integer(n)): return .integer(-n)
        case let (.negate, .duration(n)): return .duration(-n)
        case let (.negate, .size(n)): return .size(-n)
        default:
            report(.RP104, "'\(op.rawValue)' cannot apply to \(operand.type)", at: span)
            return .invalid
        }
    }

    func evaluateBinary(_ op: BinaryOperator, _ leftExpr: Expr, _ rightExpr: Expr, span: Span) -> Value {
        // `and` and `or` short-circuit, so a guard can protect what follows it.
        if op == .and || op == .or {
            let left = evaluate(leftExpr)
            guard case let .bool(l) = left else {
                if case .invalid = left { return .invalid }
                report(.RP104, "'\(op.rawValue)' needs booleans, found \(left.type)", at: leftExpr.span)
                return .invalid
            }
            if op == .and && !l { return .bool(false) }
            if op == .or && l { return .bool(true) }
            let right = evaluate(rightExpr)
            guard case let .bool(r) = right else {
                if case .invalid = right { return .invalid }
                report(.RP104, "'\(op.rawValue)' needs booleans, found \(right.type)", at: rightExpr.span)
                return .invalid
            }
            return .bool(r)
        }
        let left = evaluate(leftExpr)
        let right = evaluate(rightExpr)
        if case .invalid = left { return .invalid }
        if case .invalid = right { return .invalid }
        // Comparing or joining strings, lists and records walks them: that is work, paid for.
        guard spendWalking(left, right) else { return .invalid }
        if let result = Arithmetic.apply(op, left, right) {
            if case let .failure(message) = result {
                report(.RP104, message, at: span)
                return .invalid
            }
            if case let .success(value) = result { return value.isComposite ? checkedSize(value, at: span) : value }
        }
        report(.RP104, "'\(op.rawValue)' cannot combine \(left.type) and \(right.type)", at: span,
               secondary: [Label(file: file, span: leftExpr.span, message: "\(left.type)"),
                           Label(file: file, span: rightExpr.span, message: "\(right.type)")])
        return .invalid
    }

    /// `xs where COND`: COND sees each item's fields by name, and the item as `it`.
    func evaluateFilter(_ sequenceExpr: Expr, _ condition: Expr) -> Value {
        let sequence = evaluate(sequenceExpr)
        guard case let .list(items) = sequence else {
            if case .invalid = sequence { return .invalid }
            report(.RP104, "'where' filters a list, found \(sequence.type)", at: sequenceExpr.span)
            return .invalid
        }
        var kept: [Value] = []
        for item in items {
            guard spend() else { return .invalid }
            var bindings: [String: Value] = ["it": item]
            switch item {
            case let .entity(kind, name):
                for (key, value) in Builtins.fields(of: kind, name, inventory: inventory) { bindings[key] = value }
            case let .record(fields):
                for (key, value) in fields { bindings[key] = value }
            default: break
            }
            scopes.append(bindings)
            let verdict = evaluate(condition)
            scopes.removeLast()
            switch verdict {
            case let .bool(keep): if keep { kept.append(item) }
            case .invalid: return .invalid
            default:
                report(.RP104, "'where' needs a boolean condition, found \(verdict.type)", at: condition.span)
                return .invalid
            }
        }
        return .list(kept)
    }

    func evaluateMember(_ base: Value, _ field: Name, baseSpan: Span) -> Value {
        switch base {
        case .invalid: return .invalid
        case let .entity(kind, name):
            let fields = Builtins.fields(of: kind, name, inventory: inventory)
            if let value = fields.first(where: { $0.0 == field.text })?.1 { return value }
            let suggestion = Suggestions.phrase(Suggestions.nearest(to: field.text, in: fields.map(\.0)))
            report(.RP101, "\(kind.withArticle) has no field '\(field.text)'", at: field.span,
                   help: [suggestion ?? "fields: " + fields.map(\.0).joined(separator: ", ")])
        case let .record(fields):
            if let value = fields.first(where: { $0.0 == field.text })?.1 { return value }
            report(.RP101, "the record has no field '\(field.text)'", at: field.span,
                   help: ["fields: " + fields.map(\.0).joined(separator: ", ")])
        default:
            report(.RP104, "\(base.type) has no fields", at: baseSpan)
        }
        return .invalid
    }

    func evaluateCall(_ calleeExpr: Expr, _ argumentExprs: [Expr], span: Span) -> Value {
        let callee = evaluate(calleeExpr)
        let arguments = argumentExprs.map(evaluate)
        if arguments.contains(where: { if case .invalid = $0 { true } else { false } }) { return .invalid }
        switch callee {
        case .invalid: return .invalid
        case let .builtin(builtin):
            guard arguments.count == builtin.arity else {
                report(.RP104, "'\(builtin.rawValue)' takes \(builtin.arity) argument, found \(arguments.count)", at: span,
                       help: [builtin.summary])
                return .invalid
            }
            return callBuiltin(builtin, arguments[0], span: argumentExprs[0].span)
        case let .function(function):
            let decl = function.declaration
            guard arguments.count == decl.parameters.count else {
                report(.RP104, "'\(decl.name.text)' takes \(decl.parameters.count) argument\(decl.parameters.count == 1 ? "" : "s"), found \(arguments.count)",
                       at: span, secondary: [Label(file: function.file, span: decl.name.span, message: "declared here")])
                return .invalid
            }
            guard callDepth < limits.maxCallDepth else {
                report(.RP106, "too many nested calls (limit is \(limits.maxCallDepth))", at: span,
                       help: ["a function that calls itself needs a case that returns without calling"])
                return .invalid
            }
            guard depth < limits.maxEvaluationDepth else {
                report(.RP106, "too many nested calls and expressions (limit is \(limits.maxEvaluationDepth))", at: span)
                return .invalid
            }
            callDepth += 1
            let entersModule = callSite == nil && file === rootFile && function.file !== rootFile
            if entersModule { callSite = span }
            defer { if entersModule { callSite = nil } }
            let savedFile = file
            let savedScopes = scopes
            file = function.file
            scopes = []
            defer {
                callDepth -= 1
                file = savedFile
                scopes = savedScopes
            }
            var bindings: [String: Value] = [:]
            for (parameter, argument) in zip(decl.parameters, arguments) { bindings[parameter.text] = argument }
            let flow = anchoringBudget(at: span) { executeBlock(decl.body, bindings: bindings) }
            if case let .returned(value) = flow { return value }
            return .none
        default:
            report(.RP104, "\(callee.type) cannot be called", at: calleeExpr.span)
            return .invalid
        }
    }

    func callBuiltin(_ builtin: Builtin, _ argument: Value, span: Span) -> Value {
        guard spendWalking(argument) else { return .invalid }
        func lookUp(_ kind: EntityKind) -> Value {
            guard case let .string(name) = argument else {
                report(.RP104, "'\(builtin.rawValue)' needs a name as a string, found \(argument.type)", at: span)
                return .invalid
            }
            if hasRecord(name, of: kind) { return .entity(kind, name) }
            reportUnknown(name, expected: kind, span: span)
            return .invalid
        }
        switch builtin {
        case .machine: return lookUp(.machine)
        case .masterTarget: return lookUp(.masterTarget)
        case .processServer: return lookUp(.processServer)
        case .datastore: return lookUp(.datastore)
        case .len:
            switch argument {
            case let .list(items): return .integer(Int64(items.count))
            case let .string(s): return .integer(Int64(s.count))
            default: break
            }
        case .members:
            guard case let .string(group) = argument else { break }
            let members = inventory.members(ofReplicationGroup: group)
            if members.isEmpty {
                let groupsKnown = Set(inventory.machines.compactMap(\.replicationGroup))
                let suggestion = Suggestions.phrase(Suggestions.nearest(to: group, in: groupsKnown))
                report(.RP101, "no replication group '\(group)' in the inventory", at: span, help: suggestion.map { [$0] } ?? [])
                return .invalid
            }
            return .list(members.map { .entity(.machine, $0.name) })
        case .names:
            guard case let .list(items) = argument else { break }
            return .list(items.map { item in
                if case let .entity(_, name) = item { return .string(name) }
                return item
            })
        case .sum:
            guard case let .list(items) = argument else { break }
            guard var total = items.first else { return .integer(0) }
            for item in items.dropFirst() {
                guard case let .success(value)? = Arithmetic.apply(.add, total, item) else {
                    report(.RP104, "'sum' cannot add \(total.type) and \(item.type)", at: span)
                    return .invalid
                }
                total = value
            }
            return total
        case .any, .all:
            guard case let .list(items) = argument else { break }
            var flags: [Bool] = []
            for item in items {
                guard case let .bool(flag) = item else {
                    report(.RP104, "'\(builtin.rawValue)' needs a list of booleans, found \(item.type) in it", at: span)
                    return .invalid
                }
                flags.append(flag)
            }
            return .bool(builtin == .any ? flags.contains(true) : !flags.contains(false))
        }
        report(.RP104, "'\(builtin.rawValue)' cannot take \(argument.type)", at: span, help: [builtin.summary])
        return .invalid
    }
}
