import RPLInventory
import RPLSource
import RPLSyntax

extension Evaluator {
    /// A name in scope, innermost first: locals, globals, built-ins, plan
    /// groups, then inventory records of any kind.
    func lookup(_ name: String) -> Value? {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        if let global = globals[name] { return global.value }
        if let builtin = Builtins.value(named: name, inventory: inventory) { return builtin }
        if building.declaredGroups[name] != nil { return .entity(.group, name) }
        return inventoryRecord(named: name)
    }

    func inventoryRecord(named name: String) -> Value? {
        if inventory.machineIndex[name] != nil { return .entity(.machine, name) }
        if inventory.masterTargetIndex[name] != nil { return .entity(.masterTarget, name) }
        if inventory.processServerIndex[name] != nil { return .entity(.processServer, name) }
        if inventory.datastoreIndex[name] != nil { return .entity(.datastore, name) }
        if inventory.hostIndex[name] != nil { return .entity(.host, name) }
        if inventory.vcenterIndex[name] != nil { return .entity(.vcenter, name) }
        return nil
    }

    func hasRecord(_ name: String, of kind: EntityKind) -> Bool {
        switch kind {
        case .machine: inventory.machineIndex[name] != nil
        case .masterTarget: inventory.masterTargetIndex[name] != nil
        case .processServer: inventory.processServerIndex[name] != nil
        case .datastore: inventory.datastoreIndex[name] != nil
        case .host: inventory.hostIndex[name] != nil
        case .vcenter: inventory.vcenterIndex[name] != nil
        case .group: building.declaredGroups[name] != nil
        }
    }

    func names(of kind: EntityKind) -> [String] {
        switch kind {
        case .machine: inventory.machines.map(\.name)
        case .masterTarget: inventory.masterTargets.map(\.name)
        case .processServer: inventory.processServers.map(\.name)
        case .datastore: inventory.datastores.map(\.name)
        case .host: inventory.hosts.map(\.name)
        case .vcenter: inventory.vcenters.map(\.name)
        case .group: building.groups.map(\.name)
        }
    }

    /// Resolves an expression standing where a record of `kind` is
    /// expected, to the record's position in the inventory's array of that
    /// kind. A bare name is looked up as that kind first (so a machine and
    /// a host may share a name): one hash lookup on the hot path of a
    /// 50,000-machine plan. Nil after reporting RP101, RP102 or RP104.
    /// `nothingBound`: the caller's `nothingIsBound`, read once for several names.
    func resolveIndex(_ expr: Expr, as kind: EntityKind, nothingBound: Bool = false) -> Int? {
        if case let .name(name) = expr.kind, nothingBound || !isBoundLocally(name) {
            if let index = recordIndex(name, of: kind) { return index }
            return resolveUnboundName(name, as: kind, span: expr.span).flatMap { recordIndex($0, of: kind) }
        }
        return entityName(evaluate(expr), expected: kind, span: expr.span, written: nil).flatMap { recordIndex($0, of: kind) }
    }

    func recordIndex(_ name: String, of kind: EntityKind) -> Int? {
        switch kind {
        case .machine: inventory.machineIndex[name]
        case .masterTarget: inventory.masterTargetIndex[name]
        case .processServer: inventory.processServerIndex[name]
        case .datastore: inventory.datastoreIndex[name]
        case .host: inventory.hostIndex[name]
        case .vcenter: inventory.vcenterIndex[name]
        case .group: nil
        }
    }

    /// A bare name that is no record of the expected kind: another kind (RP102), or unknown (RP101).
    private func resolveUnboundName(_ name: String, as kind: EntityKind, span: Span) -> String? {
        if let found = lookup(name) {
            return entityName(found, expected: kind, span: span, written: name)
        }
        reportUnknown(name, expected: kind, span: span)
        return nil
    }

    /// No scope and no global binds any name, so none shadows a record. A
    /// reprotect reads it once for its four names: each look into the
    /// scopes costs two exclusivity checks (~33 M instructions a 50k plan).
    var nothingIsBound: Bool { globals.isEmpty && scopes.allSatisfy { $0.isEmpty } }

    private func isBoundLocally(_ name: String) -> Bool {
        // Empty scopes are skipped before hashing: most blocks bind nothing.
        scopes.contains { !$0.isEmpty && $0[name] != nil } || (!globals.isEmpty && globals[name] != nil)
    }

    private func entityName(_ value: Value, expected kind: EntityKind, span: Span, written: String?) -> String? {
        switch value {
        case let .entity(found, name) where found == kind:
            return name
        case let .entity(found, name):
            let subject = written.map { "'\($0)'" } ?? "this"
            let known = names(of: kind)
            var help = known.count <= 8 && !known.isEmpty
                ? ["the inventory's \(kind.rawValue)s: " + known.joined(separator: ", ")] : []
            if let suggestion = Suggestions.phrase(Suggestions.nearest(to: name, in: known)) { help = [suggestion] }
            report(.RP102, "\(subject) is \(found.withArticle), but \(kind.withArticle) is expected here", at: span,
                   notes: ["'\(name)' is \(found.withArticle) in the inventory"], help: help)
            return nil
        case .invalid:
            return nil
        case let .string(text) where hasRecord(text, of: kind):
            report(.RP104, "expected \(kind.withArticle), found the string \"\(text)\"", at: span,
                   help: ["write the name without quotes: \(text)"])
            return nil
        default:
            report(.RP104, "expected \(kind.withArticle), found \(value.type)", at: span)
            return nil
        }
    }

    /// RP101 with "did you mean" from names of the expected kind, and from the scope.
    func reportUnknown(_ name: String, expected kind: EntityKind?, span: Span) {
        var candidates: [String] = []
        if let kind {
            candidates = names(of: kind)
        } else {
            for scope in scopes { candidates += scope.keys }
            candidates += globals.keys
            candidates += Builtins.names
            candidates += building.groups.map(\.name)
            for kind in EntityKind.allCases where kind != .group { candidates += names(of: kind) }
        }
        let what = kind.map { "unknown \($0.rawValue) '\(name)'" } ?? "unknown name '\(name)'"
        var help: [String] = []
        if let suggestion = Suggestions.phrase(Suggestions.nearest(to: name, in: candidates)) {
            help.append(suggestion)
        } else if let kind {
            let known = names(of: kind)
            if !known.isEmpty, known.count <= 8 {
                help.append("the inventory's \(kind.rawValue)s: " + known.joined(separator: ", "))
            } else if known.isEmpty {
                help.append("the inventory has no \(kind.rawValue)")
            }
        }
        var notes: [String] = []
        if kind == nil, let other = inventoryRecord(named: name) { notes.append("'\(name)' is \(other.type)") }
        report(.RP101, what, at: span, notes: notes, help: help)
    }
}
