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

/// Nearest names for "did you mean" (Elm's rule: distance 1 for short
/// names, 2 otherwise, nearest first).
enum Suggestions {
    static func nearest(to name: String, among candidates: some Sequence<String>) -> [String] {
        let limit = name.count <= 4 ? 1 : 2
        var scored: [(Int, String)] = []
        for candidate in candidates {
            let distance = editDistance(Array(name.lowercased().unicodeScalars), Array(candidate.lowercased().unicodeScalars))
            if distance <= limit { scored.append((distance, candidate)) }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.1)
    }

    static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        guard let best = nearest(to: name, among: candidates).first else { return "" }
        return " (did you mean '\(best)'?)"
    }

    private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
