import RPLSource
import RPLSyntax

/// Binding levels, lowest first: the parser's `Precedence` table
/// (`RPLSyntax/ParseExpressions.swift`) restated, since the formatter must put
/// back exactly the parentheses the parser needs. The round-trip tests keep
/// the two in step.
enum Level: Int, Comparable {
    case lowest = 0
    case filter
    case or
    case and
    case not
    case comparison
    case additive
    case multiplicative
    case unary
    case postfix

    static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The next level up: what an operand must reach to bind tighter than this one.
    var above: Level { Level(rawValue: rawValue + 1) ?? .postfix }
}

extension BinaryOperator {
    var level: Level {
        switch self {
        case .or: .or
        case .and: .and
        case .equal, .notEqual, .less, .greater, .lessEqual, .greaterEqual, .contains: .comparison
        case .add, .subtract: .additive
        case .multiply, .divide: .multiplicative
        }
    }

    /// `<` and `>` compare only inside brackets; outside they delimit blocks.
    var comparesOnlyInBrackets: Bool { self == .less || self == .greater }
}

/// Prints expressions on one line with canonical spacing and only the
/// parentheses the parser needs (the tree drops the written ones): those
/// precedence needs, and a pair around a `<` / `>` comparison that stands
/// outside every bracket, where those two characters delimit blocks.
///
/// Never more: every pair costs the parser a level of nesting, so a pair
/// the input did not need could push the output past `Limits.maxNesting`
/// and a file that parsed would format to one that does not. With only the
/// needed pairs, the output is never nested deeper than the input was.
/// Hence `- -x` and `not not x`, not `-(-x)` and `not (not x)`, and
/// `f(a < b and c)` stays as it is.
struct ExpressionPrinter {
    let file: SourceFile

    func print(_ expr: Expr) -> String { print(expr, atLeast: .lowest, insideBrackets: false) }

    /// `expr` as an operand that must bind at least as tightly as `minimum`;
    /// `insideBrackets` when some `(`, `[` or `{` around it is still open,
    /// where the parser reads `<` and `>` as comparisons.
    ///
    /// The left spine (left operands, filtered lists, the bases of calls,
    /// members and indexes) is walked in a loop, not by recursion: the parser
    /// reads `1 + 1 + ...` and `a.b.c...` in a loop, so such chains can be
    /// thousands long. What the printer still recurses into (right operands,
    /// prefix operands, elements, parenthesised operands) each cost the
    /// parser a level of nesting, so that recursion is as bounded as it is.
    func print(_ expr: Expr, atLeast minimum: Level, insideBrackets: Bool) -> String {
        if needsParentheses(expr, atLeast: minimum, insideBrackets: insideBrackets) {
            return "(" + print(expr, atLeast: .lowest, insideBrackets: true) + ")"
        }
        /// What follows each node of the spine, outermost first.
        var suffixes: [String] = []
        var node = expr
        var nodeMinimum = minimum
        while true {
            // (The first node was asked above.)
            if !suffixes.isEmpty, needsParentheses(node, atLeast: nodeMinimum, insideBrackets: insideBrackets) { break }
            switch node.kind {
            case let .binary(op, left, right):
                suffixes.append(" \(op.rawValue) " + print(right, atLeast: op.level.above, insideBrackets: insideBrackets))
                // Left-associative, except comparisons, which do not chain.
                nodeMinimum = op.level == .comparison ? op.level.above : op.level
                node = left
            case let .filter(items, condition):
                suffixes.append(" where " + print(condition, atLeast: Level.filter.above, insideBrackets: insideBrackets))
                nodeMinimum = .filter
                node = items
            case let .call(callee, arguments):
                suffixes.append("(" + arguments.map(element).joined(separator: ", ") + ")")
                nodeMinimum = .postfix
                node = callee
            case let .member(base, name):
                suffixes.append("." + name.text)
                nodeMinimum = .postfix
                node = base
            case let .index(base, index):
                suffixes.append("[" + element(index) + "]")
                nodeMinimum = .postfix
                node = base
            default:
                return leaf(node, insideBrackets: insideBrackets) + suffixes.reversed().joined()
            }
        }
        // The spine went down to an operand that needs parentheses of its own.
        return "(" + print(node, atLeast: .lowest, insideBrackets: true) + ")" + suffixes.reversed().joined()
    }

    /// Whether `expr`, as an operand that must bind at least as tightly as
    /// `minimum`, needs a pair of parentheses: precedence, or a `<` / `>`
    /// comparison outside every bracket.
    func needsParentheses(_ expr: Expr, atLeast minimum: Level, insideBrackets: Bool) -> Bool {
        if level(of: expr) < minimum { return true }
        if case let .binary(op, _, _) = expr.kind, op.comparesOnlyInBrackets, !insideBrackets { return true }
        return false
    }

    func level(of expr: Expr) -> Level {
        switch expr.kind {
        case let .binary(op, _, _): op.level
        case .filter: .filter
        case .unary(.not, _): .not
        case .unary(.negate, _): .unary
        default: .postfix
        }
    }

    /// An expression that is not on a left spine: a literal, a name, a list,
    /// a record or a prefix operator.
    func leaf(_ expr: Expr, insideBrackets: Bool) -> String {
        switch expr.kind {
        case .integer, .duration, .size, .string:
            // As written: `90m` stays `90m`; escapes and interpolations stay as typed.
            return literalText(expr.span)
        case let .bool(value): return value ? "true" : "false"
        case .none: return "none"
        case let .name(name): return name
        case let .list(items):
            return "[" + items.map(element).joined(separator: ", ") + "]"
        case let .record(fields):
            return "{" + fields.map { "\($0.key.text): \(element($0.value))" }.joined(separator: ", ") + "}"
        case let .unary(.not, negated):
            // `not not x` parses as written: a `not` may begin the operand of a `not`.
            return "not " + print(negated, atLeast: .not, insideBrackets: insideBrackets)
        case let .unary(.negate, negated):
            // `- -x`: a `-` may begin the operand of a `-`; the space keeps the two apart.
            let text = print(negated, atLeast: .unary, insideBrackets: insideBrackets)
            return text.hasPrefix("-") ? "- " + text : "-" + text
        case .binary, .filter, .call, .member, .index, .invalid:
            // Spines are printed by `print`; an invalid node never reaches
            // here, since a tree with syntax errors is not formatted.
            return ""
        }
    }

    /// An argument, list item, record value or index: inside its own brackets.
    func element(_ expr: Expr) -> String { print(expr, atLeast: .lowest, insideBrackets: true) }

    /// The literal's token as written. A parenthesised literal's span covers
    /// the parentheses, so those are lexed away.
    func literalText(_ span: Span) -> String {
        let text = file.text(span)
        guard text.hasPrefix("(") else { return text }
        let tokens = Lexer.tokenize(file, from: Int(span.start), to: Int(span.end)).tokens
        guard let token = tokens.first(where: { $0.kind != .leftParen }) else { return text }
        return file.text(token.span)
    }
}
