import RPLSource

/// One problem with an inventory, at the JSON path of the value at fault
/// (`machines[3].onprem_vm.host`), so that a user can find it in the file.
public struct InventoryIssue: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Why an inventory document was refused: it is not JSON at all, or it is
/// JSON that breaks the import format (every problem found, not just the first).
public enum InventoryJSONError: Error, Sendable, CustomStringConvertible {
    case syntax(JSONSyntaxError)
    case invalid([InventoryIssue])

    public var issues: [InventoryIssue] {
        if case let .invalid(issues) = self { return issues }
        return []
    }

    public var description: String {
        switch self {
        case let .syntax(error): "not valid JSON: line \(error.line), column \(error.column): \(error.message)"
        case let .invalid(issues): issues.map(\.description).joined(separator: "\n")
        }
    }
}

extension Suggestions {
    /// " (did you mean 'x'?)", or nothing when no name is near.
    static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        guard let best = nearest(to: name, in: candidates, limit: 1).first else { return "" }
        return " (did you mean '\(best)'?)"
    }
}
