import RPLSource

/// The syntax tree. Nodes are values with spans; what later phases learn
/// about them (resolved names, types) goes into side tables keyed by span,
/// never back into the tree.

public struct Name: Sendable, Hashable {
    public var text: String
    public var span: Span

    public init(_ text: String, span: Span) {
        self.text = text
        self.span = span
    }
}

/// One parsed file: the plan header (when written), its statements, and
/// the comments the formatter must keep.
public struct SyntaxTree: Sendable {
    public var file: SourceFile
    /// `plan NAME version N < ... >`; nil for a file of bare statements,
    /// which is one implicit plan named after the file.
    public var header: PlanHeader?
    /// Imports, functions and bindings written before `plan` (empty without a header).
    public var preamble: [Statement]
    /// The plan's statements: inside the plan block, or the whole file without a header.
    public var statements: [Statement]
    public var comments: [Span]
    public var diagnostics: [Diagnostic]

    /// The plan's name: the header's, else the file name without directory and `.rpl`.
    public var planName: String {
        if let header { return header.name.text }
        var base = file.name.split(separator: "/").last.map(String.init) ?? file.name
        if base.hasSuffix(".rpl") { base.removeLast(4) }
        return base
    }
}

public struct PlanHeader: Sendable {
    public var name: Name
    public var version: Int64?
    /// From `plan` to the closing `>`.
    public var span: Span
    /// The `<` ... `>` of the plan.
    public var blockSpan: Span
}

public struct Statement: Sendable {
    public var kind: StatementKind
    public var span: Span

