/// Generates random programs from the grammar: every choice drawn from a
/// seeded generator, depth bounded by each node's shortest derivation.
///
/// What the EBNF says in words, the generator does as policy:
/// - tokens (UPPER CASE rules and the rules used only inside them) are
///   written with nothing between their parts; phrases are spaced;
/// - `A - B` is drawn again until B does not match what A gave;
/// - an alternative that is just "<" or ">" is taken only inside
///   ( [ { or ${ (the header's "<"/">" rule);
/// - every NAME is fresh within a program (record keys are distinct);
/// - special sequences it knows: "any character but ..." and the letters.
struct ProgramGenerator {
    let grammar: Grammar
    /// Rules whose parts are written with nothing between them.
    let glued: Set<String>
    /// The shortest derivation below each node, in rule expansions.
    private(set) var heights: [Int: Int] = [:]
    var random: SeededRandom
    var maxDepth = 30
    /// Terminals a program may hold before every choice takes its shortest way out.
    var fuel = 300
    private var emitted = 0

    private(set) var coveredRules: Set<String> = []
    /// Carried from one program to the next: an alternative not yet taken
    /// is preferred, so a few hundred programs reach every corner.
    var coveredChoices: Set<String> = []
    private(set) var failures: [String] = []
    private var usedNames: Set<String> = []
    private var bracketDepth = 0

    static let openers: Set<String> = ["(", "[", "{", "${"]
    static let closers: Set<String> = [")", "]", "}"]
    static let stringAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/<>#{}()=*é→")
    static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    init(grammar: Grammar, start: String, seed: UInt64) {
        self.grammar = grammar
        random = SeededRandom(seed: seed)
        // Phrases: reachable from the start without passing through an UPPER CASE rule.
        var phrases: Set<String> = []
        var pending = [start]
        while let name = pending.popLast() {
            guard !phrases.contains(name), !ProgramGenerator.isToken(name) else { continue }
            phrases.insert(name)
            pending += Grammar.references(grammar.rules[name]!)
        }
        glued = Set(grammar.order).subtracting(phrases)
        computeHeights()
    }

    static func isToken(_ name: String) -> Bool { name == name.uppercased() }

    /// Rules a generated program can reach (not those only named after an exception's "-").
    func generativeRules(from start: String) -> Set<String> {
        var seen: Set<String> = []
        var pending = [start]
        func walk(_ node: Grammar.Node) {
            switch node.kind {
            case .terminal, .special: break
            case let .rule(name): pending.append(name)
            case let .sequence(items), let .choice(items): items.forEach(walk)
            case let .optional(inner), let .repetition(inner): walk(inner)
            case let .exception(left, _): walk(left)
            }
        }
        while let name = pending.popLast() {
            guard seen.insert(name).inserted else { continue }
            walk(grammar.rules[name]!)
        }
        return seen
    }

    /// Every choice alternative and every optional or repeated part below the given rules.
    func choicePoints(in rules: Set<String>) -> Set<String> {
        var points: Set<String> = []
        func walk(_ node: Grammar.Node) {
            switch node.kind {
            case .terminal, .special, .rule: break
            case let .sequence(items): items.forEach(walk)
            case let .choice(items):
                for (index, item) in items.enumerated() {
                    points.insert("\(node.id):\(index)")
                    walk(item)
                }
            case let .optional(inner), let .repetition(inner):
                points.insert("\(node.id):taken")
                walk(inner)
            case let .exception(left, _): walk(left)
            }
        }
        for name in rules { walk(grammar.rules[name]!) }
        return points
    }

    /// Describes a choice point for a failure message.
    func describe(point: String) -> String {
        for name in grammar.order {
            if let text = find(point, in: grammar.rules[name]!) { return "in rule \(name): \(text)" }
        }
        return point
    }

    private func find(_ point: String, in node: Grammar.Node) -> String? {
        let parts = point.split(separator: ":")
        switch node.kind {
        case .terminal, .special, .rule: return nil
        case let .sequence(items): return items.lazy.compactMap { find(point, in: $0) }.first
        case let .choice(items):
            if String(node.id) == parts[0], let index = Int(parts[1]) { return "alternative \(index + 1) (\(show(items[index])))" }
            return items.lazy.compactMap { find(point, in: $0) }.first
        case let .optional(inner), let .repetition(inner):
            if String(node.id) == parts[0] { return "the optional or repeated part (\(show(inner)))" }
            return find(point, in: inner)
        case let .exception(left, _): return find(point, in: left)
        }
    }

