import RPLSource

/// Byte-level lexer. It walks `[UInt8]` through an unsafe buffer: no
/// `Character` iteration, which is some fifty times slower on large plans.
/// Comments are kept aside (the formatter needs every one of them).
public struct Lexer {
    public struct Output: Sendable {
        public var tokens: [Token]
        public var comments: [Span]
        public var diagnostics: [Diagnostic]
    }

    /// Lexes the whole file, or the part of it between `start` and `end`
    /// (the parser lexes string interpolations this way, keeping offsets).
    public static func tokenize(_ file: SourceFile, from start: Int = 0, to end: Int? = nil) -> Output {
        var output = Output(tokens: [], comments: [], diagnostics: [])
        // Plans take 9-10 bytes a token (names, keywords and the indentation
        // between them): room for one every 8 bytes is enough without
        // regrowing; one every 5 left some 4 MB of a 4 MB plan's token array
        // unused, below the syntax tree, for the whole parse.
        output.tokens.reserveCapacity((end ?? file.bytes.count) / 8)
        file.bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer: buffer, file: file, index: start, end: end ?? buffer.count)
            scanner.run(into: &output)
        }
        return output
    }

    /// The offset of the `}` that closes the interpolation whose expression
    /// starts at `start`, through nested braces and strings (and their own
    /// interpolations), as the lexer skipped it when it read the string;
    /// `limit` when there is none before it.
    public static func interpolationEnd(in file: SourceFile, from start: Int, limit: Int) -> Int {
        file.bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer: buffer, file: file, index: start, end: limit)
            var ignored: [Diagnostic] = []
            return scanner.skipInterpolation(diagnostics: &ignored) ? scanner.index - 1 : limit
        }
    }
}

private struct Scanner {
    let buffer: UnsafeBufferPointer<UInt8>
    let file: SourceFile
    var index: Int
    let end: Int
    /// Strings inside interpolations inside strings: the scanner recurses
    /// once per level, so the depth is bounded like the parser's nesting.
    var stringDepth = 0
    /// Set when an inner string's failure has been reported, so the strings
    /// around it do not each report it again.
    var innerFailureReported = false

    /// The keyword table, held here so that each name does not go through a global's lazy initialisation.
    let keywords = Keywords.table

    init(buffer: UnsafeBufferPointer<UInt8>, file: SourceFile, index: Int, end: Int) {
        self.buffer = buffer
        self.file = file
        self.index = index
        self.end = end
        // A UTF-8 byte-order mark at the very start is not part of the text.
        if index == 0, end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { self.index = 3 }
    }

    mutating func run(into output: inout Lexer.Output) {
        while true {
            skipWhitespace()
            guard index < end else { break }
            let start = index
            let byte = buffer[index]
            if byte == UInt8(ascii: "#") {
                while index < end, buffer[index] != UInt8(ascii: "\n") { index += 1 }
                // Trailing blanks and carriage returns are not part of the
                // comment: the formatter writes the comment as lexed, so
                // what it writes lexes back to the same text.
                var stop = index
                while stop > start + 1, isBlank(buffer[stop - 1]) { stop -= 1 }
                output.comments.append(Span(start, stop))
                continue
            }
            let kind = scanToken(byte, diagnostics: &output.diagnostics)
            output.tokens.append(Token(kind: kind, span: Span(start, index)))
        }
        output.tokens.append(Token(kind: .endOfFile, span: Span(end, end)))
    }

