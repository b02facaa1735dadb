import RPLSource
import RPLSyntax
import Testing

/// grammar/rpl.ebnf and the parser kept in step: programs generated from
/// the grammar must parse clean, and the grammar's words must be the lexer's.
@Suite struct GrammarConformanceTests {
    // Each statement kind dilutes the others' rare corners (the reprotect options):
    // 2,000 programs reach every one.
    static let programCount = 2000

    func loadGrammar() throws -> Grammar {
        try Grammar(text: Repository.text("grammar/rpl.ebnf"))
    }

    @Test func grammarReadsAndNamesEveryRuleItUses() throws {
        let grammar = try loadGrammar()
        #expect(grammar.rules["file"] != nil)
        #expect(grammar.order.count > 30)
        // Every rule except the start is used by another.
        let used = Set(grammar.order.flatMap { Grammar.references(grammar.rules[$0]!) })
        #expect(Set(grammar.order).subtracting(used) == ["file"])
    }

    @Test func generatedProgramsParseWithoutDiagnostics() throws {
        let grammar = try loadGrammar()
        var coveredRules: Set<String> = []
        var coveredChoices: Set<String> = []
        var failures = 0
        var reference = ProgramGenerator(grammar: grammar, start: "file", seed: 0)
        for seed in 0..<UInt64(Self.programCount) {
            var generator = ProgramGenerator(grammar: grammar, start: "file", seed: seed &* 7919 &+ 17)
            generator.maxDepth = 16 + Int(seed % 32)
            generator.coveredChoices = coveredChoices
            let program = generator.program(from: "file")
            #expect(generator.failures.isEmpty, "seed \(seed): \(generator.failures)")
            coveredRules.formUnion(generator.coveredRules)
            coveredChoices.formUnion(generator.coveredChoices)
            let tree = Parser.parse(name: "generated-\(seed).rpl", text: program)
            if !tree.diagnostics.isEmpty {
                failures += 1
                if failures <= 3 {
                    let rendered = TextRenderer().render(tree.diagnostics)
                    Issue.record("seed \(seed): the parser rejected a program the grammar derives:\n\(program)\n\(rendered)")
                }
            }
            reference = generator
        }
        #expect(failures == 0, "\(failures) of \(Self.programCount) generated programs were rejected")

        // Over the run, every rule and every alternative was generated at least once.
        let reachable = reference.generativeRules(from: "file")
        #expect(reachable.subtracting(coveredRules).isEmpty, "rules never generated: \(reachable.subtracting(coveredRules).sorted())")
        let missing = reference.choicePoints(in: reachable).subtracting(coveredChoices)
        #expect(missing.isEmpty, "never generated: \(missing.map(reference.describe(point:)).sorted())")
    }

    @Test func generatorRejectsKeywordsAsNames() throws {
        let grammar = try loadGrammar()
        let generator = ProgramGenerator(grammar: grammar, start: "file", seed: 1)
        let name = grammar.rules["NAME"]!
        #expect(generator.matches(grammar.rules["keyword"]!, ["reprotect"]))
        #expect(!generator.matches(name, ["reprotect"]))
        #expect(generator.matches(grammar.rules["process_server"]!, ["ps-azure"]))
        #expect(!generator.matches(grammar.rules["process_server"]!, ["-", "x"]))
    }

    /// `protect (` calls a function named protect (the parser reads it so):
    /// the grammar derives no protect statement beginning that way.
    @Test func aProtectsMachinesDoNotBeginWithAParenthesis() throws {
        let grammar = try loadGrammar()
        let generator = ProgramGenerator(grammar: grammar, start: "file", seed: 0)
        let rule = try #require(grammar.rules["protect_stmt"])
        #expect(generator.matches(rule, ["protect", "web", "using", "ps-onprem"]))
        #expect(!generator.matches(rule, ["protect", "(", "web", ")", "using", "ps-onprem"]))
        let tree = Parser.parse(name: "p.rpl", text: "fn protect(m) < return m >\nlet x = protect(web)\nprotect web using ps-onprem\n")
        #expect(tree.diagnostics.isEmpty)
    }

    @Test func keywordsOfTheGrammarAreTheLexersKeywords() throws {
        let grammar = try loadGrammar()
        guard case let .choice(alternatives) = grammar.rules["keyword"]!.kind else {
            Issue.record("keyword is not a list of alternatives")
            return
        }
        let spelled = Set(alternatives.compactMap { node -> String? in
            if case let .terminal(text) = node.kind { return text } else { return nil }
        })
        #expect(spelled == Set(TokenKind.keywords.keys))
    }

    /// Each terminal a phrase uses is one of the lexer's tokens, spelt the same.
    @Test func phraseTerminalsAreTokens() throws {
        let grammar = try loadGrammar()
        let generator = ProgramGenerator(grammar: grammar, start: "file", seed: 0)
        let spellings = Set(TokenKind.allCases.map(\.spelling))
        for terminal in Self.phraseTerminals(grammar, generator) {
            #expect(spellings.contains(terminal), "'\(terminal)' in the grammar is not a token")
        }
    }

    /// Every statement keyword, operator and token kind of the grammar
    /// appears in a fixture that parses clean: the examples, the stdlib and
    /// the golden inputs without diagnostics.
    @Test func everyTerminalAppearsInACleanFixture() throws {
        let grammar = try loadGrammar()
        let generator = ProgramGenerator(grammar: grammar, start: "file", seed: 0)
        var seen: Set<String> = []
        var fixtures = 0
        for path in Repository.planFiles(under: ["examples", "stdlib", "Tests/RPLSyntaxTests/Golden"]) {
            let tree = Parser.parse(name: path, text: try Repository.text(path))
            guard tree.diagnostics.isEmpty else { continue }
            fixtures += 1
            for token in Lexer.tokenize(tree.file).tokens {
                switch token.kind {
                case .name: seen.insert("NAME")
                case .integer: seen.insert("INTEGER")
                case .duration: seen.insert("DURATION")
                case .size: seen.insert("SIZE")
                case .string:
                    seen.insert("STRING")
                    if tree.file.text(token.span).contains("${") { seen.insert("interpolation") }
                default: seen.insert(token.kind.spelling)
                }
            }
        }
        #expect(fixtures >= 3)
        let wanted = Self.phraseTerminals(grammar, generator)
            .union(["NAME", "INTEGER", "DURATION", "SIZE", "STRING", "interpolation"])
        #expect(wanted.subtracting(seen).isEmpty, "never in a clean fixture: \(wanted.subtracting(seen).sorted())")
    }

    static func phraseTerminals(_ grammar: Grammar, _ generator: ProgramGenerator) -> Set<String> {
        var terminals: Set<String> = []
        func walk(_ node: Grammar.Node) {
            switch node.kind {
            case let .terminal(text): terminals.insert(text)
            case .special, .rule: break
            case let .sequence(items), let .choice(items): items.forEach(walk)
            case let .optional(inner), let .repetition(inner): walk(inner)
            case let .exception(left, _): walk(left)
            }
        }
        for name in grammar.order where !generator.glued.contains(name) { walk(grammar.rules[name]!) }
        return terminals
    }
}