    private func show(_ node: Grammar.Node) -> String {
        switch node.kind {
        case let .terminal(text): "\"\(text)\""
        case let .rule(name): name
        case let .special(text): "? \(text) ?"
        case let .sequence(items): items.map(show).joined(separator: " , ")
        case let .choice(items): items.map(show).joined(separator: " | ")
        case let .optional(inner): "[ \(show(inner)) ]"
        case let .repetition(inner): "{ \(show(inner)) }"
        case let .exception(left, right): "\(show(left)) - \(show(right))"
        }
    }

    // MARK: - Heights

    private mutating func computeHeights() {
        let infinity = Int.max / 4
        var ruleHeights = Dictionary(uniqueKeysWithValues: grammar.order.map { ($0, infinity) })
        var changed = true
        func height(_ node: Grammar.Node) -> Int {
            switch node.kind {
            case .terminal, .special: 0
            case let .rule(name): min(infinity, ruleHeights[name]! + 1)
            case let .sequence(items): items.map(height).max() ?? 0
            case let .choice(items): items.map(height).min() ?? 0
            case .optional, .repetition: 0
            case let .exception(left, _): height(left)
            }
        }
        while changed {
            changed = false
            for name in grammar.order {
                let value = height(grammar.rules[name]!)
                if value < ruleHeights[name]! { ruleHeights[name] = value; changed = true }
            }
        }
        func record(_ node: Grammar.Node) {
            heights[node.id] = height(node)
            switch node.kind {
            case .terminal, .special, .rule: break
            case let .sequence(items), let .choice(items): items.forEach(record)
            case let .optional(inner), let .repetition(inner): record(inner)
            case let .exception(left, right): record(left); record(right)
            }
        }
        for name in grammar.order { record(grammar.rules[name]!) }
    }

    /// Whether a part may be expanded beyond its shortest way out. Tokens
    /// (glued) spend no fuel, so names stay varied enough to be fresh.
    /// A part not generated yet may spend past the fuel (not past the depth).
    private func fits(_ node: Grammar.Node, _ depth: Int, glued: Bool = false, fresh: Bool = false) -> Bool {
        if glued { return depth + heights[node.id]! <= maxDepth + 3 }
        return (fresh || emitted < fuel) && depth + heights[node.id]! <= maxDepth
    }

    // MARK: - Generation

    /// One program from `start`, as text, with a line break after each block's `<` and `>`.
    mutating func program(from start: String) -> String {
        usedNames = []
        bracketDepth = 0
        emitted = 0
        let pieces = generate(.rule(start), depth: 0, glued: false)
        return render(pieces)
    }

    private func render(_ pieces: [String]) -> String {
        var out = ""
        var depth = 0
        for piece in pieces {
            if ProgramGenerator.openers.contains(piece) { depth += 1 }
            if ProgramGenerator.closers.contains(piece) { depth -= 1 }
            out += piece
            out += depth == 0 && (piece == "<" || piece == ">") ? "\n" : " "
        }
        return out
    }

    private mutating func generate(_ kind: Grammar.Node.Kind, depth: Int, glued: Bool) -> [String] {
        generate(Grammar.Node(kind, id: -1), depth: depth, glued: glued)
    }