    mutating func skipWhitespace() {
        while index < end {
            switch buffer[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    // Inlined into `run`, its one caller: saves the call per token.
    @inline(__always)
    mutating func scanToken(_ byte: UInt8, diagnostics: inout [Diagnostic]) -> TokenKind {
        if isNameStart(byte) { return scanName() }
        if isDigit(byte) { return scanNumber(diagnostics: &diagnostics) }
        index += 1
        switch byte {
        case UInt8(ascii: "\""):
            innerFailureReported = false
            return scanString(start: index - 1, diagnostics: &diagnostics)
        case UInt8(ascii: "<"): return follows("=") ? .lessEqual : .lessThan
        case UInt8(ascii: ">"): return follows("=") ? .greaterEqual : .greaterThan
        case UInt8(ascii: "="): return follows("=") ? .equalEqual : .equal
        case UInt8(ascii: "!"):
            if follows("=") { return .bangEqual }
            report("'!' is not an operator; use 'not' or '!='", Span(index - 1, index), &diagnostics)
            return .invalid
        case UInt8(ascii: "("): return .leftParen
        case UInt8(ascii: ")"): return .rightParen
        case UInt8(ascii: "["): return .leftBracket
        case UInt8(ascii: "]"): return .rightBracket
        case UInt8(ascii: "{"): return .leftBrace
        case UInt8(ascii: "}"): return .rightBrace
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: ":"): return .colon
        case UInt8(ascii: "."): return .dot
        case UInt8(ascii: "+"): return .plus
        case UInt8(ascii: "-"): return .minus
        case UInt8(ascii: "*"): return .star
        case UInt8(ascii: "/"): return .slash
        default:
            // Consume a whole UTF-8 sequence so the message names one character.
            let start = index - 1
            while index < end, buffer[index] & 0xC0 == 0x80 { index += 1 }
            let shown = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
            report("unexpected character '\(shown)'", Span(start, index), &diagnostics)
            return .invalid
        }
    }

    mutating func follows(_ ascii: Unicode.Scalar) -> Bool {
        if index < end, buffer[index] == UInt8(ascii: ascii) { index += 1; return true }
        return false
    }

    mutating func scanName() -> TokenKind {
        let start = index
        // Stepping a local rather than `index` itself measured 3 M
        // instructions fewer on a 4 MB plan.
        var position = start + 1
        // Eight bytes at a time while eight remain: most names end within
        // the first word. Saves ~20 instructions a name (73.5 M -> 65 M on
        // the 4 MB bench plan) over the byte loop, which finishes the rest.
        if let base = buffer.baseAddress {
            while position + 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                let count = NameBytes.leadingCount(in: word)
                position += count
                if count < 8 { break }
            }
        }
        while position < end, isNameContinue(buffer[position]) { position += 1 }
        index = position
        // Keywords are 2 to 14 bytes (`recovery-point`): the name, packed into two words, is
        // compared with the one keyword that could be it, without making a
        // String or hashing one.
        let length = position - start
        guard length >= 2, length <= Keywords.maxLength else { return .name }
        let packed = Keywords.pack(buffer, from: start, count: length)
        let slot = keywords.slot(of: packed)
        return keywords.bytes[slot] == packed ? keywords.kinds[slot] : .name
    }

    /// `15`, `15m`, `1h30m` (durations: s m h d), `500GB` (sizes: B KB MB GB TB PB).
    mutating func scanNumber(diagnostics: inout [Diagnostic]) -> TokenKind {
        let start = index
        while index < end, isDigit(buffer[index]) { index += 1 }
        // `1.5h`: no literal has a decimal point, and read as `1 . 5h` it
        // would be reported as a member access; say what was meant instead.
        if index + 1 < end, buffer[index] == UInt8(ascii: "."), isDigit(buffer[index + 1]) {
            index += 1
            while index < end, isDigit(buffer[index]) { index += 1 }
            while index < end, isNameContinue(buffer[index]), buffer[index] != UInt8(ascii: "-") { index += 1 }
            let problem = NumberDiagnosis.decimal(text(start, index))
            report(problem.message, Span(start, index), &diagnostics, help: problem.help)
            return .invalid
        }
        guard index < end, isNameContinue(buffer[index]), !isDigit(buffer[index]),
              buffer[index] != UInt8(ascii: "-") else { return .integer }
        // A suffix: read the whole word, then decide.
        while index < end, isNameContinue(buffer[index]), buffer[index] != UInt8(ascii: "-") { index += 1 }
        let word = text(start, index)
        if NumberLiterals.durationSeconds(word) != nil { return .duration }
        if NumberLiterals.sizeBytes(word) != nil { return .size }
        let problem = NumberDiagnosis.word(word)
        report(problem.message, Span(start, index), &diagnostics, help: problem.help)
        return .invalid
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
    }

    /// A string literal, with `${...}` interpolations skipped over as a unit
    /// (the parser lexes their insides later). Strings end at the line's end.
    mutating func scanString(start: Int, diagnostics: inout [Diagnostic]) -> TokenKind {
        if stringDepth >= Limits.maxNesting {
            diagnostics.append(Diagnostic(.RP106, "too many nested string interpolations (limit is \(Limits.maxNesting))",
                                          file: file, span: Span(start, index)))
            innerFailureReported = true
            while index < end, buffer[index] != UInt8(ascii: "\n") { index += 1 }
            return .invalid
        }
        stringDepth += 1
        defer { stringDepth -= 1 }
        while index < end {
            index = StringBytes.skipPlain(in: buffer, from: index, to: end)
            guard index < end else { break }
            let byte = buffer[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return .string
            case UInt8(ascii: "\n"):
                if !innerFailureReported {
                    report("unterminated string (a string ends on the line it starts)", Span(start, index), &diagnostics)
                }
                innerFailureReported = true
                return .invalid
            case UInt8(ascii: "\\"):
                index += 1
                guard index < end, buffer[index] != UInt8(ascii: "\n") else { continue }
                let escape = buffer[index]
                index += 1
                if !StringLiterals.isEscape(escape) {
                    report("unknown escape '\\\(String(decoding: [escape], as: UTF8.self))' (use \\\\, \\\", \\n, \\t or \\$)",
                           Span(index - 2, index), &diagnostics)
                }
            case UInt8(ascii: "$") where index + 1 < end && buffer[index + 1] == UInt8(ascii: "{"):
                index += 2
                if !skipInterpolation(diagnostics: &diagnostics) {
                    if !innerFailureReported {
                        report("unterminated string (a string ends on the line it starts)", Span(start, index), &diagnostics)
                        innerFailureReported = true
                    }
                    return .invalid
                }
            default:
                index += 1
            }
        }
        if !innerFailureReported { report("unterminated string", Span(start, index), &diagnostics) }
        innerFailureReported = true
        return .invalid
    }

    /// Skips to the `}` that closes an interpolation, through nested braces
    /// and strings. Returns false at a line end or the end of input.
    mutating func skipInterpolation(diagnostics: inout [Diagnostic]) -> Bool {
        var depth = 1
        while index < end {
            let byte = buffer[index]
            switch byte {
            case UInt8(ascii: "\n"): return false
            case UInt8(ascii: "{"): depth += 1; index += 1
            case UInt8(ascii: "}"):
                depth -= 1
                index += 1
                if depth == 0 { return true }
            case UInt8(ascii: "\""):
                index += 1
                if scanString(start: index - 1, diagnostics: &diagnostics) == .invalid { return false }
            default: index += 1
            }
        }
        return false
    }

    func report(_ message: String, _ span: Span, _ diagnostics: inout [Diagnostic], help: [String] = []) {
        diagnostics.append(Diagnostic(.RP001, message, file: file, span: span, help: help))
    }
}

/// A space, tab or carriage return: blank within a line.
@inline(__always) func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
}