    public init(_ kind: StatementKind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

public indirect enum StatementKind: Sendable {
    case group(GroupDecl)
    case reprotect(Reprotect)
    case failback(Failback)
    /// `commit MACHINE|GROUP|all`: ends a failback (Site Recovery removes the Azure VM).
    case commit(Commit)
    /// `protect MACHINE|GROUP|all using PROCESS-SERVER [policy P]`: replication to Azure again.
    case protect(Protect)
    case letBinding(name: Name, value: Expr)
    case function(FunctionDecl)
    case forLoop(variable: Name, sequence: Expr, body: Block)
    case ifElse(IfElse)
    case importModule(ImportTarget)
    /// `check COND, "message"` (a warning) or `assert COND, "message"` (an error).
    case check(Check)
    /// `manual NAME "instructions"`: pauses a run until confirmed.
    case manual(name: Name, instructions: Expr)
    case wait(Expr)
    case returnValue(Expr)
    /// A call standing as a statement: `reprotect-group(erp, mt1, ps-azure, ds1)`.
    case call(Expr)
    /// What the parser could not read; its diagnostics were reported.
    case invalid
}

public struct Block: Sendable {
    public var statements: [Statement]
    /// From `<` to `>` inclusive.
    public var span: Span

    public init(statements: [Statement], span: Span) {
        self.statements = statements
        self.span = span
    }
}

public struct GroupDecl: Sendable {
    public var name: Name
    public var after: [Name]
    public var body: Block
}

/// `reprotect MACHINE using MASTER-TARGET PROCESS-SERVER [datastore D] [retention V] [policy P]` (classic), or
/// `reprotect MACHINE using REPROTECT-AGENT [datastore D] log-storage ACCOUNT` (modernized: no process server).
public struct Reprotect: Sendable {
    public var machine: Expr
    /// A master target, or (modernized) a reprotect agent: the checker tells them apart by what the name is.
    public var masterTarget: MasterTargetChoice
    /// nil in the modernized form, which names no process server.
    public var processServer: Expr?
    public var datastore: Expr?
    public var retention: Expr?
    public var policy: Expr? {
        get { seldomWritten?.policy }
        set { seldomWritten = SeldomWritten.holding(policy: newValue, logStorage: logStorage) }
    }
    /// The log storage account of a modernized reprotect.
    public var logStorage: Expr? {
        get { seldomWritten?.logStorage }
        set { seldomWritten = SeldomWritten.holding(policy: policy, logStorage: newValue) }
    }
    /// `policy` and `log-storage`, which few reprotects write, in a box of
    /// their own (nil when neither is written): as two 32-byte fields of
    /// every reprotect they were 3.2 MB of a 50k plan's syntax tree.
    /// (A stored property the memberwise initializer takes, so that the
    /// parser builds a reprotect in place in its statement's box.)
    var seldomWritten: SeldomWritten?
    /// Span of the `reprotect` keyword.
    public var keyword: Span

    final class SeldomWritten: Sendable {
        let policy: Expr?
        let logStorage: Expr?

        private init(policy: Expr?, logStorage: Expr?) {
            self.policy = policy
            self.logStorage = logStorage
        }

        /// nil when neither is written: no allocation for most reprotects.
        static func holding(policy: Expr?, logStorage: Expr?) -> SeldomWritten? {
            policy == nil && logStorage == nil ? nil : SeldomWritten(policy: policy, logStorage: logStorage)
        }
    }
}

public enum MasterTargetChoice: Sendable {
    /// `using auto`: the scheduler chooses.
    case auto(Span)
    case expr(Expr)

    public var span: Span {
        switch self {
        case let .auto(span): span
        case let .expr(expr): expr.span
        }
    }
}

public struct Failback: Sendable {
    public enum Target: Sendable {
        case all(Span)
        case expr(Expr)
    }

    public var target: Target
    /// `recovery-point crash-consistent|app-consistent` (modernized only); nil: crash-consistent.
    public var recoveryPoint: Expr?
    public var keyword: Span

    public init(target: Target, recoveryPoint: Expr? = nil, keyword: Span) {
        self.target = target
        self.recoveryPoint = recoveryPoint
        self.keyword = keyword
    }
}

public struct Commit: Sendable {
    public var target: Failback.Target
    public var keyword: Span
}

public struct Protect: Sendable {
    public var target: Failback.Target
    public var processServer: Expr
    public var policy: Expr?
    public var keyword: Span
}

public struct FunctionDecl: Sendable {
    public var name: Name
    public var parameters: [Name]
    public var body: Block
    /// The `##` comment lines just above `fn`, without the markers.
    public var documentation: [String]
}

public struct IfElse: Sendable {
    public var condition: Expr
    public var then: Block
    public var otherwise: ElseBranch?
}

public indirect enum ElseBranch: Sendable {
    case block(Block)
    case elseIf(Statement)
}

public enum ImportTarget: Sendable {
    /// `import failback`: a module of the standard library.
    case module(Name)
    /// `import "lib/common.rpl"`: a file relative to the importing one.
    case path(String, Span)
}

public struct Check: Sendable {
    public enum Kind: Sendable { case check, assert }
    public var kind: Kind
    public var condition: Expr
    public var message: Expr
}

// MARK: - Expressions

public struct Expr: Sendable {
    public private(set) var kind: ExprKind
    public var span: Span
    /// Levels of the tree from this node down to its deepest leaf (a leaf
    /// is 1). Every phase walks expressions recursively, so the parser
    /// bounds this (`Limits.maxNesting`): `1 + 1 + ... + 1` is as deep as it
    /// is long, like as many parentheses.
    public private(set) var depth: Int32

    public init(_ kind: ExprKind, span: Span) {
        self.kind = kind
        self.span = span
        self.depth = kind.depth
    }
}

/// Only the cases that hold an `Expr` directly are `indirect`: a leaf
/// (a name, a literal) then lives inside its `Expr` rather than in a heap
/// box of its own, one allocation fewer for most nodes of a plan.
public enum ExprKind: Sendable {
    case integer(Int64)
    case duration(seconds: Int64)
    case size(bytes: Int64)
    case string([StringPart])
    case bool(Bool)
    case none
    case name(String)
    case list([Expr])
    case record([RecordField])
    indirect case unary(UnaryOperator, Expr)
    indirect case binary(BinaryOperator, Expr, Expr)
    /// `xs where COND`: the items of `xs` for which COND holds; inside COND
    /// the fields of each item are names in scope.
    indirect case filter(Expr, Expr)
    indirect case call(callee: Expr, arguments: [Expr])
    indirect case member(Expr, Name)
    indirect case index(Expr, Expr)
    case invalid
}

extension ExprKind {
    /// `Expr.depth` of a node of this kind, from its children's (no allocation: the parser builds every node through here).
    var depth: Int32 {
        func deepest(_ exprs: [Expr]) -> Int32 {
            var deepest: Int32 = 0
            for expr in exprs where expr.depth > deepest { deepest = expr.depth }
            return deepest
        }
        switch self {
        case .integer, .duration, .size, .bool, .none, .name, .invalid:
            return 1
        case let .string(parts):
            var deepest: Int32 = 0
            for case let .interpolation(inner) in parts where inner.depth > deepest { deepest = inner.depth }
            return 1 + deepest
        case let .list(items): return 1 + deepest(items)
        case let .record(fields):
            var deepest: Int32 = 0
            for field in fields where field.value.depth > deepest { deepest = field.value.depth }
            return 1 + deepest
        case let .unary(_, operand), let .member(operand, _): return 1 + operand.depth
        case let .binary(_, left, right), let .filter(left, right), let .index(left, right):
            return 1 + max(left.depth, right.depth)
        case let .call(callee, arguments): return 1 + max(callee.depth, deepest(arguments))
        }
    }
}

public enum StringPart: Sendable {
    case text(String)
    case interpolation(Expr)
}

public struct RecordField: Sendable {
    public var key: Name
    public var value: Expr
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">="
    case contains = "in"
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}