    private mutating func generate(_ node: Grammar.Node, depth: Int, glued: Bool) -> [String] {
        switch node.kind {
        case let .terminal(text):
            emitted += 1
            if ProgramGenerator.openers.contains(text) { bracketDepth += 1 }
            if ProgramGenerator.closers.contains(text) { bracketDepth -= 1 }
            return [text]

        case let .rule(name):
            coveredRules.insert(name)
            let body = grammar.rules[name]!
            let isGlued = self.glued.contains(name)
            for _ in 0..<50 {
                let pieces = generate(body, depth: depth + 1, glued: isGlued)
                if name == "NAME" {
                    guard usedNames.insert(pieces.joined()).inserted else { continue }
                }
                if isGlued { return [pieces.joined()] }
                return glued ? [pieces.joined(separator: " ")] : pieces
            }
            failures.append("could not draw a fresh \(name)")
            return []

        case let .special(text):
            if text.hasPrefix("any character but") {
                return [String(ProgramGenerator.stringAlphabet.randomElement(using: &random)!)]
            }
            if text.contains("\"A\" to \"Z\"") {
                return [String(ProgramGenerator.letters.randomElement(using: &random)!)]
            }
            failures.append("the generator does not know the special sequence ? \(text) ?")
            return []

        case let .sequence(items):
            var out: [String] = []
            for item in items { out += generate(item, depth: depth, glued: glued) }
            return out

        case let .choice(items):
            let eligible = items.indices.filter { index in
                if case let .terminal(text) = items[index].kind, text == "<" || text == ">" { return bracketDepth > 0 }
                return true
            }
            var candidates = eligible.filter {
                fits(items[$0], depth, glued: glued, fresh: !coveredChoices.contains("\(node.id):\($0)"))
            }
            if candidates.isEmpty {
                let lowest = eligible.map { heights[items[$0].id]! }.min()!
                candidates = eligible.filter { heights[items[$0].id]! == lowest }
            }
            let fresh = candidates.filter { !coveredChoices.contains("\(node.id):\($0)") }
            let index = (!fresh.isEmpty && random.chance(0.8) ? fresh : candidates).randomElement(using: &random)!
            coveredChoices.insert("\(node.id):\(index)")
            return generate(items[index], depth: depth, glued: glued)

        case let .optional(inner):
            let wanted = coveredChoices.contains("\(node.id):taken") ? 0.6 : 0.95
            guard fits(inner, depth, glued: glued, fresh: wanted > 0.9), random.chance(wanted) else { return [] }
            coveredChoices.insert("\(node.id):taken")
            return generate(inner, depth: depth, glued: glued)

        case let .repetition(inner):
            guard fits(inner, depth, glued: glued, fresh: !coveredChoices.contains("\(node.id):taken")) else { return [] }
            // Tokens: 0 to 2 more parts (which keeps numbers in range). Phrases:
            // fewer the deeper they are, so programs stay small and varied.
            let limit = glued ? 2 : 3
            let probability = glued ? 0.6 : 0.6 * max(0.1, 1 - Double(depth) / Double(maxDepth))
            var count = 0
            while count < limit, random.chance(probability) { count += 1 }
            if count == 0, !coveredChoices.contains("\(node.id):taken"), random.chance(0.5) { count = 1 }
            if count > 0 { coveredChoices.insert("\(node.id):taken") }
            var out: [String] = []
            for _ in 0..<count { out += generate(inner, depth: depth, glued: glued) }
            return out

        case let .exception(left, right):
            for _ in 0..<50 {
                let before = bracketDepth
                let pieces = generate(left, depth: depth, glued: glued)
                let candidate = glued ? [pieces.joined()] : pieces
                if !matches(right, candidate, tokensWhole: !glued) { return pieces }
                bracketDepth = before
            }
            failures.append("could not draw a string outside an exception")
            return []
        }
    }

    // MARK: - Matching (for exceptions)

    /// Whether `node` derives exactly these pieces. With `tokensWhole`, the
    /// pieces are a phrase's tokens and a token rule matches any one of them
    /// (the generator made it from that rule); otherwise pieces are compared
    /// with terminals as they are.
    func matches(_ node: Grammar.Node, _ pieces: [String], tokensWhole: Bool = true) -> Bool {
        ends(node, pieces, from: 0, tokensWhole).contains(pieces.count)
    }

    private func ends(_ node: Grammar.Node, _ pieces: [String], from start: Int, _ tokensWhole: Bool) -> Set<Int> {
        func ends(_ node: Grammar.Node, _ pieces: [String], from start: Int) -> Set<Int> {
            self.ends(node, pieces, from: start, tokensWhole)
        }
        func matches(_ node: Grammar.Node, _ pieces: [String]) -> Bool {
            self.matches(node, pieces, tokensWhole: tokensWhole)
        }
        switch node.kind {
        case let .terminal(text):
            return start < pieces.count && pieces[start] == text ? [start + 1] : []
        case let .rule(name):
            if tokensWhole, glued.contains(name) { return start < pieces.count ? [start + 1] : [] }
            return ends(grammar.rules[name]!, pieces, from: start)
        case let .special(text):
            // "? any tokens ?" and the like match any remainder.
            return text.hasPrefix("any") ? Set(start...pieces.count) : []
        case let .sequence(items):
            var positions: Set<Int> = [start]
            for item in items {
                positions = Set(positions.flatMap { ends(item, pieces, from: $0) })
                if positions.isEmpty { break }
            }
            return positions
        case let .choice(items):
            return items.reduce(into: Set<Int>()) { $0.formUnion(ends($1, pieces, from: start)) }
        case let .optional(inner):
            return ends(inner, pieces, from: start).union([start])
        case let .repetition(inner):
            var reached: Set<Int> = [start]
            var frontier: Set<Int> = [start]
            while !frontier.isEmpty {
                let next = Set(frontier.flatMap { ends(inner, pieces, from: $0) }).subtracting(reached)
                reached.formUnion(next)
                frontier = next
            }
            return reached
        case let .exception(left, right):
            return ends(left, pieces, from: start).filter { !matches(right, Array(pieces[start..<$0])) }
        }
    }
}