@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

@inline(__always) func isNameStart(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
}

/// Letters, digits, `_` and `-`, as a bit set over ASCII: one shift and
/// one test a byte, in the loop every name goes through.
@inline(__always) func isNameContinue(_ byte: UInt8) -> Bool {
    byte < 64 ? (NameBytes.below64 >> byte) & 1 != 0 : byte < 128 && (NameBytes.from64 >> (byte - 64)) & 1 != 0
}

enum NameBytes {
    /// `-` (45) and `0`-`9` (48-57).
    static let below64: UInt64 = 1 << 45 | 0x3FF << 48
    /// `A`-`Z` (65-90), `_` (95), `a`-`z` (97-122), less 64.
    static let from64: UInt64 = 0x3FF_FFFF << 1 | 1 << 31 | 0x3FF_FFFF << 33

    /// How many of the eight bytes of `word` (the first byte in the low bits)
    /// are name bytes (`isNameContinue`) before the first that is not: 0...8.
    /// Each byte is tested against the five ranges at once (SWAR): below
    /// 0x80, `byte + 0x80 - low` has its top bit set when `byte >= low`,
    /// without a carry into the next byte.
    @inline(__always)
    static func leadingCount(in word: UInt64) -> Int {
        let tops: UInt64 = 0x8080_8080_8080_8080
        let ascii = ~word & tops
        let low7 = word & ~tops
        @inline(__always) func within(_ low: UInt64, _ high: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            return (low7 &+ ones &* (0x80 - low)) & ~(low7 &+ ones &* (0x7F - high))
        }
        let names = (within(0x30, 0x39) | within(0x41, 0x5A) | within(0x61, 0x7A) | within(0x2D, 0x2D) | within(0x5F, 0x5F)) & ascii
        return (~names & tops).trailingZeroBitCount / 8
    }
}

