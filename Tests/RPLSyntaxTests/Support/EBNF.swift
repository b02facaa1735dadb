/// A reader for the ISO 14977 subset grammar/rpl.ebnf is written in:
/// `=` `,` `|` `[ ]` `{ }` `( )` `"terminal"` `'terminal'` `? special ?`
/// `A - B` and `(* comments *)`.
struct Grammar {
    final class Node {
        enum Kind {
            case terminal(String)
            case rule(String)
            case special(String)
            case sequence([Node])
            case choice([Node])
            case optional(Node)
            case repetition(Node)
            /// `A - B`: what A derives, except what B matches.
            case exception(Node, Node)
        }

        let kind: Kind
        /// Unique within one grammar, for coverage bookkeeping.
        let id: Int

        init(_ kind: Kind, id: Int) {
            self.kind = kind
            self.id = id
        }
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    /// Rules in the order written.
    var order: [String] = []
    var rules: [String: Node] = [:]
    var nodeCount = 0

    init(text: String) throws {
        var reader = Reader(tokens: try Grammar.tokenize(text))
        while !reader.atEnd {
            let name = try reader.identifier()
            try reader.expect("=")
            let body = try reader.choice(&nodeCount)
            try reader.expect(";")
            guard rules[name] == nil else { throw SyntaxError(description: "rule '\(name)' is defined twice") }
            rules[name] = body
            order.append(name)
        }
        for name in order {
            for reference in Grammar.references(rules[name]!) where rules[reference] == nil {
                throw SyntaxError(description: "rule '\(name)' refers to '\(reference)', which is not defined")
            }
        }
    }

    static func references(_ node: Node) -> [String] {
        switch node.kind {
        case .terminal, .special: []
        case let .rule(name): [name]
        case let .sequence(items), let .choice(items): items.flatMap(references)
        case let .optional(inner), let .repetition(inner): references(inner)
        case let .exception(left, right): references(left) + references(right)
        }
    }

    // MARK: - Tokens

    enum Token: Equatable {
        case identifier(String)
        case terminal(String)
        case special(String)
        case symbol(Character)
    }

    static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var index = 0
        func fail(_ message: String) -> SyntaxError {
            let line = chars[..<min(index, chars.count)].filter { $0 == "\n" }.count + 1
            return SyntaxError(description: "line \(line): \(message)")
        }
        while index < chars.count {
            let c = chars[index]
            if c.isWhitespace { index += 1; continue }
            if c == "(", index + 1 < chars.count, chars[index + 1] == "*" {
                index += 2
                while index + 1 < chars.count, !(chars[index] == "*" && chars[index + 1] == ")") { index += 1 }
                guard index + 1 < chars.count else { throw fail("unterminated comment") }
                index += 2
                continue
            }
            if c.isLetter || c == "_" {
                let start = index
                while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" { index += 1 }
                tokens.append(.identifier(String(chars[start..<index])))
                continue
            }
            if c == "\"" || c == "'" || c == "?" {
                let start = index + 1
                index += 1
                while index < chars.count, chars[index] != c, chars[index] != "\n" { index += 1 }
                guard index < chars.count, chars[index] == c else { throw fail("unterminated \(c)...\(c)") }
                let body = String(chars[start..<index])
                index += 1
                if c == "?" {
                    tokens.append(.special(body.trimmingCharacters(in: .whitespaces)))
                } else {
                    guard !body.isEmpty else { throw fail("empty terminal") }
                    tokens.append(.terminal(body))
                }
                continue
            }
            if "=,|[]{}();-".contains(c) {
                tokens.append(.symbol(c))
                index += 1
                continue
            }
            throw fail("unexpected character '\(c)'")
        }
        return tokens
    }

    struct Reader {
        var tokens: [Token]
        var index = 0

        var atEnd: Bool { index >= tokens.count }

        func peekSymbol(_ symbol: Character) -> Bool {
            !atEnd && tokens[index] == .symbol(symbol)
        }

        mutating func expect(_ symbol: Character) throws {
            guard peekSymbol(symbol) else { throw SyntaxError(description: "expected '\(symbol)' at token \(index): \(atEnd ? "end" : "\(tokens[index])")") }
            index += 1
        }

        mutating func identifier() throws -> String {
            guard !atEnd, case let .identifier(name) = tokens[index] else {
                throw SyntaxError(description: "expected a rule name at token \(index)")
            }
            index += 1
            return name
        }

        mutating func make(_ kind: Node.Kind, _ count: inout Int) -> Node {
            count += 1
            return Node(kind, id: count)
        }

        mutating func choice(_ count: inout Int) throws -> Node {
            var items = [try sequence(&count)]
            while peekSymbol("|") {
                index += 1
                items.append(try sequence(&count))
            }
            return items.count == 1 ? items[0] : make(.choice(items), &count)
        }

        mutating func sequence(_ count: inout Int) throws -> Node {
            var items = [try term(&count)]
            while peekSymbol(",") {
                index += 1
                items.append(try term(&count))
            }
            return items.count == 1 ? items[0] : make(.sequence(items), &count)
        }

        mutating func term(_ count: inout Int) throws -> Node {
            let left = try factor(&count)
            guard peekSymbol("-") else { return left }
            index += 1
            return make(.exception(left, try factor(&count)), &count)
        }

        mutating func factor(_ count: inout Int) throws -> Node {
            guard !atEnd else { throw SyntaxError(description: "unexpected end of grammar") }
            let token = tokens[index]
            index += 1
            switch token {
            case let .identifier(name): return make(.rule(name), &count)
            case let .terminal(text): return make(.terminal(text), &count)
            case let .special(text): return make(.special(text), &count)
            case .symbol("["):
                let inner = try choice(&count)
                try expect("]")
                return make(.optional(inner), &count)
            case .symbol("{"):
                let inner = try choice(&count)
                try expect("}")
                return make(.repetition(inner), &count)
            case .symbol("("):
                let inner = try choice(&count)
                try expect(")")
                return inner
            default:
                throw SyntaxError(description: "unexpected \(token) at token \(index - 1)")
            }
        }
    }
}

import Foundation
