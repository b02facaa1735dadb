import Foundation
import RPLSource
import RPLSyntax
import Testing

/// grammar/rpl.tmLanguage.json (the editor grammar) and the lexer kept in
/// step: a small TextMate tokenizer runs the grammar over real plans, and
/// every token the lexer finds must get the scope its kind calls for.
@Suite struct TextMateGrammarTests {
    static let files = Repository.planFiles(under: ["examples", "stdlib", "Tests/RPLCheckTests/Golden"])

    @Test func grammarIsNamedAndEveryRegexCompiles() throws {
        let grammar = try TextMateGrammar.load()
        #expect(grammar.json["scopeName"] as? String == "source.rpl")
        #expect(grammar.json["fileTypes"] as? [String] == ["rpl"])
        let regexes = TextMateGrammar.regexSources(in: grammar.json)
        #expect(regexes.count > 20)
        for source in regexes {
            #expect(throws: Never.self, "\(source)") { _ = try NSRegularExpression(pattern: source) }
        }
    }

    /// The keyword rule's words are the lexer's keyword table, no more, no less.
    @Test func keywordRuleIsTheLexersKeywordTable() throws {
        let grammar = try TextMateGrammar.load()
        let words = grammar.keywordWords()
        #expect(words.count == Set(words).count, "a keyword is listed twice")
        #expect(Set(words) == Set(TokenKind.keywords.keys),
                "only in the grammar: \(Set(words).subtracting(TokenKind.keywords.keys).sorted()); only in the lexer: \(Set(TokenKind.keywords.keys).subtracting(words).sorted())")
    }

    @Test func thereArePlansToHighlight() {
        #expect(Self.files.count >= 10)
        #expect(Self.files.contains { $0.hasPrefix("examples/") })
    }

    @Test(arguments: files)
    func everyTokenGetsItsScope(_ path: String) throws {
        let grammar = try TextMateGrammar.load()
        let text = try Repository.text(path)
        let scopes = grammar.tokenize(text)
        let file = SourceFile(name: path, text: text)
        let lexed = Lexer.tokenize(file)
        let keywordScopes = grammar.keywordScopes()
        let offsets = UTF16Offsets(text)

        func innermost(_ byte: Int32) -> String { scopes[offsets[Int(byte)]].last ?? "" }
        func stack(_ byte: Int32) -> [String] { scopes[offsets[Int(byte)]] }
        func place(_ span: Span) -> String {
            let (line, column) = file.location(of: span.start)
            return "\(path):\(line):\(column) `\(file.text(span))`"
        }
        /// One scope over the whole token: a hyphenated name is not split.
        func uniform(_ span: Span) -> String? {
            let first = innermost(span.start)
            return (span.start..<span.end).allSatisfy { innermost($0) == first } ? first : nil
        }

        // < and > compare inside ( [ { and open or close blocks elsewhere.
        var depth = 0
        for token in lexed.tokens where token.kind != .endOfFile {
            let span = token.span
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth = max(0, depth - 1)
            default: break
            }
            let scope = uniform(span)
            switch token.kind {
            case _ where token.kind.isKeyword:
                #expect(scope.map(keywordScopes.contains) == true, "\(place(span)) is a keyword, scoped \(stack(span.start))")
            case .duration:
                #expect(scope == "constant.numeric.duration.rpl", "\(place(span)) scoped \(stack(span.start))")
            case .size:
                #expect(scope == "constant.numeric.size.rpl", "\(place(span)) scoped \(stack(span.start))")
            case .integer:
                #expect(scope == "constant.numeric.integer.rpl", "\(place(span)) scoped \(stack(span.start))")
            case .name:
                #expect(scope == "variable.other.rpl" || scope == "entity.name.function.rpl",
                        "\(place(span)) is a name, scoped \(stack(span.start))")
            case .string:
                let inside = (span.start..<span.end).allSatisfy { stack($0).contains("string.quoted.double.rpl") }
                #expect(inside, "\(place(span)) is a string, scoped \(stack(span.start))")
            case .lessThan, .greaterThan:
                let expected = depth > 0 ? "keyword.operator.comparison.rpl"
                    : token.kind == .lessThan ? "punctuation.section.block.begin.rpl" : "punctuation.section.block.end.rpl"
                #expect(scope == expected, "\(place(span)) at bracket depth \(depth) scoped \(stack(span.start))")
            default:
                #expect(!(stack(span.start).contains { $0.hasPrefix("comment.") || $0.hasPrefix("string.") }),
                        "\(place(span)) is code, scoped \(stack(span.start))")
            }
        }
        for comment in lexed.comments {
            let isDoc = file.text(comment).hasPrefix("##")
            let scope = uniform(comment)
            #expect(scope == (isDoc ? "comment.line.documentation.rpl" : "comment.line.number-sign.rpl"),
                    "\(place(comment)) is a comment, scoped \(stack(comment.start))")
        }
    }

    /// The interpolation of a string is code again.
    @Test func interpolationIsCodeInsideAString() throws {
        let grammar = try TextMateGrammar.load()
        let text = "let s = \"${m.name} has ${(m.disks > 2)} disks\"\n"
        let scopes = grammar.tokenize(text)
        let offsets = UTF16Offsets(text)
        let name = text.range(of: "name")!.lowerBound.utf16Offset(in: text)
        let greater = text.range(of: ">")!.lowerBound.utf16Offset(in: text)
        let words = text.range(of: " disks")!.lowerBound.utf16Offset(in: text)
        #expect(scopes[offsets[name]].contains("meta.interpolation.rpl"))
        #expect(scopes[offsets[name]].last == "variable.other.rpl")
        #expect(scopes[offsets[greater]].last == "keyword.operator.comparison.rpl")
        #expect(scopes[offsets[words]].last == "string.quoted.double.rpl")
    }
}

