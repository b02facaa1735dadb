import RPLSource

/// Binding powers, lowest first. One table, indexed by token, drives
/// every binary operator (Wren's and Pratt's design).
enum Precedence: Int, Comparable {
    case lowest = 0
    case filter      // where
    case or          // or
    case and         // and
    case not         // not (prefix)
    case comparison  // == != < > <= >= in   (non-associative)
    case additive    // + -
    case multiplicative // * /
    case unary       // - (prefix)
    case postfix     // call, member, index

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Parser {
    /// The infix operator a token stands for here, with its binding power.
    /// `<` and `>` compare only inside brackets: elsewhere they delimit blocks.
    @inline(__always)
    func infix(_ kind: TokenKind) -> (Precedence, BinaryOperator?)? {
        switch kind {
        case .kwWhere: (.filter, nil)
        case .kwOr: (.or, .or)
        case .kwAnd: (.and, .and)
        case .equalEqual: (.comparison, .equal)
        case .bangEqual: (.comparison, .notEqual)
        case .lessEqual: (.comparison, .lessEqual)
        case .greaterEqual: (.comparison, .greaterEqual)
        case .lessThan where groupingDepth > 0: (.comparison, .less)
        case .greaterThan where groupingDepth > 0: (.comparison, .greater)
        case .kwIn: (.comparison, .contains)
        case .plus: (.additive, .add)
        case .minus: (.additive, .subtract)
        case .star: (.multiplicative, .multiply)
        case .slash: (.multiplicative, .divide)
        default: nil
        }
    }

    @inline(__always)
    func startsExpression(_ kind: TokenKind) -> Bool {
        switch kind {
        case .name, .integer, .duration, .size, .string, .kwTrue, .kwFalse, .kwNone, .leftParen, .leftBracket,
             .leftBrace, .minus, .kwNot:
            true
        default: false
        }
    }

    public mutating func parseExpression() -> Expr {
        parseExpression(above: .lowest)
    }

    /// Parses operators that bind tighter than `minimum`.
    mutating func parseExpression(above minimum: Precedence) -> Expr {
        let startToken = current
        guard enter(startToken) else {
            skipExpression()
            return Expr(.invalid, span: startToken.span.merged(with: previous.span))
        }
        defer { leave() }
        var left = parsePrefix(above: minimum)
        while let (precedence, op) = infix(current.kind), precedence > minimum {
            let operatorToken = advance()
            // Comparisons do not chain: `a == b == c` is almost always a mistake.
            let right = parseExpression(above: precedence)
            let span = left.span.merged(with: right.span)
            if let op {
                left = Expr(.binary(op, left, right), span: span)
            } else {
                left = Expr(.filter(left, right), span: span)
            }
            guard withinNestingLimit(left, at: operatorToken.span) else {
                skipExpression()
                return Expr(.invalid, span: startToken.span.merged(with: previous.span))
            }
            if precedence == .comparison, let (next, _) = infix(current.kind), next == .comparison {
                error("comparisons do not chain; join them with 'and'", at: current.span,
                      secondary: [Label(file: file, span: operatorToken.span, message: "first comparison")])
            }
        }
        return left
    }

    /// Past the nesting limit: skip one expression's worth of tokens without recursing.
    mutating func skipExpression() {
        while !at(.endOfFile) {
            switch current.kind {
            case .leftParen, .leftBracket, .leftBrace: skipBalanced()
            case .name, .integer, .duration, .size, .string, .kwTrue, .kwFalse, .kwNone, .minus, .kwNot, .dot,
                 .plus, .star, .slash, .equalEqual, .bangEqual, .lessEqual, .greaterEqual, .kwAnd, .kwOr, .kwIn, .kwWhere:
                advance()
            default: return
            }
        }
    }

    // Inlined into `parseExpression`, their one caller, with `parsePostfix`:
    // the calls and the copies of the `Expr` they return cost more than the
    // two functions' work on a lone operand.
    @inline(__always)
    mutating func parsePrefix(above minimum: Precedence) -> Expr {
        let token = current
        switch token.kind {
        case .minus:
            advance()
            let operand = parseExpression(above: .unary)
            return Expr(.unary(.negate, operand), span: token.span.merged(with: operand.span))
        case .kwNot:
            // `not` binds looser than comparisons and arithmetic, so it may only
            // begin an operand of `and`, `or`, `where` or another `not`:
            // `a == not b == c` would otherwise hide a chained comparison.
            if minimum > .not {
                error("'not' binds more loosely than the operator before it; write (not ...)", at: token.span)
            }
            advance()
            let operand = parseExpression(above: .not)
            return Expr(.unary(.not, operand), span: token.span.merged(with: operand.span))
        default:
            return parsePostfix(parsePrimary())
        }
    }

    @inline(__always)
    mutating func parsePostfix(_ base: consuming Expr) -> Expr {
        let baseSpan = base.span
        var expr = base
        while true {
            guard withinNestingLimit(expr, at: previous.span) else {
                skipExpression()
                return Expr(.invalid, span: baseSpan.merged(with: previous.span))
            }
            switch current.kind {
            case .leftParen:
                let open = advance()
                groupingDepth += 1
                let arguments = parseList(until: .rightParen, opener: open)
                groupingDepth -= 1
                expr = Expr(.call(callee: expr, arguments: arguments), span: expr.span.merged(with: previous.span))
            case .dot:
                advance()
                if let name = expectName("after '.'") {
                    expr = Expr(.member(expr, name), span: expr.span.merged(with: name.span))
                } else {
                    return expr
                }
            case .leftBracket:
                let open = advance()
                groupingDepth += 1
                let index = parseExpression()
                groupingDepth -= 1
                _ = expectClosing(.rightBracket, opener: open)
                expr = Expr(.index(expr, index), span: expr.span.merged(with: previous.span))
            default:
                return expr
            }
        }
    }

    /// Comma-separated expressions up to `close`; a trailing comma is allowed.
    mutating func parseList(until close: TokenKind, opener: Token) -> [Expr] {
        var items: [Expr] = []
        while !at(close), !at(.endOfFile) {
            guard startsExpression(current.kind) else {
                error("expected an expression or \(close.quoted), found \(describe(current))", at: current.span)
                break
            }
            items.append(parseExpression())
            if accept(.comma) == nil { break }
        }
        if expectClosing(close, opener: opener) == nil {
            // Skip to the closer on this line, if any, so the rest of the line is not misread.
            let line = file.lineIndex(of: opener.span.start)
            var depth = 0
            while !at(.endOfFile), file.lineIndex(of: current.span.start) == line {
                if at(close), depth == 0 { advance(); break }
                if at(.leftParen) || at(.leftBracket) || at(.leftBrace) { depth += 1 }
                if at(.rightParen) || at(.rightBracket) || at(.rightBrace) { depth -= 1 }
                advance()
            }
        }
        return items
    }

    // Inlined into `parseExpression` (through `parsePrefix`), its one caller.
    @inline(__always)
    mutating func parsePrimary() -> Expr {
        let token = current
        switch token.kind {
        case .integer:
            advance()
            guard let value = Int64(file.text(token.span)) else {
                error("number too large (limit is \(Int64.max))", at: token.span)
                return Expr(.invalid, span: token.span)
            }
            return Expr(.integer(value), span: token.span)
        case .duration:
            advance()
            return Expr(.duration(seconds: NumberLiterals.durationSeconds(file.text(token.span)) ?? 0), span: token.span)
        case .size:
            advance()
            return Expr(.size(bytes: NumberLiterals.sizeBytes(file.text(token.span)) ?? 0), span: token.span)
        case .string:
            advance()
            return Expr(.string(literalParts(token)), span: token.span)
        case .kwTrue:
            advance()
            return Expr(.bool(true), span: token.span)
        case .kwFalse:
            advance()
            return Expr(.bool(false), span: token.span)
        case .kwNone:
            advance()
            return Expr(.none, span: token.span)
        case .name:
            advance()
            return Expr(.name(file.text(token.span)), span: token.span)
        // A function named `protect` before the keyword existed: called, it is a name.
        case .kwProtect where peek().kind == .leftParen:
            advance()
            return Expr(.name(file.text(token.span)), span: token.span)
        case .leftParen:
            advance()
            groupingDepth += 1
            let inner = parseExpression()
            groupingDepth -= 1
            _ = expectClosing(.rightParen, opener: token)
            return Expr(inner.kind, span: token.span.merged(with: previous.span))
        case .leftBracket:
            advance()
            groupingDepth += 1
            let items = parseList(until: .rightBracket, opener: token)
            groupingDepth -= 1
            return Expr(.list(items), span: token.span.merged(with: previous.span))
        case .leftBrace:
            advance()
            groupingDepth += 1
            let fields = parseRecordFields(opener: token)
            groupingDepth -= 1
            return Expr(.record(fields), span: token.span.merged(with: previous.span))
        default:
            if token.kind.isKeyword, token.kind != .kwUsing {
                error("expected an expression, found the keyword '\(token.kind.spelling)'", at: token.span)
            } else {
                error("expected an expression, found \(describe(token))", at: token.span)
            }
            return Expr(.invalid, span: Span(start: token.span.start, end: token.span.start))
        }
    }

    /// `{ key: EXPR, ... }`
    mutating func parseRecordFields(opener: Token) -> [RecordField] {
        var fields: [RecordField] = []
        while !at(.rightBrace), !at(.endOfFile) {
            guard let key = expectName("as a record key") else { break }
            if fields.contains(where: { $0.key.text == key.text }) {
                error("the key '\(key.text)' is given twice", at: key.span)
            }
            expect(.colon, "after the record key")
            fields.append(RecordField(key: key, value: parseExpression()))
            if accept(.comma) == nil { break }
        }
        _ = expectClosing(.rightBrace, opener: opener)
        return fields
    }

    /// The parts of a string literal. One written byte for byte as one of
    /// the last few literals without interpolations (a plan repeats its
    /// retention paths or policy on every line) shares that literal's parts:
    /// no string and no array made: 320.6 M -> 292.4 M instructions on the
    /// 4 MB bench plan. A few rather than the last one: a plan that
    /// alternates two retention paths made 2 MB of arrays for them.
    mutating func literalParts(_ token: Token) -> [StringPart] {
        for recent in recentPlainLiterals where recent.span.length == token.span.length && sameBytes(recent.span, token.span) {
            return recent.parts
        }
        let parts = parseStringParts(token)
        let hasInterpolation = parts.contains { if case .interpolation = $0 { true } else { false } }
        if !hasInterpolation {
            if recentPlainLiterals.count < Self.recentPlainLiteralCount {
                recentPlainLiterals.append((token.span, parts))
            } else {
                recentPlainLiterals[oldestRecentPlainLiteral] = (token.span, parts)
                oldestRecentPlainLiteral = (oldestRecentPlainLiteral + 1) % Self.recentPlainLiteralCount
            }
        }
        return parts
    }

    /// Whether two equally long spans of the file hold the same bytes,
    /// compared a word at a time (`elementsEqual` took 500 instructions for 16 bytes).
    func sameBytes(_ first: Span, _ second: Span) -> Bool {
        file.bytes.withUnsafeBytes { bytes in
            let count = Int(first.length)
            var offset = 0
            while offset + 8 <= count {
                if bytes.loadUnaligned(fromByteOffset: Int(first.start) + offset, as: UInt64.self)
                    != bytes.loadUnaligned(fromByteOffset: Int(second.start) + offset, as: UInt64.self) { return false }
                offset += 8
            }
            while offset < count {
                if bytes[Int(first.start) + offset] != bytes[Int(second.start) + offset] { return false }
                offset += 1
            }
            return true
        }
    }

    /// Splits a string literal into text and `${...}` parts. Each
    /// interpolation is lexed and parsed in place, so its spans are true
    /// offsets into the file.
    mutating func parseStringParts(_ token: Token) -> [StringPart] {
        let start = Int(token.span.start) + 1
        let end = Int(token.span.end) - 1
        var parts: [StringPart] = []
        var chunkStart = start
        while true {
            let index = interpolationStart(from: chunkStart, to: end)
            guard index < end else { break }
            if index > chunkStart { parts.append(.text(unescapedText(from: chunkStart, to: index))) }
            let innerStart = index + 2
            let innerEnd = Lexer.interpolationEnd(in: file, from: innerStart, limit: end)
            parts.append(.interpolation(parseInterpolation(from: innerStart, to: innerEnd)))
            chunkStart = innerEnd + 1
        }
        if end > chunkStart {
            let text = StringPart.text(unescapedText(from: chunkStart, to: end))
            // A literal without interpolations (nearly all): one array made
            // to size, not an empty one grown by `append`.
            if parts.isEmpty { return [text] }
            parts.append(text)
        }
        return parts
    }

    /// Where the next `${` of a literal's text starts, stepping over escapes; `end` when there is none.
    func interpolationStart(from start: Int, to end: Int) -> Int {
        file.bytes.withUnsafeBufferPointer { bytes in
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "$"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "{") { return index }
                index += 1
            }
            return end
        }
    }

    func unescapedText(from start: Int, to end: Int) -> String {
        file.bytes.withUnsafeBufferPointer { StringLiterals.unescape(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    mutating func parseInterpolation(from start: Int, to end: Int) -> Expr {
        let lexed = Lexer.tokenize(file, from: start, to: end)
        var inner = Parser(file: file, tokens: lexed.tokens, comments: [])
        inner.nesting = nesting
        inner.groupingDepth = 1
        if lexed.tokens.count == 1 {
            inner.error("empty interpolation '${}'", at: Span(start - 2, end + 1))
        }
        let expr = lexed.tokens.count == 1 ? Expr(.invalid, span: Span(start, end)) : inner.parseExpression()
        if !inner.at(.endOfFile) {
            inner.error("expected '}' to end the interpolation, found \(inner.describe(inner.current))", at: inner.current.span)
        }
        diagnostics += lexed.diagnostics + inner.diagnostics
        return expr
    }
}