/// The bytes a string literal's scan must stop at: `"`, `\`, `$` and the line feed.
enum StringBytes {
    /// How many of the eight bytes of `word` (the first byte in the low bits)
    /// come before the first of those four: 0...8.
    @inline(__always)
    static func plainCount(in word: UInt64) -> Int {
        let marks = ByteSearch.marks(of: UInt8(ascii: "\""), in: word) | ByteSearch.marks(of: UInt8(ascii: "\\"), in: word)
            | ByteSearch.marks(of: UInt8(ascii: "$"), in: word) | ByteSearch.marks(of: UInt8(ascii: "\n"), in: word)
        return marks.trailingZeroBitCount / 8
    }

    /// Skips plain text eight bytes at a time, stopping at the first of the
    /// four bytes or where fewer than eight remain (the caller's byte loop
    /// reads the rest). Saves 6 M instructions on the 4 MB bench plan's
    /// 50,000 literals.
    @inline(__always)
    static func skipPlain(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard let base = buffer.baseAddress else { return start }
        var index = start
        while index + 8 <= end {
            let count = plainCount(in: UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
            index += count
            if count < 8 { break }
        }
        return index
    }
}

/// The keyword table of `TokenKind`, each keyword's bytes packed into two
/// words (zero-padded), sorted by length.
enum Keywords {
    struct Packed: Equatable {
        var low: UInt64
        var high: UInt64
    }

    static let maxLength = 16

    /// Bytes `start..<start + count` (count <= 16), byte i in bits 8i of
    /// `low` (i < 8) or of `high`, the rest zero. Two word loads and masks
    /// where sixteen bytes can be read; byte by byte near the buffer's end.
    @inline(__always)
    static func pack(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Packed {
        if start + 16 <= buffer.count, let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base + start)
            let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            return Packed(low: count >= 8 ? low : low & ((1 << (8 * UInt64(count))) - 1),
                          high: count >= 16 ? high : count <= 8 ? 0 : high & ((1 << (8 * UInt64(count - 8))) - 1))
        }
        var packed = Packed(low: 0, high: 0)
        for offset in 0..<count {
            let byte = UInt64(buffer[start + offset])
            if offset < 8 { packed.low |= byte << (8 * offset) } else { packed.high |= byte << (8 * (offset - 8)) }
        }
        return packed
    }

    /// Every keyword in the slot its packed bytes hash to, and nothing
    /// (zero bytes, `.name`) in the other slots: one probe says whether a
    /// name is a keyword. The search among the keywords of the name's length
    /// it replaced took three compares a name on average; this saved 10 M
    /// instructions on the 4 MB bench plan.
    struct Table {
        /// Chosen when the table is built so that no two keywords share a slot.
        let multiplier: UInt64
        let bytes: [Packed]
        let kinds: [TokenKind]

        static let slotBits = 8

        @inline(__always)
        func slot(of packed: Packed) -> Int {
            let mixed = (packed.low ^ (packed.high &* 0x9E37_79B9_7F4A_7C15)) &* multiplier
            return Int(truncatingIfNeeded: mixed >> (64 - UInt64(Self.slotBits)))
        }
    }

    static let table: Table = {
        let keywords = TokenKind.keywords.map { text, kind in
            let bytes = Array(text.utf8)
            precondition(bytes.count >= 2 && bytes.count <= maxLength, "keyword '\(text)' does not fit the lexer's table")
            return (bytes.withUnsafeBufferPointer { pack($0, from: 0, count: $0.count) }, kind)
        }
        // A fixed seed: the same table on every run. Some twenty multipliers
        // are tried for the forty keywords in 256 slots.
        var generator = SplitMix64(seed: 1)
        while true {
            let empty = Table(multiplier: generator.next() | 1, bytes: [], kinds: [])
            var bytes = [Packed](repeating: Packed(low: 0, high: 0), count: 1 << Table.slotBits)
            var kinds = [TokenKind](repeating: .name, count: 1 << Table.slotBits)
            var collided = false
            for (packed, kind) in keywords {
                let slot = empty.slot(of: packed)
                if kinds[slot] != .name { collided = true; break }
                bytes[slot] = packed
                kinds[slot] = kind
            }
            if !collided { return Table(multiplier: empty.multiplier, bytes: bytes, kinds: kinds) }
        }
    }()
}