/// Byte offset → UTF-16 offset of a text (lexer spans are bytes).
struct UTF16Offsets {
    var table: [Int] = []
    init(_ text: String) {
        var utf16 = 0
        for scalar in text.unicodeScalars {
            let bytes = String(scalar).utf8.count
            for _ in 0..<bytes { table.append(utf16) }
            utf16 += scalar.utf16.count
        }
        table.append(utf16)
    }
    subscript(_ byte: Int) -> Int { table[byte] }
}

/// Just enough of a TextMate engine to run one grammar: `match` rules and
/// `begin`/`end` rules (which may span lines), `include` of the repository,
/// `name` and capture 0's name. At one position the end of the open rule
/// wins, then the patterns in order, as in vscode-textmate.
struct TextMateGrammar {
    let json: [String: Any]

    static func load() throws -> TextMateGrammar {
        let data = try Data(contentsOf: Repository.root.appendingPathComponent("grammar/rpl.tmLanguage.json"))
        return TextMateGrammar(json: try JSONSerialization.jsonObject(with: data) as! [String: Any])
    }

    var repository: [String: [String: Any]] { json["repository"] as? [String: [String: Any]] ?? [:] }

    static func regexSources(in value: Any) -> [String] {
        switch value {
        case let object as [String: Any]:
            return object.flatMap { key, value in
                ["match", "begin", "end"].contains(key) ? [value as? String ?? ""] : regexSources(in: value)
            }
        case let array as [Any]: return array.flatMap { regexSources(in: $0) }
        default: return []
        }
    }

    /// The rules of the keyword rule (repository "keywords").
    var keywordRules: [[String: Any]] { repository["keywords"]?["patterns"] as? [[String: Any]] ?? [] }

    func keywordScopes() -> Set<String> { Set(keywordRules.compactMap { $0["name"] as? String }) }

