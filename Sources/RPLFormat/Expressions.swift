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
    func print(_ expr: Expr, atLeast minimum: Level, insideBrackets: Bool) -> String {
        var wrap = level(of: expr) < minimum
        if case let .binary(op, _, _) = expr.kind, op.comparesOnlyInBrackets, !insideBrackets { wrap = true }
        let text = body(expr, insideBrackets: insideBrackets || wrap)
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

    func body(_ expr: Expr, insideBrackets: Bool) -> String {
        /// An operand in the same brackets as `expr`.
        func operand(_ operand: Expr, atLeast minimum: Level) -> String {
            print(operand, atLeast: minimum, insideBrackets: insideBrackets)
        }
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
            return "not " + operand(negated, atLeast: .not)
        case let .unary(.negate, negated):
            // `- -x`: a `-` may begin the operand of a `-`; the space keeps the two apart.
            let text = operand(negated, atLeast: .unary)
            return text.hasPrefix("-") ? "- " + text : "-" + text
        case let .binary(op, left, right):
            // Left-associative, except comparisons, which do not chain.
            let leftMinimum = op.level == .comparison ? op.level.above : op.level
            return operand(left, atLeast: leftMinimum) + " \(op.rawValue) " + operand(right, atLeast: op.level.above)
        case let .filter(items, condition):
            return operand(items, atLeast: .filter) + " where " + operand(condition, atLeast: Level.filter.above)
        case let .call(callee, arguments):
            return operand(callee, atLeast: .postfix) + "(" + arguments.map(element).joined(separator: ", ") + ")"
        case let .member(base, name):
            return operand(base, atLeast: .postfix) + "." + name.text
        case let .index(base, index):
            return operand(base, atLeast: .postfix) + "[" + element(index) + "]"
        case .invalid:
            // Never reached: a tree with syntax errors is not formatted.
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
