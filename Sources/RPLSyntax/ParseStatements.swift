import RPLSource

extension Parser {
    mutating func parseStatement() -> Statement {
        let start = current.span
        let kind: StatementKind
        switch current.kind {
        case .kwGroup: kind = parseGroup()
        case .kwReprotect: kind = parseReprotect()
        case .kwFailback: kind = parseFailback()
        case .kwCommit: kind = parseCommit()
        case .kwProtect where peek().kind == .leftParen: kind = .call(parseExpression())
        case .kwProtect: kind = parseProtect()
        case .kwLet: kind = parseLet()
        case .kwFn: kind = parseFunction()
        case .kwFor: kind = parseFor()
        case .kwIf: kind = .ifElse(parseIf())
        case .kwImport: kind = parseImport()
        case .kwCheck, .kwAssert: kind = parseCheck()
        case .kwManual: kind = parseManual()
        case .kwWait:
            advance()
            kind = .wait(parseExpression())
        case .kwReturn:
            advance()
            kind = .returnValue(parseExpression())
        case .kwPlan:
            error("a plan cannot be nested inside another", at: current.span)
            advance()
            synchronize()
            kind = .invalid
        case .name:
            let expr = parseExpression()
            if case .call = expr.kind {
                kind = .call(expr)
            } else {
                // `retenton "/mnt"` or `reprotec web`: a keyword misspelt reads as a name.
                var help: [String] = []
                if case let .name(name) = expr.kind { help = keywordSuggestion(name) }
                error("expected a statement; an expression can stand alone only when it is a call, as in f(x)", at: expr.span,
                      help: help)
                synchronize()
                kind = .invalid
            }
        default:
            error("expected a statement, found \(describe(current))", at: current.span)
            if !at(.greaterThan) { advance() }
            synchronize()
            kind = .invalid
        }
        // A statement that consumed nothing still covers the token it failed at.
        let end = position > 0 ? max(previous.span.end, start.start) : start.end
        // After an error, resume at the next statement, so each broken
        // statement is reported once and the ones after it are still checked.
        if recovering { synchronize() }
        return Statement(kind, span: Span(start: start.start, end: end))
    }

    /// `group NAME [after NAME {, NAME}] BLOCK`
    mutating func parseGroup() -> StatementKind {
        let keyword = advance()
        let name = expectName("after 'group'") ?? Name("", span: keyword.span)
        var after: [Name] = []
        if accept(.kwAfter) != nil {
            repeat {
                if let dependency = expectName("after 'after'") { after.append(dependency) } else { break }
            } while accept(.comma) != nil
        }
        let body = parseBlock(context: "to open the group's block")
        return .group(GroupDecl(name: name, after: after, body: body))
    }

    /// `reprotect MACHINE using (auto | MT) PS { datastore D | retention V | policy P }`
    mutating func parseReprotect() -> StatementKind {
        let keyword = advance()
        let machine = parseExpression()
        var masterTarget = MasterTargetChoice.expr(Expr(.invalid, span: current.span))
        var processServer: Expr? = Expr(.invalid, span: current.span)
        // The modernized form names no process server but a log storage account:
        // a missing process server is an error only once the options show it is not that form.
        var missingProcessServer: Token?
        if expect(.kwUsing, "after the machine (reprotect MACHINE using MASTER-TARGET PROCESS-SERVER datastore DATASTORE)") != nil {
            if let auto = accept(.kwAuto) {
                masterTarget = .auto(auto.span)
            } else {
                masterTarget = .expr(parseExpression())
            }
            if startsExpression(current.kind) {
                processServer = parseExpression()
            } else {
                processServer = nil
                missingProcessServer = current
            }
        }
        var datastore: Expr?
        var retention: Expr?
        var policy: Expr?
        var logStorage: Expr?
        while true {
            let option = current
            switch option.kind {
            case .kwLogStorage:
                advance()
                let value = parseExpression()
                if logStorage != nil { error("'log-storage' is given twice", at: option.span) } else { logStorage = value }
            case .kwDatastore:
                advance()
                let value = parseExpression()
                if datastore != nil { error("'datastore' is given twice", at: option.span) } else { datastore = value }
            case .kwRetention:
                advance()
                let value = parseExpression()
                if retention != nil { error("'retention' is given twice", at: option.span) } else { retention = value }
            case .kwPolicy:
                advance()
                let value = parseExpression()
                if policy != nil { error("'policy' is given twice", at: option.span) } else { policy = value }
            default:
                if let missing = missingProcessServer, logStorage == nil {
                    error("expected the process server after the master target, found \(describe(missing))", at: missing.span)
                    processServer = Expr(.invalid, span: missing.span)
                }
                return .reprotect(Reprotect(machine: machine, masterTarget: masterTarget, processServer: processServer,
                                            datastore: datastore, retention: retention,
                                            seldomWritten: .holding(policy: policy, logStorage: logStorage), keyword: keyword.span))
            }
        }
    }

    /// `failback (all | EXPR) [recovery-point EXPR]`
    mutating func parseFailback() -> StatementKind {
        let keyword = advance()
        let target = parseStepTarget()
        var recoveryPoint: Expr?
        if accept(.kwRecoveryPoint) != nil { recoveryPoint = parseExpression() }
        return .failback(Failback(target: target, recoveryPoint: recoveryPoint, keyword: keyword.span))
    }

    /// `commit (all | EXPR)`
    mutating func parseCommit() -> StatementKind {
        let keyword = advance()
        return .commit(Commit(target: parseStepTarget(), keyword: keyword.span))
    }