    /// The words of the keyword rule's alternations `(?:a|b|c)`.
    func keywordWords() -> [String] {
        keywordRules.flatMap { rule -> [String] in
            let source = rule["match"] as? String ?? ""
            guard let open = source.range(of: "(?:"), let close = source[open.upperBound...].firstIndex(of: ")") else { return [] }
            return source[open.upperBound..<close].split(separator: "|").map(String.init)
        }
    }

    /// Flattens includes into the rules that can match.
    func resolve(_ patterns: [[String: Any]], seen: Set<String> = []) -> [[String: Any]] {
        patterns.flatMap { rule -> [[String: Any]] in
            guard let include = rule["include"] as? String else { return [rule] }
            let key = String(include.dropFirst())
            if include == "$self" || seen.contains(key) { return [] }
            let target = include.hasPrefix("#") ? repository[key]?["patterns"] as? [[String: Any]] ?? [] : []
            return resolve(target, seen: seen.union([key]))
        }
    }

    struct Open {
        var rule: [String: Any]
        var end: NSRegularExpression
        var patterns: [[String: Any]]
        var scopes: [String]
    }

    /// The scope stack of every UTF-16 offset of the text (plus one past the end).
    func tokenize(_ text: String) -> [[String]] {
        let base = ["source.rpl"]
        let top = resolve(json["patterns"] as? [[String: Any]] ?? [])
        var result = Array(repeating: base, count: (text as NSString).length + 1)
        var stack: [Open] = []
        var lineStart = 0
        var cache: [String: NSRegularExpression] = [:]
        func regex(_ source: String) -> NSRegularExpression {
            if let r = cache[source] { return r }
            let r = try! NSRegularExpression(pattern: source)
            cache[source] = r
            return r
        }
        for line in text.components(separatedBy: "\n") {
            let ns = line as NSString
            var position = 0
            var guardSteps = 0
            while position <= ns.length, guardSteps < 10_000 {
                guardSteps += 1
                let scopes = stack.last?.scopes ?? base
                let patterns = stack.last?.patterns ?? top
                let range = NSRange(location: position, length: ns.length - position)
                var best: (match: NSTextCheckingResult, rule: [String: Any]?)?
                if let open = stack.last, let m = open.end.firstMatch(in: line, options: [.withTransparentBounds], range: range) {
                    best = (m, nil)
                }
                for rule in patterns {
                    guard let source = (rule["match"] ?? rule["begin"]) as? String,
                          let m = regex(source).firstMatch(in: line, options: [.withTransparentBounds], range: range) else { continue }
                    if best == nil || m.range.location < best!.match.range.location { best = (m, rule) }
                }
                func paint(_ r: NSRange, _ names: [String]) {
                    for i in r.location..<(r.location + r.length) { result[lineStart + i] = names }
                }
                // What no rule matches keeps the scopes of the rules still open.
                guard let (match, rule) = best else {
                    paint(NSRange(location: position, length: ns.length - position), scopes)
                    break
                }
                let span = match.range
                paint(NSRange(location: position, length: span.location - position), scopes)
                if let rule {
                    let named = scopes + [rule["name"] as? String].compactMap { $0 }
                    if let _ = rule["match"] {
                        paint(span, named)
                        if span.length == 0 { position += 1 } else { position = span.location + span.length }
                    } else {
                        let capture = ((rule["beginCaptures"] as? [String: Any])?["0"] as? [String: Any])?["name"] as? String
                        paint(span, named + [capture].compactMap { $0 })
                        stack.append(Open(rule: rule, end: regex(rule["end"] as! String),
                                          patterns: resolve(rule["patterns"] as? [[String: Any]] ?? []), scopes: named))
                        position = span.location + span.length
                    }
                } else {
                    let open = stack.removeLast()
                    let capture = ((open.rule["endCaptures"] as? [String: Any])?["0"] as? [String: Any])?["name"] as? String
                    paint(span, open.scopes + [capture].compactMap { $0 })
                    position = span.location + span.length
                }
            }
            lineStart += ns.length + 1
        }
        return result
    }
}
