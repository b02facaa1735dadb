import RPLSource

/// Every kind of token. One table (`spelling`) serves keyword lookup and
/// the text of "expected ..." messages alike.
public enum TokenKind: UInt8, Sendable, CaseIterable {
    // Literals and names
    case name, integer, duration, size, string
    // Keywords
    case kwPlan, kwVersion, kwGroup, kwAfter, kwReprotect, kwUsing, kwAuto, kwDatastore, kwRetention, kwPolicy, kwLogStorage
    case kwFailback, kwRecoveryPoint, kwCommit, kwProtect, kwAll, kwLet, kwFn, kwFor, kwIn, kwIf, kwElse, kwImport, kwCheck, kwAssert, kwManual
    case kwWait, kwReturn, kwTrue, kwFalse, kwNone, kwAnd, kwOr, kwNot, kwWhere
    // Punctuation
    case lessThan, greaterThan, lessEqual, greaterEqual, equalEqual, bangEqual, equal
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, dot, plus, minus, star, slash
    // Trivia-like and end
    case invalid, endOfFile

    /// How the token is written, for keywords and punctuation; a
    /// description for the others. Used in "expected X" messages.
    public var spelling: String {
        switch self {
        case .name: "a name"
        case .integer: "a number"
        case .duration: "a duration"
        case .size: "a size"
        case .string: "a string"
        case .kwPlan: "plan"
        case .kwVersion: "version"
        case .kwGroup: "group"
        case .kwAfter: "after"
        case .kwReprotect: "reprotect"
        case .kwUsing: "using"
        case .kwAuto: "auto"
        case .kwDatastore: "datastore"
        case .kwRetention: "retention"
        case .kwPolicy: "policy"
        case .kwLogStorage: "log-storage"
        case .kwFailback: "failback"
        case .kwRecoveryPoint: "recovery-point"
        case .kwCommit: "commit"
        case .kwProtect: "protect"
        case .kwAll: "all"
        case .kwLet: "let"
        case .kwFn: "fn"
        case .kwFor: "for"
        case .kwIn: "in"
        case .kwIf: "if"
        case .kwElse: "else"
        case .kwImport: "import"
        case .kwCheck: "check"
        case .kwAssert: "assert"
        case .kwManual: "manual"
        case .kwWait: "wait"
        case .kwReturn: "return"
        case .kwTrue: "true"
        case .kwFalse: "false"
        case .kwNone: "none"
        case .kwAnd: "and"
        case .kwOr: "or"
        case .kwNot: "not"
        case .kwWhere: "where"
        case .lessThan: "<"
        case .greaterThan: ">"
        case .lessEqual: "<="
        case .greaterEqual: ">="
        case .equalEqual: "=="
        case .bangEqual: "!="
        case .equal: "="
        case .leftParen: "("
        case .rightParen: ")"
        case .leftBracket: "["
        case .rightBracket: "]"
        case .leftBrace: "{"
        case .rightBrace: "}"
        case .comma: ","
        case .colon: ":"
        case .dot: "."
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .invalid: "an invalid character"
        case .endOfFile: "end of file"
        }
    }

    /// Spelling in quotes for punctuation and keywords, plain for descriptions.
    public var quoted: String {
        switch self {
        case .name, .integer, .duration, .size, .string, .invalid, .endOfFile: spelling
        default: "'\(spelling)'"
        }
    }

    public var isKeyword: Bool { rawValue >= TokenKind.kwPlan.rawValue && rawValue <= TokenKind.kwWhere.rawValue }

    /// Keywords by spelling, built once from the same table.
    public static let keywords: [String: TokenKind] = {
        var table: [String: TokenKind] = [:]
        for kind in TokenKind.allCases where kind.isKeyword { table[kind.spelling] = kind }
        return table
    }()

    /// Keywords that begin a statement: where error recovery resynchronises.
    public var startsStatement: Bool {
        switch self {
        case .kwPlan, .kwGroup, .kwReprotect, .kwFailback, .kwCommit, .kwProtect, .kwLet, .kwFn, .kwFor, .kwIf, .kwImport,
             .kwCheck, .kwAssert, .kwManual, .kwWait, .kwReturn:
            true
        default: false
        }
    }
}

/// A token points into the source (a span); nothing is copied.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var span: Span

    public init(kind: TokenKind, span: Span) {
        self.kind = kind
        self.span = span
    }
}