    /// `protect (all | EXPR) using PROCESS-SERVER [policy P]`
    mutating func parseProtect() -> StatementKind {
        let keyword = advance()
        let target = parseStepTarget()
        var processServer = Expr(.invalid, span: current.span)
        if expect(.kwUsing, "after the machine (protect MACHINE using PROCESS-SERVER policy POLICY)") != nil {
            processServer = parseExpression()
        }
        var policy: Expr?
        if accept(.kwPolicy) != nil { policy = parseExpression() }
        return .protect(Protect(target: target, processServer: processServer, policy: policy, keyword: keyword.span))
    }

    /// The machines of a failback, a commit or a protect: `all` or an expression.
    private mutating func parseStepTarget() -> Failback.Target {
        if let all = accept(.kwAll) { return .all(all.span) }
        return .expr(parseExpression())
    }

    /// `let NAME = EXPR`
    mutating func parseLet() -> StatementKind {
        let keyword = advance()
        let name = expectName("after 'let'") ?? Name("", span: keyword.span)
        expect(.equal, "after the name in 'let'")
        return .letBinding(name: name, value: parseExpression())
    }

    /// `fn NAME ( [NAME {, NAME}] ) BLOCK`, documented by the `##` lines above it.
    mutating func parseFunction() -> StatementKind {
        let keyword = advance()
        let documentation = docComment(before: keyword.span)
        let name = expectName("after 'fn'") ?? Name("", span: keyword.span)
        var parameters: [Name] = []
        if let open = expect(.leftParen, "after the function's name") {
            if !at(.rightParen) {
                repeat {
                    if at(.rightParen) { break }
                    if let parameter = expectName("as a parameter") { parameters.append(parameter) } else { break }
                } while accept(.comma) != nil
            }
            if expectClosing(.rightParen, opener: open) == nil { synchronizeToBlock() }
        }
        let body = parseBlock(context: "to open the function's body")
        return .function(FunctionDecl(name: name, parameters: parameters, body: body, documentation: documentation))
    }

    /// After a broken header, skip to the `<` that opens the body, if it is on the same line.
    mutating func synchronizeToBlock() {
        let line = file.lineIndex(of: previous.span.start)
        while !at(.endOfFile), !at(.lessThan), file.lineIndex(of: current.span.start) == line { advance() }
        recovering = false
    }

    /// `for NAME in EXPR BLOCK`
    mutating func parseFor() -> StatementKind {
        let keyword = advance()
        let variable = expectName("after 'for'") ?? Name("", span: keyword.span)
        expect(.kwIn, "after the loop variable")
        let sequence = parseExpression()
        let body = parseBlock(context: "to open the loop's body")
        return .forLoop(variable: variable, sequence: sequence, body: body)
    }

    /// `if EXPR BLOCK [else (if ... | BLOCK)]`
    mutating func parseIf() -> IfElse {
        advance()
        let condition = parseExpression()
        let then = parseBlock(context: "after the condition")
        var otherwise: ElseBranch?
        if accept(.kwElse) != nil {
            if at(.kwIf) {
                let start = current.span
                // Each `else if` is an `if` inside the one before: a long chain nests as deep as it is long.
                guard enter(current) else { return IfElse(condition: condition, then: then, otherwise: nil) }
                defer { leave() }
                let nested = parseIf()
                otherwise = .elseIf(Statement(.ifElse(nested), span: start.merged(with: previous.span)))
            } else {
                otherwise = .block(parseBlock(context: "after 'else'"))
            }
        }
        return IfElse(condition: condition, then: then, otherwise: otherwise)
    }

    /// `import NAME` (a stdlib module) or `import "path.rpl"`.
    mutating func parseImport() -> StatementKind {
        let keyword = advance()
        if let token = accept(.string) {
            let text = file.bytes[Int(token.span.start) + 1..<Int(token.span.end) - 1]
            return .importModule(.path(StringLiterals.unescape(text), token.span))
        }
        let name = expectName("after 'import' (a module of the standard library, or a \"path.rpl\")")
        return .importModule(.module(name ?? Name("", span: keyword.span)))
    }

    /// `check EXPR, EXPR` / `assert EXPR, EXPR`
    mutating func parseCheck() -> StatementKind {
        let keyword = advance()
        let condition = parseExpression()
        var message = Expr(.invalid, span: current.span)
        if expect(.comma, "after the condition (\(keyword.kind.spelling) CONDITION, \"message\")") != nil {
            message = parseExpression()
        }
        return .check(Check(kind: keyword.kind == .kwCheck ? .check : .assert, condition: condition, message: message))
    }

    /// `manual NAME EXPR`
    mutating func parseManual() -> StatementKind {
        let keyword = advance()
        let name = expectName("after 'manual' (manual NAME \"instructions\")") ?? Name("", span: keyword.span)
        return .manual(name: name, instructions: parseExpression())
    }

    /// The `##` lines directly above `span`, markers and one space removed.
    /// Only an `fn` that begins its line has them: one after other code on
    /// its line would lose them as soon as `rpl fmt` gives it a line of its own.
    func docComment(before span: Span) -> [String] {
        let line = file.lineIndex(of: span.start)
        for offset in Int(file.lineStarts[line])..<Int(span.start) where !isBlank(file.bytes[offset]) {
            return []
        }
        var low = 0
        var high = comments.count
        while low < high {
            let mid = (low + high) / 2
            if comments[mid].start < span.start { low = mid + 1 } else { high = mid }
        }
        var lines: [String] = []
        var expectedLine = line - 1
        var index = low - 1
        while index >= 0 {
            let comment = comments[index]
            let text = file.text(comment)
            guard text.hasPrefix("##"), file.lineIndex(of: comment.start) == expectedLine else { break }
            var body = text.dropFirst(2)
            if body.first == " " { body = body.dropFirst() }
            lines.append(String(body))
            expectedLine -= 1
            index -= 1
        }
        return lines.reversed()
    }
}
