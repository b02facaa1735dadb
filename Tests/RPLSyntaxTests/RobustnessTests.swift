import RPLSource
import RPLSyntax
import Testing

/// The parser returns on every input, with a diagnostic for every input
/// that is not valid, and refuses deep nesting with a message, not a crash.
@Suite struct RobustnessTests {
    static let sample = """
        # Built-in sample: the shapes the mutations should break.
        import failback-policy
        fn members(rg) < return inventory.machines where replication_group == rg >
        let grace = 15m
        plan contoso version 2 <
          group db <
            reprotect sql01 using mt-win ps-azure datastore ds-gold retention "R:"
          >
          group app after db <
            for m in members("erp") <
              if (m.disks > 2) and not m.static_ip <
                reprotect m using auto ps-azure datastore ds1 policy none
              > else <
                manual check-${m} "Look at ${m.name} (${m.disks} disks)"
              >
            >
            wait grace + 1h30m
            check [1, 2][0] <= 500GB, "sizes"
          >
          failback all
        >
        """

    static func corpus() throws -> [(name: String, text: String)] {
        var files = [(name: "sample.rpl", text: sample)]
        for path in Repository.planFiles(under: ["examples", "stdlib", "Tests/RPLSyntaxTests/Golden"]) {
            files.append((path, try Repository.text(path)))
        }
        return files
    }

    /// A tree with no diagnostics must hold nothing the parser could not read.
    static func invalidNodes(_ tree: SyntaxTree) -> Int {
        var count = 0
        func expr(_ e: Expr) {
            switch e.kind {
            case .invalid: count += 1
            case .integer, .duration, .size, .bool, .none, .name: break
            case let .string(parts):
                for case let .interpolation(inner) in parts { expr(inner) }
            case let .list(items): items.forEach(expr)
            case let .record(fields): fields.forEach { expr($0.value) }
            case let .unary(_, operand): expr(operand)
            case let .binary(_, l, r), let .filter(l, r), let .index(l, r): expr(l); expr(r)
            case let .call(callee, arguments): expr(callee); arguments.forEach(expr)
            case let .member(base, name): expr(base); if name.text.isEmpty { count += 1 }
            }
        }
        func block(_ b: Block) { b.statements.forEach(statement) }
        func name(_ n: Name) { if n.text.isEmpty { count += 1 } }
        func statement(_ s: Statement) {
            switch s.kind {
            case .invalid: count += 1
            case let .group(g): name(g.name); g.after.forEach(name); block(g.body)
            case let .reprotect(r):
                expr(r.machine)
                if case let .expr(mt) = r.masterTarget { expr(mt) }
                [r.processServer, r.datastore, r.retention, r.policy, r.logStorage].compactMap { $0 }.forEach(expr)
            case let .failback(f):
                if case let .expr(target) = f.target { expr(target) }
                f.recoveryPoint.map(expr)
            case let .commit(c): if case let .expr(target) = c.target { expr(target) }
            case let .protect(p):
                if case let .expr(target) = p.target { expr(target) }
                expr(p.processServer)
                p.policy.map(expr)
            case let .letBinding(n, value): name(n); expr(value)
            case let .function(f): name(f.name); f.parameters.forEach(name); block(f.body)
            case let .forLoop(v, sequence, body): name(v); expr(sequence); block(body)
            case let .ifElse(i): ifElse(i)
            case let .importModule(target): if case let .module(n) = target { name(n) }
            case let .check(c): expr(c.condition); expr(c.message)
            case let .manual(n, instructions): name(n); expr(instructions)
            case let .wait(e), let .returnValue(e), let .call(e): expr(e)
            }
        }
        func ifElse(_ i: IfElse) {
            expr(i.condition)
            block(i.then)
            switch i.otherwise {
            case let .block(b): block(b)
            case let .elseIf(s): statement(s)
            case nil: break
            }
        }
        tree.preamble.forEach(statement)
        tree.statements.forEach(statement)
        if let header = tree.header { name(header.name) }
        return count
    }

    enum Mutation: CaseIterable {
        case delete, duplicate, swap, insertOpen, insertClose, insertQuote, insertInterpolation, randomByte, truncate
    }

