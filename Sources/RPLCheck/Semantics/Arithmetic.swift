import RPLSyntax

/// The typed operators of the language: which operand types combine and how.
enum Arithmetic {
    enum Outcome {
        case success(Value)
        case failure(String)
    }

    /// nil when the operator does not apply to these types.
    static func apply(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Outcome? {
        switch op {
        case .equal, .notEqual:
            guard let same = left.equals(right) else { return nil }
            return .success(.bool(op == .equal ? same : !same))
        case .less, .greater, .lessEqual, .greaterEqual:
            guard let order = compare(left, right) else { return nil }
            switch op {
            case .less: return .success(.bool(order < 0))
            case .greater: return .success(.bool(order > 0))
            case .lessEqual: return .success(.bool(order <= 0))
            default: return .success(.bool(order >= 0))
            }
        case .contains:
            switch right {
            case let .list(items): return .success(.bool(items.contains { $0.equals(left) == true }))
            case let .string(text):
                guard case let .string(part) = left else { return nil }
                return .success(.bool(text.contains(part)))
            default: return nil
            }
        case .add:
            switch (left, right) {
            case let (.string(a), .string(b)): return .success(.string(a + b))
            case let (.list(a), .list(b)): return .success(.list(a + b))
            default: return numeric(left, right) { $0.addingReportingOverflow($1) }
            }
        case .subtract:
            return numeric(left, right) { $0.subtractingReportingOverflow($1) }
        case .multiply:
            switch (left, right) {
            case let (.integer(a), .integer(b)): return checked(a.multipliedReportingOverflow(by: b)) { .integer($0) }
            case let (.duration(a), .integer(b)), let (.integer(b), .duration(a)):
                return checked(a.multipliedReportingOverflow(by: b)) { .duration($0) }
            case let (.size(a), .integer(b)), let (.integer(b), .size(a)):
                return checked(a.multipliedReportingOverflow(by: b)) { .size($0) }
            default: return nil
            }
        case .divide:
            let divisor: Int64
            switch right {
            case let .integer(b), let .duration(b), let .size(b): divisor = b
            default: return nil
            }
            switch (left, right) {
            case (.integer, .integer), (.duration, .integer), (.size, .integer), (.duration, .duration), (.size, .size):
                if divisor == 0 { return .failure("division by zero") }
            default: return nil
            }
            // The one overflowing division, Int64.min / -1, is a diagnostic, not a trap.
            switch (left, right) {
            case let (.integer(a), .integer(b)): return checked(a.dividedReportingOverflow(by: b)) { .integer($0) }
            case let (.duration(a), .integer(b)): return checked(a.dividedReportingOverflow(by: b)) { .duration($0) }
            case let (.size(a), .integer(b)): return checked(a.dividedReportingOverflow(by: b)) { .size($0) }
            case let (.duration(a), .duration(b)), let (.size(a), .size(b)):
                return checked(a.dividedReportingOverflow(by: b)) { .integer($0) }
            default: return nil
            }
        case .and, .or:
            return nil
        }
    }

    private static func numeric(_ left: Value, _ right: Value,
                                _ operation: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)) -> Outcome? {
        switch (left, right) {
        case let (.integer(a), .integer(b)): checked(operation(a, b)) { .integer($0) }
        case let (.duration(a), .duration(b)): checked(operation(a, b)) { .duration($0) }
        case let (.size(a), .size(b)): checked(operation(a, b)) { .size($0) }
        default: nil
        }
    }

    private static func checked(_ result: (partialValue: Int64, overflow: Bool), _ wrap: (Int64) -> Value) -> Outcome {
        result.overflow ? .failure("arithmetic overflow") : .success(wrap(result.partialValue))
    }

    private static func compare(_ left: Value, _ right: Value) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
        switch (left, right) {
        case let (.integer(a), .integer(b)), let (.duration(a), .duration(b)), let (.size(a), .size(b)): return order(a, b)
        case let (.string(a), .string(b)): return order(a, b)
        default: return nil
        }
    }
}
