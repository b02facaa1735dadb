/// Writes JSON as UTF-8 bytes, value by value: the one writer of every JSON
/// rpl prints. `JSONValue.serializedBytes` walks its tree through it, and
/// `rpl plan --format json` streams a 50,000-step schedule through it
/// without building the tree first (that tree cost 510 M instructions of a
/// 1,180 M rendering). Compact, or pretty with two spaces per level.
///
/// Values go in document order: `beginObject`, then `key` before each
/// member's value, `endObject`; `beginArray`, its items, `endArray`.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    public let pretty: Bool
    /// Open arrays and objects.
    private var depth = 0
    /// No item written yet in the innermost open array or object.
    private var atContainerStart = false
    /// A key was just written: its value follows on the same line.
    private var afterKey = false

    public init(pretty: Bool = false, capacity: Int = 4_096) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// The bytes written, handed over without a copy.
    public consuming func finish() -> [UInt8] { bytes }

    /// A writer for bytes that follow this one's, inside the same open
    /// array or object, with none of this one's bytes: for the parts of a
    /// long array rendered side by side and written out one after another.
    /// `afterItems`: whether items were written into that container since
    /// (by other parts), so that the next one is preceded by a comma.
    public func continuation(afterItems: Bool, capacity: Int = 4_096) -> JSONWriter {
        var next = JSONWriter(pretty: pretty, capacity: capacity)
        next.depth = depth
        next.atContainerStart = atContainerStart && !afterItems
        next.afterKey = afterKey && !afterItems
        return next
    }

    // MARK: Containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A member's key; its value is the next thing written.
    public mutating func key(_ key: String) {
        beforeItem()
        writeString(key)
        afterKeyName()
    }

    /// A key quoted and escaped once, for keys written over and over: a
    /// schedule's step keys, 50,000 times each.
    public struct Key: Sendable {
        fileprivate let quoted: [UInt8]

        public init(_ name: String) {
            var writer = JSONWriter(capacity: name.utf8.count + 2)
            writer.string(name)
            quoted = writer.finish()
        }
    }

    /// The same bytes as `key(String)`, copied rather than escaped again.
    public mutating func key(_ key: Key) {
        beforeItem()
        bytes.append(contentsOf: key.quoted)
        afterKeyName()
    }

    /// A member whose value is a string, or null.
    public mutating func member(_ key: Key, _ value: String?) {
        self.key(key)
        string(value)
    }

    /// A member whose value is a whole number, or null.
    public mutating func member(_ key: Key, _ value: Int64?) {
        self.key(key)
        if let value { number(value) } else { null() }
    }

    private mutating func afterKeyName() {
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    private mutating func open(_ bracket: UInt8) {
        beforeItem()
        bytes.append(bracket)
        depth += 1
        atContainerStart = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        // An empty container stays on its line: `[]`, `{}`.
        if !atContainerStart, pretty { newline() }
        bytes.append(bracket)
        atContainerStart = false
    }

    /// The comma and the line break before an item of an array or object
    /// (a member's value has had them before its key).
    private mutating func beforeItem() {
        if afterKey { afterKey = false; return }
        guard depth > 0 else { return }
        if !atContainerStart { bytes.append(UInt8(ascii: ",")) }
        atContainerStart = false
        if pretty { newline() }
    }

    /// A line break and the indentation of the current depth, a byte at a
    /// time: appending a `repeatElement`, or a slice of a buffer of spaces,
    /// cost half as much again (measured on 650,000 lines).
    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<2 * depth { bytes.append(UInt8(ascii: " ")) }
    }

    // MARK: Scalars

    public mutating func null() {
        beforeItem()
        bytes += "null".utf8
    }

    public mutating func bool(_ value: Bool) {
        beforeItem()
        bytes += (value ? "true" : "false").utf8
    }

    /// Whole numbers without a fraction (`3`, not `3.0`).
    public mutating func number(_ value: Double) {
        if value.rounded() == value, abs(value) < 9e15 { return number(Int64(value)) }
        beforeItem()
        bytes += "\(value)".utf8
    }

    /// The same bytes as `number(Double(value))`, without the conversion.
    public mutating func number(_ value: Int64) {
        guard value > -9_000_000_000_000_000, value < 9_000_000_000_000_000 else { return number(Double(value)) }
        beforeItem()
        // Digits written in place, last first, then swapped around: a
        // String for each of a schedule's 100,000 numbers cost 1,000
        // instructions a number, this a fifth of that.
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        var rest = value.magnitude
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        var low = start
        var high = bytes.count - 1
        while low < high {
            bytes.swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    public mutating func string(_ value: String) {
        beforeItem()
        writeString(value)
    }

    /// `value`, or null.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// A whole tree, as one value.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case let .bool(b): bool(b)
        case let .number(n): number(n)
        case let .string(s): string(s)
        case let .array(items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case let .object(members):
            beginObject()
            for (name, member) in members {
                key(name)
                self.value(member)
            }
            endObject()
        }
    }

    // MARK: Strings

    /// The one escaping routine. Runs of bytes that need no escape are
    /// copied whole: a schedule of 50,000 steps writes some 10 MB of names,
    /// byte by byte before.
    private mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { writeQuoted($0) }
    }

    private mutating func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = JSONWriter.firstToEscape(in: utf8, from: 0)
        while index < utf8.count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            writeEscape(utf8[index])
            runStart = index + 1
            index = JSONWriter.firstToEscape(in: utf8, from: runStart)
        }
        // Every other byte, UTF-8 sequences included, as it is.
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// The index of the first byte from `start` that needs an escape (a
    /// control character, a quote, a backslash); `utf8.count` when none
    /// does. Eight bytes at a time, as `ByteSearch` reads a file: a fifth
    /// less than byte by byte on a schedule's names.
    @inline(__always)
    private static func firstToEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= utf8.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                // The has-a-byte-below-n test for bytes below 0x20 (bytes of
                // 0x80 and more never mark), and `ByteSearch`'s for a quote
                // or a backslash. A borrow can mark bytes after a real match,
                // never before it, and the loop below finds the exact byte.
                let control = (word &- 0x0101_0101_0101_0101 &* 0x20) & ~word & 0x8080_8080_8080_8080
                let marks = control | ByteSearch.marks(of: UInt8(ascii: "\""), in: word)
                    | ByteSearch.marks(of: UInt8(ascii: "\\"), in: word)
                if marks != 0 { break }
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }

    private mutating func writeEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes += #"\""#.utf8
        case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
        case UInt8(ascii: "\n"): bytes += #"\n"#.utf8
        case UInt8(ascii: "\r"): bytes += #"\r"#.utf8
        case UInt8(ascii: "\t"): bytes += #"\t"#.utf8
        default:
            let hex = String(byte, radix: 16)
            bytes += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
        }
    }
}