    static func mutate(_ bytes: [UInt8], _ mutation: Mutation, _ random: inout SeededRandom) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var out = bytes
        let at = Int.random(in: 0..<bytes.count, using: &random)
        let length = min(bytes.count - at, Int.random(in: 1...12, using: &random))
        switch mutation {
        case .delete: out.removeSubrange(at..<at + length)
        case .duplicate: out.insert(contentsOf: bytes[at..<at + length], at: at)
        case .swap:
            let other = Int.random(in: 0..<bytes.count, using: &random)
            out.swapAt(at, other)
        case .insertOpen: out.insert(UInt8(ascii: "<"), at: at)
        case .insertClose: out.insert(UInt8(ascii: ">"), at: at)
        case .insertQuote: out.insert(UInt8(ascii: "\""), at: at)
        case .insertInterpolation: out.insert(contentsOf: Array("${".utf8), at: at)
        case .randomByte: out.insert(UInt8.random(in: 0...255, using: &random), at: at)
        case .truncate: out.removeSubrange(at...)
        }
        return out
    }

    @Test func mutatedPlansNeverCrashAndCleanParsesAreWhole() throws {
        var random = SeededRandom(seed: 0x5EED)
        var parsed = 0
        var rejected = 0
        for (name, text) in try Self.corpus() {
            let bytes = Array(text.utf8)
            for round in 0..<160 {
                var mutated = bytes
                for _ in 0...(round % 3) {
                    mutated = Self.mutate(mutated, Mutation.allCases.randomElement(using: &random)!, &random)
                }
                let tree = Parser.parse(SourceFile(name: name, bytes: mutated))
                parsed += 1
                if tree.diagnostics.isEmpty {
                    let invalid = Self.invalidNodes(tree)
                    #expect(invalid == 0, "\(name) round \(round): clean parse with \(invalid) unreadable parts:\n\(String(decoding: mutated, as: UTF8.self))")
                } else {
                    rejected += 1
                    // A random byte may leave the text not UTF-8: then RP002 alone, before any lexing.
                    let notUTF8 = UTF8Scanning.firstInvalidSequence(in: mutated) != nil || mutated.contains(0)
                    #expect(tree.diagnostics.allSatisfy { $0.code == (notUTF8 ? .RP002 : .RP001) && $0.severity == .error })
                }
            }
        }
        #expect(parsed >= 2000)
        // Most mutations break a plan; a run where none did would test nothing.
        #expect(rejected > parsed / 3)
    }

    /// Mutations that always make a plan invalid must always be reported.
    @Test func certainlyBrokenPlansAreReported() throws {
        var random = SeededRandom(seed: 42)
        var checked = 0
        for (name, text) in try Self.corpus() {
            let tree = Parser.parse(name: name, text: text)
            guard tree.diagnostics.isEmpty, !text.isEmpty else { continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var broken: [(String, String)] = [
                ("a stray '>' first", ">\n" + text),
                ("an unclosed '<' last", text + "\ngroup never-closed <\n"),
                ("a '(' left open", text + "\nlet x = (1 + 2\n"),
            ]
            // A quote at the end of a line without comments: the string runs off the line.
            let plain = lines.indices.filter { !lines[$0].contains("#") && !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }
            for _ in 0..<min(8, plain.count) {
                var copy = lines
                let index = plain.randomElement(using: &random)!
                copy[index] += Bool.random(using: &random) ? "\"" : "\"${"
                broken.append(("an unterminated string on line \(index + 1)", copy.joined(separator: "\n")))
            }
            // A block opener cut off before its end.
            let bytes = Array(text.utf8)
            if let open = bytes.indices.filter({ bytes[$0] == UInt8(ascii: "<") && Self.opensBlock(bytes, $0) }).last {
                broken.append(("cut after the last block '<'", String(decoding: bytes[...open], as: UTF8.self)))
            }
            for (what, input) in broken {
                let diagnostics = Parser.parse(name: name, text: input).diagnostics
                #expect(!diagnostics.isEmpty, "\(name) with \(what) parsed without a diagnostic")
                checked += 1
            }
        }
        #expect(checked >= 20)
    }

    /// A `<` outside brackets, strings and comments opens a block.
    static func opensBlock(_ bytes: [UInt8], _ index: Int) -> Bool {
        let file = SourceFile(name: "probe", bytes: bytes)
        var depth = 0
        for token in Lexer.tokenize(file).tokens {
            if token.span.start == Int32(index) { return depth == 0 && token.kind == .lessThan }
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth -= 1
            default: break
            }
        }
        return false
    }

    static let deep = 10_000

    static func expectNestingLimit(_ text: String, _ what: String) {
        let tree = Parser.parse(name: "deep.rpl", text: text)
        let limit = tree.diagnostics.filter { $0.message.contains("too many nested") && $0.message.contains("(limit is \(Limits.maxNesting))") }
        #expect(limit.count == 1, "\(what): \(tree.diagnostics.prefix(3).map(\.message))")
    }

    @Test func deepBlocksAreRefused() {
        Self.expectNestingLimit(String(repeating: "group a < ", count: Self.deep), "open blocks")
        Self.expectNestingLimit(String(repeating: "group a < ", count: Self.deep) + String(repeating: "> ", count: Self.deep),
                                "balanced blocks")
    }

    @Test func deepBracketsAreRefused() {
        for (open, close) in [("(", ")"), ("[", "]"), ("{a: ", "}")] {
            Self.expectNestingLimit("let x = " + String(repeating: open, count: Self.deep), "open \(open)")
            Self.expectNestingLimit("let x = " + String(repeating: open, count: Self.deep) + "1"
                                    + String(repeating: close, count: Self.deep), "balanced \(open)")
        }
        Self.expectNestingLimit("let x = " + String(repeating: "-", count: Self.deep) + "1", "prefix minus")
        Self.expectNestingLimit("let x = " + String(repeating: "not ", count: Self.deep) + "true", "prefix not")
    }

    @Test func deepInterpolationsAreRefused() {
        Self.expectNestingLimit("let x = " + String(repeating: "\"${", count: Self.deep) + "1"
                                + String(repeating: "}\"", count: Self.deep), "balanced ${")
        // Just past the limit, and well within it (which parses clean).
        Self.expectNestingLimit("let x = " + String(repeating: "\"${", count: 250) + "1"
                                + String(repeating: "}\"", count: 250), "250 balanced ${")
        let within = Parser.parse(name: "deep.rpl", text: "let x = " + String(repeating: "\"${", count: 150) + "1"
                                  + String(repeating: "}\"", count: 150))
        #expect(within.diagnostics.isEmpty, "\(within.diagnostics.prefix(2).map(\.message))")
        let open = Parser.parse(name: "deep.rpl", text: "let x = " + String(repeating: "\"${", count: Self.deep))
        #expect(!open.diagnostics.isEmpty)
    }
}
