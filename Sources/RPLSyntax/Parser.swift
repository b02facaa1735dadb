import RPLSource

/// Hand-written recursive descent with a Pratt table for expressions.
/// It never stops at the first error: it reports, resynchronises at the
/// next statement, and returns a partial tree with every diagnostic it found.
public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var position = 0
    var comments: [Span]
    var diagnostics: [Diagnostic] = []
    /// After an error, further errors are held back until the parser has
    /// resynchronised: they would only be echoes of the first.
    var recovering = false
    var nesting = 0
    var nestingReported = false
    /// Inside `(`, `[` or `{`, `<` and `>` compare; outside they delimit blocks.
    var groupingDepth = 0
    var syntaxErrors = 0
    var reportedUnclosedAtEnd = false
    /// Every `<` block met, as token indices of its `<` and `>` (nil while
    /// open): where a block left open at the end probably ended.
    var blocks: [(open: Int, close: Int?)] = []
    /// The last few string literals without interpolations, with their
    /// parts, and which of them is the oldest: see `literalParts`.
    var recentPlainLiterals: [(span: Span, parts: [StringPart])] = []
    var oldestRecentPlainLiteral = 0
    static let recentPlainLiteralCount = 4

    /// Parses a whole file.
    public static func parse(_ file: SourceFile) -> SyntaxTree {
        guard file.bytes.count <= Limits.maxFileBytes else {
            let diagnostic = Diagnostic(.RP106, "file too large (limit is \(Limits.maxFileBytes) bytes)",
                                        file: file, span: Span(0, 0))
            return SyntaxTree(file: file, header: nil, preamble: [], statements: [], comments: [], diagnostics: [diagnostic])
        }
        // Bytes that are not UTF-8 would be read as replacement characters: refuse them, said once.
        if let encoding = file.encodingDiagnostic {
            return SyntaxTree(file: file, header: nil, preamble: [], statements: [], comments: [], diagnostics: [encoding])
        }
        let lexed = Lexer.tokenize(file)
        var parser = Parser(file: file, tokens: lexed.tokens, comments: lexed.comments)
        parser.diagnostics = lexed.diagnostics
        parser.syntaxErrors = lexed.diagnostics.count
        return parser.parseFile(comments: lexed.comments)
    }

    public static func parse(name: String, text: String) -> SyntaxTree {
        parse(SourceFile(name: name, text: text))
    }

    init(file: SourceFile, tokens: [Token], comments: [Span]) {
        self.file = file
        self.tokens = tokens
        self.comments = comments
    }

    // MARK: - Token helpers (Lua's check / checknext / check_match)

    // The helpers every token goes through are inlined: as calls they cost
    // more than their bodies (measured with `parseExpression` below).
    var current: Token {
        @inline(__always) get { tokens[position] }
    }

    var previous: Token {
        @inline(__always) get { tokens[max(0, position - 1)] }
    }

    @inline(__always)
    func peek(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    @inline(__always)
    func at(_ kind: TokenKind) -> Bool { tokens[position].kind == kind }

    @discardableResult @inline(__always)
    mutating func advance() -> Token {
        let token = tokens[position]
        if token.kind != .endOfFile { position += 1 }
        // Lexical errors were reported by the lexer; skip invalid tokens
        // quietly, and hold back what the gap would echo until the next statement.
        while tokens[position].kind == .invalid {
            position += 1
            recovering = true
        }
        return token
    }

    mutating func accept(_ kind: TokenKind) -> Token? {
        at(kind) ? advance() : nil
    }

    /// Consumes `kind` or reports "expected K, found T" (with `context`).
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ context: String = "") -> Token? {
        if let token = accept(kind) { return token }
        var help: [String] = []
        if (at(.lessThan) || at(.greaterThan)) && kind != .lessThan && kind != .greaterThan {
            help.append("'<' and '>' open and close blocks; to compare, put the comparison in parentheses: (a > b)")
        }
        if kind.isKeyword, at(.name), let phrase = Suggestions.phrase(Suggestions.nearest(to: file.text(current.span), in: [kind.spelling])) {
            help.append(phrase)
        }
        error("expected \(kind.quoted)\(context.isEmpty ? "" : " " + context), found \(describe(current))", at: current.span,
              help: help)
        return nil
    }

    /// Consumes the `close` that matches `open`, or names the line of the opener.
    mutating func expectClosing(_ close: TokenKind, opener: Token) -> Token? {
        if let token = accept(close) { return token }
        // At the end of the file every open block is unclosed; naming the
        // innermost is enough, the rest would be the same message again.
        if at(.endOfFile) {
            if reportedUnclosedAtEnd { return nil }
            reportedUnclosedAtEnd = true
            recovering = false
        }
        let line = file.location(of: opener.span.start).line
        let found = current.kind == .endOfFile ? "" : ", found \(describe(current))"
        var secondary = [Label(file: file, span: opener.span, message: "opened here")]
        if at(.endOfFile), close == .greaterThan, let hint = probableBlockEnd() { secondary.append(hint) }
        error("\(close.quoted) expected (to close \(opener.kind.quoted) at line \(line))\(found)", at: current.span,
              secondary: secondary)
        return nil
    }

    /// "did you mean 'retention'?" for a name that is a keyword misspelt.
    func keywordSuggestion(_ name: String) -> [String] {
        Suggestions.phrase(Suggestions.nearest(to: name, in: TokenKind.keywords.keys)).map { [$0] } ?? []
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfFile: "end of file"
        case .name: "name '\(file.text(token.span))'"
        case .integer, .duration, .size: "'\(file.text(token.span))'"
        case .string: "a string"
        default: token.kind.quoted
        }
    }

    mutating func error(_ message: String, at span: Span, secondary: [Label] = [], help: [String] = []) {
        if recovering { return }
        recovering = true
        syntaxErrors += 1
        if syntaxErrors > Limits.maxSyntaxErrors { return }
        if syntaxErrors == Limits.maxSyntaxErrors {
            diagnostics.append(Diagnostic(.RP001, "too many syntax errors (limit is \(Limits.maxSyntaxErrors)); stopping here",
                                          file: file, span: span))
            return
        }
        diagnostics.append(Diagnostic(.RP001, message, file: file, span: span, secondary: secondary, help: help))
    }

    // MARK: - Nesting limit

    /// Enters one level of nesting; false (and one diagnostic) past the limit.
    @inline(__always)
    mutating func enter(_ token: Token) -> Bool {
        if nesting >= Limits.maxNesting {
            reportNestingLimit(at: token.span)
            return false
        }
        nesting += 1
        return true
    }

    /// Whether a node just built stays within the nesting limit, counting
    /// the levels above it (`nesting`) and below it (`expr.depth`): a chain
    /// `a + b + c ...` or `f()()...` deepens the tree without recursing in
    /// the parser, and every later phase walks that tree recursively.
    @inline(__always)
    mutating func withinNestingLimit(_ expr: Expr, at span: Span) -> Bool {
        if Int(expr.depth) + nesting <= Limits.maxNesting { return true }
        reportNestingLimit(at: span, help: ["a chain of operators counts one level each, like parentheses; split it with 'let' bindings"])
        return false
    }

    /// RP106, once per file: past the first, the deeper levels would repeat it.
    mutating func reportNestingLimit(at span: Span, help: [String] = []) {
        if !nestingReported {
            nestingReported = true
            diagnostics.append(Diagnostic(.RP106, "too many nested blocks and expressions (limit is \(Limits.maxNesting))",
                                          file: file, span: span, help: help))
        }
        // What follows inside the too-deep part would only echo it.
        recovering = true
    }

    @inline(__always)
    mutating func leave() { nesting -= 1 }

    /// Skips from an opening token to its match, without recursion, so that
    /// input nested past the limit costs time but never stack.
    mutating func skipBalanced() {
        var depth = 0
        repeat {
            switch current.kind {
            case .lessThan, .leftParen, .leftBracket, .leftBrace: depth += 1
            case .greaterThan, .rightParen, .rightBracket, .rightBrace: depth -= 1
            case .endOfFile: return
            default: break
            }
            advance()
        } while depth > 0
    }

    // MARK: - Recovery

    /// Skips to where a statement can start again: a statement keyword or
    /// the `>` that closes the enclosing block, stepping over balanced
    /// brackets so a broken line does not end the block early.
    mutating func synchronize() {
        var depth = 0
        while !at(.endOfFile) {
            let kind = current.kind
            if depth == 0 {
                if kind.startsStatement || kind == .greaterThan { break }
            }
            switch kind {
            case .lessThan, .leftParen, .leftBracket, .leftBrace: depth += 1
            case .greaterThan, .rightParen, .rightBracket, .rightBrace: depth = max(0, depth - 1)
            default: break
            }
            advance()
        }
        recovering = false
    }

    // MARK: - File

    mutating func parseFile(comments: [Span]) -> SyntaxTree {
        while at(.invalid) {
            position += 1
            recovering = true
        }
        var preamble: [Statement] = []
        var statements: [Statement] = []
        var header: PlanHeader?
        while !at(.endOfFile) {
            if at(.kwPlan) {
                if header != nil {
                    error("a file holds one plan; this is a second 'plan'", at: current.span)
                    advance()
                    synchronize()
                    continue
                }
                if let stray = statements.first(where: { !$0.isPreambleItem }) {
                    recovering = false
                    error("'plan' must come before the plan's statements (only imports, functions and bindings may precede it)",
                          at: stray.span)
                    recovering = false
                }
                preamble = statements.filter(\.isPreambleItem)
                statements = []
                let (parsedHeader, body) = parsePlanDecl()
                header = parsedHeader
                statements = body
                continue
            }
            if header != nil {
                if at(.greaterThan) {
                    error("unmatched '>'", at: current.span)
                    advance()
                    recovering = false
                    continue
                }
                error("nothing may follow the plan block; found \(describe(current))", at: current.span)
                advance()
                synchronize()
                continue
            }
            if at(.greaterThan) {
                error("unmatched '>' (no '<' is open)", at: current.span)
                advance()
                recovering = false
                continue
            }
            statements.append(parseStatement())
        }
        return SyntaxTree(file: file, header: header, preamble: preamble, statements: statements,
                          comments: comments, diagnostics: diagnostics)
    }

    mutating func parsePlanDecl() -> (PlanHeader, [Statement]) {
        let keyword = advance()
        let name = expectName("after 'plan'")
        var version: Int64?
        if accept(.kwVersion) != nil {
            if let token = expect(.integer, "after 'version'") { version = Int64(file.text(token.span)) }
        }
        let block = parseBlock(context: "to open the plan")
        let header = PlanHeader(name: name ?? Name("", span: keyword.span), version: version,
                                span: keyword.span.merged(with: previous.span), blockSpan: block.span)
        return (header, block.statements)
    }

    mutating func expectName(_ context: String) -> Name? {
        if let token = accept(.name) { return Name(file.text(token.span), span: token.span) }
        // `protect` became a keyword after plans named functions so: it still names one.
        if let token = accept(.kwProtect) { return Name(file.text(token.span), span: token.span) }
        if current.kind.isKeyword {
            let keyword = current
            error("'\(keyword.kind.spelling)' is a keyword and cannot be used as a name here", at: keyword.span)
            // Read it as the name it was meant to be, so the rest of the line
            // parses; unless it starts the next line's statement.
            if !keyword.kind.startsStatement || file.lineIndex(of: keyword.span.start) == file.lineIndex(of: previous.span.end) {
                advance()
                return Name(keyword.kind.spelling, span: keyword.span)
            }
        } else {
            error("expected a name \(context), found \(describe(current))", at: current.span)
        }
        return nil
    }

    // MARK: - Blocks

    /// `<` statements `>`.
    mutating func parseBlock(context: String) -> Block {
        let start = current.span
        let openIndex = position
        guard let open = expect(.lessThan, context) else {
            return Block(statements: [], span: Span(start: start.start, end: start.start))
        }
        guard enter(open) else {
            position -= 1
            skipBalanced()
            return Block(statements: [], span: open.span.merged(with: previous.span))
        }
        defer { leave() }
        let block = blocks.count
        blocks.append((open: openIndex, close: nil))
        var statements: [Statement] = []
        while !at(.greaterThan), !at(.endOfFile) {
            let before = position
            statements.append(parseStatement())
            if position == before { advance() }
        }
        if at(.greaterThan) { blocks[block].close = position }
        _ = expectClosing(.greaterThan, opener: open)
        recovering = false
        return Block(statements: statements, span: open.span.merged(with: previous.span))
    }
}

extension Statement {
    var isPreambleItem: Bool {
        switch kind {
        case .importModule, .function, .letBinding: true
        default: false
        }
    }
}
