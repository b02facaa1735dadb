import RPLInventory
import RPLSource
import RPLSyntax

/// The kinds of inventory record a name can stand for.
public enum EntityKind: String, Sendable, CaseIterable {
    case machine = "machine"
    case masterTarget = "master target"
    case processServer = "process server"
    case datastore = "datastore"
    case host = "ESXi host"
    case vcenter = "vCenter"
    case group = "group"

    /// "a machine", "an ESXi host".
    public var withArticle: String {
        let vowel = ["a", "e", "i", "o", "u", "E"].contains(rawValue.prefix(1))
        return (vowel ? "an " : "a ") + rawValue
    }
}

/// A value of the language. Evaluation is pure: values never change.
public indirect enum Value: Sendable {
    case integer(Int64)
    case duration(Int64)
    case size(Int64)
    case string(String)
    case bool(Bool)
    case none
    case list([Value])
    case record([(String, Value)])
    case entity(EntityKind, String)
    case function(UserFunction)
    case builtin(Builtin)
    /// The result of an expression whose error was already reported:
    /// anything done with it stays quiet (follow-on suppression).
    case invalid

    public var type: ValueType {
        switch self {
        case .integer: .integer
        case .duration: .duration
        case .size: .size
        case .string: .string
        case .bool: .bool
        case .none: .none
        case .list: .list
        case .record: .record
        case let .entity(kind, _): .entity(kind)
        case .function, .builtin: .function
        case .invalid: .invalid
        }
    }
}

public enum ValueType: Sendable, Equatable, CustomStringConvertible {
    case integer, duration, size, string, bool, none, list, record, function, invalid
    case entity(EntityKind)

    public var description: String {
        switch self {
        case .integer: "a number"
        case .duration: "a duration"
        case .size: "a size"
        case .string: "a string"
        case .bool: "a boolean"
        case .none: "none"
        case .list: "a list"
        case .record: "a record"
        case .function: "a function"
        case .invalid: "an invalid value"
        case let .entity(kind): kind.withArticle
        }
    }
}

public struct UserFunction: Sendable {
    public var declaration: FunctionDecl
    /// The file it was declared in (a stdlib module is another file).
    public var file: SourceFile
}

/// The native primitives; everything else of the library is written in rpl (stdlib/).
public enum Builtin: String, Sendable, CaseIterable {
    case len
    case machine
    case masterTarget = "master-target"
    case processServer = "process-server"
    case datastore
    case members
    case names
    case sum
    case any
    case all = "every"

    public var arity: Int { 1 }

    public var summary: String {
        switch self {
        case .len: "len(xs): the number of items of a list (or characters of a string)"
        case .machine: "machine(\"name\"): the machine of that name"
        case .masterTarget: "master-target(\"name\"): the master target of that name"
        case .processServer: "process-server(\"name\"): the process server of that name"
        case .datastore: "datastore(\"name\"): the datastore of that name"
        case .members: "members(\"group\"): the machines of a replication group"
        case .names: "names(xs): the names of a list of inventory records"
        case .sum: "sum(xs): the sum of numbers, durations or sizes"
        case .any: "any(xs): true when some item is true"
        case .all: "every(xs): true when every item is true"
        }
    }
}

extension Value {
    /// How a value reads in a message or an interpolated string.
    public var display: String {
        switch self {
        case let .integer(n): String(n)
        case let .duration(s): NumberLiterals.durationText(s)
        case let .size(b): NumberLiterals.sizeText(b)
        case let .string(s): s
        case let .bool(b): b ? "true" : "false"
        case .none: "none"
        case let .list(items): "[" + items.map(\.quotedDisplay).joined(separator: ", ") + "]"
        case let .record(fields): "{" + fields.map { "\($0.0): \($0.1.quotedDisplay)" }.joined(separator: ", ") + "}"
        case let .entity(_, name): name
        case let .function(f): "fn \(f.declaration.name.text)"
        case let .builtin(b): "fn \(b.rawValue)"
        case .invalid: "<invalid>"
        }
    }

    var quotedDisplay: String {
        if case let .string(s) = self { return "\"\(s)\"" }
        return display
    }

    /// Structural equality; entities compare by kind and name.
    public func equals(_ other: Value) -> Bool? {
        switch (self, other) {
        case let (.integer(a), .integer(b)), let (.duration(a), .duration(b)), let (.size(a), .size(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.none, .none): true
        case (.none, _), (_, .none): false
        case let (.entity(k1, a), .entity(k2, b)): k1 == k2 && a == b
        // A record field such as `os` compares with a string ("linux").
        case let (.entity(_, a), .string(b)), let (.string(b), .entity(_, a)): a == b
        case let (.list(a), .list(b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.equals($1) == true }
        case let (.record(a), .record(b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1.equals($1.1) == true }
        default: nil
        }
    }
}
