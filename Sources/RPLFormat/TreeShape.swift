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
            return pad + "reprotect \(dump(r.machine)) using \(mt) \(dump(r.processServer)) ds=\(r.datastore.map(dump) ?? "-")"
                + " ret=\(r.retention.map(dump) ?? "-") pol=\(r.policy.map(dump) ?? "-")\n"
        case let .failback(f):
            switch f.target {
            case .all: return pad + "failback all\n"
            case let .expr(e): return pad + "failback \(dump(e))\n"
            }
        case let .letBinding(name, value):
            return pad + "let \(name.text) = \(dump(value))\n"
        case let .function(fn):
            return pad + "fn \(fn.name.text)(\(fn.parameters.map(\.text).joined(separator: ","))) doc\(fn.documentation)\n"
                + dump(fn.body, depth + 1)
        case let .forLoop(variable, sequence, body):
            return pad + "for \(variable.text) in \(dump(sequence))\n" + dump(body, depth + 1)
        case let .ifElse(node):
            var out = pad + "if \(dump(node.condition))\n" + dump(node.then, depth + 1)
            switch node.otherwise {
            case nil: break
            case let .block(block): out += pad + "else\n" + dump(block, depth + 1)
            case let .elseIf(nested): out += pad + "else-if\n" + dump(nested, depth + 1)
            }
            return out
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

    static func dump(_ block: Block, _ depth: Int) -> String {
        block.statements.map { dump($0, depth) }.joined()
    }

    static func dump(_ expr: Expr) -> String {
        switch expr.kind {
        case let .integer(v): return "int(\(v))"
        case let .duration(s): return "dur(\(s))"
        case let .size(b): return "size(\(b))"
        case let .string(parts):
            return "str(" + parts.map { part in
                switch part {
                case let .text(t): return "t:\(t.debugDescription)"
                case let .interpolation(e): return "i:\(dump(e))"
                }
            }.joined(separator: ";") + ")"
        case let .bool(b): return "\(b)"
        case .none: return "none"
        case let .name(n): return "name(\(n))"
        case let .list(items): return "list(" + items.map(dump).joined(separator: ",") + ")"
        case let .record(fields): return "rec(" + fields.map { "\($0.key.text):\(dump($0.value))" }.joined(separator: ",") + ")"
        case let .unary(op, e): return "\(op)(\(dump(e)))"
        case let .binary(op, l, r): return "\(op)(\(dump(l)),\(dump(r)))"
        case let .filter(l, r): return "where(\(dump(l)),\(dump(r)))"
        case let .call(callee, args): return "call(\(dump(callee)):" + args.map(dump).joined(separator: ",") + ")"
        case let .member(e, n): return "member(\(dump(e)).\(n.text))"
        case let .index(e, i): return "index(\(dump(e))[\(dump(i))])"
        case .invalid: return "INVALID"
        }
    }
}

