public enum Severity: String, Sendable, Comparable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .note: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A span of a file with what to say about it. The primary label is the
/// exact problem; secondary labels give context ("group declared here").
public struct Label: Sendable {
    public var file: SourceFile
    public var span: Span
    public var message: String

    public init(file: SourceFile, span: Span, message: String = "") {
        self.file = file
        self.span = span
        self.message = message
    }

    public var line: Int { file.location(of: span.start).line }
    public var column: Int { file.location(of: span.start).column }
}

/// One finding about a plan, in the shape every renderer understands.
public struct Diagnostic: Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var primary: Label
    public var secondary: [Label]
    public var notes: [String]
    public var help: [String]

    public init(
        _ code: DiagnosticCode,
        severity: Severity? = nil,
        _ message: String,
        at primary: Label,
        secondary: [Label] = [],
        notes: [String] = [],
        help: [String] = []
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.primary = primary
        self.secondary = secondary
        self.notes = notes
        self.help = help
    }

    public init(
        _ code: DiagnosticCode,
        severity: Severity? = nil,
        _ message: String,
        file: SourceFile,
        span: Span,
        secondary: [Label] = [],
        notes: [String] = [],
        help: [String] = []
    ) {
        self.init(code, severity: severity, message, at: Label(file: file, span: span),
                  secondary: secondary, notes: notes, help: help)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// File order, then position, so output is stable whatever order the passes ran in.
    public func sortedByPosition() -> [Diagnostic] {
        enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.primary.file.name != y.primary.file.name { return x.primary.file.name < y.primary.file.name }
            if x.primary.span.start != y.primary.span.start { return x.primary.span.start < y.primary.span.start }
            return a.offset < b.offset
        }.map(\.element)
    }
}
