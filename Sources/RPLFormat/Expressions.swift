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

/// Prints expressions on one line with canonical spacing. Parentheses are
/// the ones precedence needs (the tree drops the written ones), plus a pair
/// around every `<` / `>` comparison that is not already an element of
/// brackets of its own (an argument, a list item, a record value, an index):
/// those operators only compare inside brackets, and the parentheses keep the
/// text valid wherever it is moved and show at a glance that it is no block.
struct ExpressionPrinter {
    let file: SourceFile

    func print(_ expr: Expr) -> String { print(expr, atLeast: .lowest, bracketed: false) }

    /// `expr` as an operand that must bind at least as tightly as `minimum`;
    /// `bracketed` when it is an element directly inside `(`, `[` or `{`.
    func print(_ expr: Expr, atLeast minimum: Level, bracketed: Bool) -> String {
        let text = body(expr)
        var wrap = level(of: expr) < minimum
        if case let .binary(op, _, _) = expr.kind, op.comparesOnlyInBrackets, !bracketed { wrap = true }
        return wrap ? "(\(text))" : text
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

    func body(_ expr: Expr) -> String {
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
        case let .unary(.not, operand):
            return "not " + print(operand, atLeast: Level.not.above, bracketed: false)
        case let .unary(.negate, operand):
            // `-(-x)`, never `--x`: a prefix operand of a prefix operator is parenthesised.
            return "-" + print(operand, atLeast: Level.unary.above, bracketed: false)
        case let .binary(op, left, right):
            // Left-associative, except comparisons, which do not chain.
            let leftMinimum = op.level == .comparison ? op.level.above : op.level
            return print(left, atLeast: leftMinimum, bracketed: false) + " \(op.rawValue) "
                + print(right, atLeast: op.level.above, bracketed: false)
        case let .filter(items, condition):
            return print(items, atLeast: .filter, bracketed: false) + " where "
                + print(condition, atLeast: Level.filter.above, bracketed: false)
        case let .call(callee, arguments):
            return print(callee, atLeast: .postfix, bracketed: false)
                + "(" + arguments.map(element).joined(separator: ", ") + ")"
        case let .member(base, name):
            return print(base, atLeast: .postfix, bracketed: false) + "." + name.text
        case let .index(base, index):
            return print(base, atLeast: .postfix, bracketed: false) + "[" + element(index) + "]"
        case .invalid:
            // Never reached: a tree with syntax errors is not formatted.
            return ""
        }
    }

    func element(_ expr: Expr) -> String { print(expr, atLeast: .lowest, bracketed: true) }

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
