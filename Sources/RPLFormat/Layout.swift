import RPLSource
import RPLSyntax

/// Writes statements line by line and puts every comment back where it was
/// relative to the code (see `Formatter` for the rules). Comments are taken
/// in source order through one cursor, so none is written twice or lost.
struct Layout {
    static let indentUnit = "  "

    let file: SourceFile
    let tree: SyntaxTree
    let expressions: ExpressionPrinter
    let comments: [Span]
    var nextComment = 0
    var lines: [String] = []
    /// Source line (0-based) of the last thing written; nil at the start of a
    /// block or the file, where no blank line is kept.
    var lastLine: Int?
    /// Index in `lines` of the last line that ends in a `##` comment: an
    /// `fn` written right below it would take it as its documentation.
    var lastDocCommentLine: Int?

    init(tree: SyntaxTree) {
        self.tree = tree
        self.file = tree.file
        self.expressions = ExpressionPrinter(file: tree.file)
        self.comments = tree.comments.sorted()
    }

    var text: String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }

    /// A statement of a block, or the plan itself among the preamble's statements.
    enum Item {
        case statement(Statement)
        case plan(PlanHeader, [Statement])

        var start: Int32 {
            switch self {
            case let .statement(statement): statement.span.start
            case let .plan(header, _): header.span.start
            }
        }
    }

    mutating func writeFile() {
        var items = tree.preamble.map(Item.statement)
        if let header = tree.header {
            items.append(.plan(header, tree.statements))
        } else {
            items += tree.statements.map(Item.statement)
        }
        writeItems(items, indent: 0, close: .max, end: .max)
    }

    /// Writes `items` with their leading comments, then the comments before
    /// `end`. `close` is where the enclosing block's `>` stands: a comment
    /// after it is no longer the last item's.
    mutating func writeItems(_ items: [Item], indent: Int, close: Int32, end: Int32) {
        for (index, item) in items.enumerated() {
            // Code after this item on its last line belongs to the next one.
            let limit = index + 1 < items.count ? items[index + 1].start : close
            writeComments(before: item.start, indent: indent)
            separate(from: line(item.start))
            switch item {
            case let .statement(statement):
                write(statement, indent: indent, limit: limit)
            case let .plan(header, statements):
                var head = "plan \(header.name.text)"
                if let version = header.version { head += " version \(version)" }
                writeBlockStatement(head, Block(statements: statements, span: header.blockSpan), indent: indent, limit: limit)
            }
        }
        writeComments(before: end, indent: indent)
    }

    // MARK: - Statements

    mutating func write(_ statement: Statement, indent: Int, limit: Int32) {
        switch statement.kind {
        case let .group(group):
            var head = "group \(group.name.text)"
            if !group.after.isEmpty { head += " after " + group.after.map(\.text).joined(separator: ", ") }
            writeBlockStatement(head, group.body, indent: indent, limit: limit)
        case let .function(function):
            if function.documentation.isEmpty, lastDocCommentLine == lines.count - 1 {
                // A `##` comment that documented nothing in the source (it
                // moved here with its statement, or this `fn` was not first
                // on its line) must not start documenting this function.
                lines.append("")
            }
            let head = "fn \(function.name.text)(" + function.parameters.map(\.text).joined(separator: ", ") + ")"
            writeBlockStatement(head, function.body, indent: indent, limit: limit)
        case let .forLoop(variable, sequence, body):
            writeBlockStatement("for \(variable.text) in \(expr(sequence))", body, indent: indent, limit: limit)
        case let .ifElse(ifElse):
            writeIf(ifElse, indent: indent, limit: limit)
        case let .check(check) where indent * Self.indentUnit.count + simpleText(statement).count > Self.maxWidth:
            // `check COND,` then the message on a continuation line, one level in.
            writeComments(before: statement.span.end, indent: indent, asLine: line(statement.span.start))
            let keyword = check.kind == .check ? "check" : "assert"
            lines.append(String(repeating: Self.indentUnit, count: indent) + "\(keyword) \(expr(check.condition)),")
            writeLine(expr(check.message), indent: indent + 1, end: statement.span.end, limit: limit)
        case let .letBinding(name, value) where wrapsOverWidth(simpleText(statement), indent: indent, value):
            writeWrappedBinding(name, value, indent: indent, end: statement.span.end, limit: limit, start: statement.span.start)
        default:
            // Comments inside a statement now written on one line go above it.
            writeComments(before: statement.span.end, indent: indent, asLine: line(statement.span.start))
            writeLine(simpleText(statement), indent: indent, end: statement.span.end, limit: limit)
        }
    }

    /// Lines longer than this are broken where the language allows it
    /// without changing meaning: a list or record bound by `let`, one item a line.
    static let maxWidth = 100

    func wrapsOverWidth(_ text: String, indent: Int, _ value: Expr) -> Bool {
        guard indent * Self.indentUnit.count + text.count > Self.maxWidth else { return false }
        switch value.kind {
        case let .list(items): return items.count > 1
        case let .record(fields): return fields.count > 1
        default: return false
        }
    }

    /// `let NAME = [` / one item a line, each with a comma / `]`.
    mutating func writeWrappedBinding(_ name: Name, _ value: Expr, indent: Int, end: Int32, limit: Int32, start: Int32) {
        writeComments(before: end, indent: indent, asLine: line(start))
        let (open, close, items): (String, String, [String])
        switch value.kind {
        case let .list(elements): (open, close, items) = ("[", "]", elements.map(expr))
        case let .record(fields): (open, close, items) = ("{", "}", fields.map { "\($0.key.text): \(expr($0.value))" })
        default: return
        }
        lines.append(String(repeating: Self.indentUnit, count: indent) + "let \(name.text) = \(open)")
        for item in items { lines.append(String(repeating: Self.indentUnit, count: indent + 1) + item + ",") }
        writeLine(close, indent: indent, end: end, limit: limit)
    }

    func simpleText(_ statement: Statement) -> String {
        switch statement.kind {
        case let .reprotect(reprotect):
            var text = "reprotect \(expr(reprotect.machine)) using "
            switch reprotect.masterTarget {
            case .auto: text += "auto"
            case let .expr(masterTarget): text += expr(masterTarget)
            }
            if let processServer = reprotect.processServer { text += " " + expr(processServer) }
            if let datastore = reprotect.datastore { text += " datastore \(expr(datastore))" }
            if let retention = reprotect.retention { text += " retention \(expr(retention))" }
            if let policy = reprotect.policy { text += " policy \(expr(policy))" }
            if let logStorage = reprotect.logStorage { text += " log-storage \(expr(logStorage))" }
            return text
        case let .failback(failback):
            var text = "failback " + stepTarget(failback.target)
            if let point = failback.recoveryPoint { text += " recovery-point \(expr(point))" }
            return text
        case let .commit(commit):
            return "commit " + stepTarget(commit.target)
        case let .protect(protect):
            var text = "protect \(stepTarget(protect.target)) using \(expr(protect.processServer))"
            if let policy = protect.policy { text += " policy \(expr(policy))" }
            return text
        case let .letBinding(name, value):
            return "let \(name.text) = \(expr(value))"
        case let .importModule(.module(name)):
            return "import \(name.text)"
        case let .importModule(.path(_, span)):
            return "import \(file.text(span))"
        case let .check(check):
            let keyword = check.kind == .check ? "check" : "assert"
            return "\(keyword) \(expr(check.condition)), \(expr(check.message))"
        case let .manual(name, instructions):
            return "manual \(name.text) \(expr(instructions))"
        case let .wait(duration):
            return "wait \(expr(duration))"
        case let .returnValue(value):
            return "return \(expr(value))"
        case let .call(call):
            return expr(call)
        case .group, .function, .forLoop, .ifElse, .invalid:
            // Block statements are written by `write`; invalid ones never reach here.
            return file.text(statement.span)
        }
    }

    func expr(_ expression: Expr) -> String { expressions.print(expression) }

    func stepTarget(_ target: Failback.Target) -> String {
        switch target {
        case .all: "all"
        case let .expr(target): expr(target)
        }
    }

    // MARK: - Blocks

    mutating func writeBlockStatement(_ head: String, _ block: Block, indent: Int, limit: Int32) {
        let closer = openBlock(head, block, indent: indent, commentLimit: closePosition(block))
        writeLine(closer, indent: indent, end: block.span.end, limit: limit)
    }

    /// `if A < ... > else if B < ... > else < ... >`: each `else` continues
    /// the line that closes the block before it. Comments between a `>` and
    /// the next `<` go to the end of the earlier block.
    mutating func writeIf(_ ifElse: IfElse, indent: Int, limit: Int32) {
        var head = "if \(expr(ifElse.condition))"
        var current = ifElse
        while true {
            switch current.otherwise {
            case nil:
                let closer = openBlock(head, current.then, indent: indent, commentLimit: closePosition(current.then))
                writeLine(closer, indent: indent, end: current.then.span.end, limit: limit)
                return
            case let .block(otherwise):
                let closer = openBlock(head, current.then, indent: indent, commentLimit: otherwise.span.start)
                let last = openBlock(closer + " else", otherwise, indent: indent, commentLimit: closePosition(otherwise))
                writeLine(last, indent: indent, end: otherwise.span.end, limit: limit)
                return
            case let .elseIf(statement):
                guard case let .ifElse(nested) = statement.kind else { return }
                let closer = openBlock(head, current.then, indent: indent, commentLimit: nested.then.span.start)
                head = closer + " else if \(expr(nested.condition))"
                current = nested
            }
        }
    }

    /// Writes `head <` and the block's statements with the comments before
    /// `commentLimit`; returns the text that starts the closing line: `>`,
    /// or for an empty block `head < >`, which stays on one line.
    mutating func openBlock(_ head: String, _ block: Block, indent: Int, commentLimit: Int32) -> String {
        let open = block.span.start
        let headComments = takeComments(before: open)
        if block.statements.isEmpty, headComments.isEmpty, !hasComment(before: commentLimit) {
            return head + " < >"
        }
        // A comment after `<` may stay on the head's line, unless comments
        // from inside the head come first: order is kept over position.
        let firstInside = block.statements.first?.span.start ?? commentLimit
        writeLine(head + " <", indent: indent, end: open + 1, limit: headComments.isEmpty ? firstInside : open + 1)
        lastLine = nil
        for comment in headComments {
            writeComment(comment, indent: indent + 1, asLine: line(open))
        }
        writeItems(block.statements.map(Item.statement), indent: indent + 1, close: closePosition(block), end: commentLimit)
        return ">"
    }

    /// Offset of the block's closing `>`.
    func closePosition(_ block: Block) -> Int32 { max(block.span.start, block.span.end - 1) }

    // MARK: - Lines and comments

    /// Writes one line of code for the source ending at `end`; a comment
    /// after it on the same source line, before `limit`, stays at its end.
    mutating func writeLine(_ code: String, indent: Int, end: Int32, limit: Int32) {
        var text = String(repeating: Self.indentUnit, count: indent) + code
        let endLine = line(max(0, end - 1))
        if nextComment < comments.count {
            let comment = comments[nextComment]
            if comment.start >= end, comment.start < limit, line(comment.start) == endLine {
                text += " " + commentText(comment)
                nextComment += 1
                if isDocComment(comment) { lastDocCommentLine = lines.count }
            }
        }
        lines.append(text)
        lastLine = endLine
    }

    /// Writes the comments that start before `offset`, each on its own line.
    /// `asLine` stands for their source line when they move (for blank lines).
    mutating func writeComments(before offset: Int32, indent: Int, asLine: Int? = nil) {
        for comment in takeComments(before: offset) {
            writeComment(comment, indent: indent, asLine: asLine)
        }
    }

    mutating func writeComment(_ comment: Span, indent: Int, asLine: Int?) {
        let sourceLine = asLine ?? line(comment.start)
        separate(from: sourceLine)
        lines.append(String(repeating: Self.indentUnit, count: indent) + commentText(comment))
        lastLine = sourceLine
        if isDocComment(comment) { lastDocCommentLine = lines.count - 1 }
    }

    mutating func takeComments(before offset: Int32) -> [Span] {
        var taken: [Span] = []
        while nextComment < comments.count, comments[nextComment].start < offset {
            taken.append(comments[nextComment])
            nextComment += 1
        }
        return taken
    }

    func hasComment(before offset: Int32) -> Bool {
        nextComment < comments.count && comments[nextComment].start < offset
    }

    /// One blank line where the source had one or more before `sourceLine`.
    mutating func separate(from sourceLine: Int) {
        guard let last = lastLine, sourceLine > last + 1, let previous = lines.last, !previous.isEmpty else { return }
        lines.append("")
    }

    /// The comment as lexed: the lexer already leaves out trailing blanks
    /// and carriage returns, so the text reads back as the same comment.
    func commentText(_ span: Span) -> String { file.text(span) }

    func isDocComment(_ span: Span) -> Bool { file.text(span).hasPrefix("##") }

    func line(_ offset: Int32) -> Int { file.lineIndex(of: offset) }
}
