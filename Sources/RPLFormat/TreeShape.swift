import RPLSyntax

/// A structural dump of a tree without spans: two texts that parse to equal
/// dumps mean the same program, which is what the formatter must keep.
/// Function documentation is included, so a `##` comment that drifted away
/// from its `fn` shows up.
public enum TreeShape {
    public static func of(_ tree: SyntaxTree) -> String {
        var out = ""
        if let header = tree.header {
            out += "plan \(header.name.text) version \(header.version.map(String.init) ?? "-")\n"
        }
        for statement in tree.preamble { out += dump(statement, 0) }
        out += "---\n"
        for statement in tree.statements { out += dump(statement, 0) }
        return out
    }

    static func dump(_ statement: Statement, _ depth: Int) -> String {
        let pad = String(repeating: ". ", count: depth)
        switch statement.kind {
        case let .group(group):
            return pad + "group \(group.name.text) after[\(group.after.map(\.text).joined(separator: ","))]\n"
                + dump(group.body, depth + 1)
        case let .reprotect(r):
            let mt: String
            switch r.masterTarget {
            case .auto: mt = "auto"
            case let .expr(e): mt = dump(e)
            }
            return pad + "reprotect \(dump(r.machine)) using \(mt) \(r.processServer.map(dump) ?? "-") ds=\(r.datastore.map(dump) ?? "-")"
                + " ret=\(r.retention.map(dump) ?? "-") pol=\(r.policy.map(dump) ?? "-") log=\(r.logStorage.map(dump) ?? "-")\n"
        case let .failback(f):
            return pad + "failback \(target(f.target))\(f.recoveryPoint.map { " rp=" + dump($0) } ?? "")\n"
        case let .commit(c):
            return pad + "commit \(target(c.target))\n"
        case let .protect(p):
            return pad + "protect \(target(p.target)) using \(dump(p.processServer)) pol=\(p.policy.map(dump) ?? "-")\n"
        case let .letBinding(name, value):
            return pad + "let \(name.text) = \(dump(value))\n"
        case let .function(fn):
            return pad + "fn \(fn.name.text)(\(fn.parameters.map(\.text).joined(separator: ","))) doc\(fn.documentation)\n"
                + dump(fn.body, depth + 1)
        case let .forLoop(variable, sequence, body):
            return pad + "for \(variable.text) in \(dump(sequence))\n" + dump(body, depth + 1)
        case let .ifElse(first):
            // `else if` chains in a loop, at one depth: they may be thousands long.
            var out = ""
            var node = first
            while true {
                out += pad + "if \(dump(node.condition))\n" + dump(node.then, depth + 1)
                switch node.otherwise {
                case nil:
                    return out
                case let .block(block):
                    return out + pad + "else\n" + dump(block, depth + 1)
                case let .elseIf(statement):
                    guard case let .ifElse(nested) = statement.kind else {
                        return out + pad + "else-if\n" + dump(statement, depth + 1)
                    }
                    out += pad + "else-"
                    node = nested
                }
            }
        case let .importModule(.module(name)): return pad + "import module \(name.text)\n"
        case let .importModule(.path(path, _)): return pad + "import path \(path)\n"
        case let .check(check): return pad + "\(check.kind) \(dump(check.condition)), \(dump(check.message))\n"
        case let .manual(name, text): return pad + "manual \(name.text) \(dump(text))\n"
        case let .wait(e): return pad + "wait \(dump(e))\n"
        case let .returnValue(e): return pad + "return \(dump(e))\n"
        case let .call(e): return pad + "call \(dump(e))\n"
        case .invalid: return pad + "INVALID\n"
        }
    }

    static func target(_ target: Failback.Target) -> String {
        switch target {
        case .all: "all"
        case let .expr(e): dump(e)
        }
    }

    static func dump(_ block: Block, _ depth: Int) -> String {
        block.statements.map { dump($0, depth) }.joined()
    }

    /// A piece of an expression's dump still to write.
    enum Piece {
        case text(String)
        case expr(Expr)
    }

    /// Written with a stack, not by recursion: a chain such as `1 + 1 + ...`
    /// parses (in a loop) to a tree thousands of levels deep.
    static func dump(_ expr: Expr) -> String {
        var out = ""
        var pending: [Piece] = [.expr(expr)]
        /// Queues `pieces` to be written in the order given.
        func then(_ pieces: Piece...) { pending += pieces.reversed() }
        func list(_ open: String, _ items: [Expr]) -> [Piece] {
            var pieces: [Piece] = [.text(open)]
            for (index, item) in items.enumerated() {
                if index > 0 { pieces.append(.text(",")) }
                pieces.append(.expr(item))
            }
            return pieces + [.text(")")]
        }
        while let piece = pending.popLast() {
            guard case let .expr(expr) = piece else {
                if case let .text(text) = piece { out += text }
                continue
            }
            switch expr.kind {
            case let .integer(v): out += "int(\(v))"
            case let .duration(s): out += "dur(\(s))"
            case let .size(b): out += "size(\(b))"
            case let .string(parts):
                var pieces: [Piece] = [.text("str(")]
                for (index, part) in parts.enumerated() {
                    if index > 0 { pieces.append(.text(";")) }
                    switch part {
                    case let .text(t): pieces.append(.text("t:\(t.debugDescription)"))
                    case let .interpolation(e): pieces += [.text("i:"), .expr(e)]
                    }
                }
                pending += (pieces + [.text(")")]).reversed()
            case let .bool(b): out += "\(b)"
            case .none: out += "none"
            case let .name(n): out += "name(\(n))"
            case let .list(items): pending += list("list(", items).reversed()
            case let .record(fields):
                var pieces: [Piece] = [.text("rec(")]
                for (index, field) in fields.enumerated() {
                    pieces += [.text((index > 0 ? "," : "") + "\(field.key.text):"), .expr(field.value)]
                }
                pending += (pieces + [.text(")")]).reversed()
            case let .unary(op, e): then(.text("\(op)("), .expr(e), .text(")"))
            case let .binary(op, l, r): then(.text("\(op)("), .expr(l), .text(","), .expr(r), .text(")"))
            case let .filter(l, r): then(.text("where("), .expr(l), .text(","), .expr(r), .text(")"))
            case let .call(callee, args):
                pending += ([.text("call("), .expr(callee), .text(":")] + list("", args)).reversed()
            case let .member(e, n): then(.text("member("), .expr(e), .text(".\(n.text))"))
            case let .index(e, i): then(.text("index("), .expr(e), .text("["), .expr(i), .text("])"))
            case .invalid: out += "INVALID"
            }
        }
        return out
    }
}

