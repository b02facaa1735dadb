import Dispatch
import Foundation
import RPLSource

/// The primitives of the inventory snapshot's encoding: integers as
/// zig-zag LEB128 varints (most fields are small), a string as its number
/// in a table of the distinct strings written ahead of the records (an
/// estate repeats its hosts, datastores, versions and groups: each is
/// decoded once and shared), a string array likewise as its number in a
/// table of the distinct string arrays (most machines list the same
/// datastores: one shared array instead of an allocation each), an optional
/// as a presence byte, an enumeration as its case's position (the snapshot's
/// format key lists every case, so a reordered enumeration makes old
/// snapshots stale, never misread).
struct SnapshotWriter {
    private var bytes: [UInt8] = []
    private var stringTable: [String] = []
    private var stringNumbers: [String: Int] = [:]
    /// Each distinct string array, as its strings' numbers.
    private var stringArrayTable: [[Int]] = []
    private var stringArrayNumbers: [[String]: Int] = [:]

    /// The string table (count, then each string's byte count and UTF-8),
    /// the string array table (count, then each array's count and string
    /// numbers), then the records.
    func finished() -> [UInt8] {
        var table = SnapshotWriter()
        table.int(stringTable.count)
        for string in stringTable {
            var string = string
            string.withUTF8 { utf8 in
                table.int(utf8.count)
                table.bytes.append(contentsOf: utf8)
            }
        }
        table.int(stringArrayTable.count)
        for numbers in stringArrayTable {
            table.int(numbers.count)
            for number in numbers { table.int(number) }
        }
        return table.bytes + bytes
    }

    mutating func int(_ value: Int) {
        var zigzag = UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1))))
        while zigzag >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: zigzag) | 0x80)
            zigzag >>= 7
        }
        bytes.append(UInt8(zigzag))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) { int(number(of: value)) }

    /// The string's number in the string table, which it joins if new.
    private mutating func number(of string: String) -> Int {
        if let number = stringNumbers[string] { return number }
        stringNumbers[string] = stringTable.count
        stringTable.append(string)
        return stringTable.count - 1
    }

    mutating func strings(_ values: [String]) {
        if let number = stringArrayNumbers[values] { return int(number) }
        stringArrayNumbers[values] = stringArrayTable.count
        int(stringArrayTable.count)
        var numbers: [Int] = []
        for value in values { numbers.append(number(of: value)) }
        stringArrayTable.append(numbers)
    }

    mutating func double(_ value: Double) { uint64(value.bitPattern) }

    /// Eight bytes, little-endian: a value written before it is known (see `arrayInTwoParts`).
    private mutating func uint64(_ value: UInt64, at position: Int? = nil) {
        let position = position ?? bytes.count
        if position == bytes.count { bytes.append(contentsOf: repeatElement(0, count: 8)) }
        for byte in 0..<8 { bytes[position + byte] = UInt8(truncatingIfNeeded: value >> UInt64(8 * byte)) }
    }

    mutating func date(_ value: Date) { double(value.timeIntervalSince1970) }

    mutating func enumeration<E: SnapshotEnumeration>(_ value: E) {
        int(E.snapshotCases.firstIndex(of: value)!)
    }

    mutating func optional<T>(_ value: T?, _ write: (inout SnapshotWriter, T) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }

    mutating func array<T>(_ values: [T], _ write: (inout SnapshotWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }

    /// An array the reader decodes on two threads: the count, the number of
    /// elements in the first part, the first part's byte length, then the elements.
    mutating func arrayInTwoParts<T>(_ values: [T], firstPartCount: Int, _ write: (inout SnapshotWriter, T) -> Void) {
        int(values.count)
        int(firstPartCount)
        let lengthPosition = bytes.count
        uint64(0)
        for value in values[..<firstPartCount] { write(&self, value) }
        uint64(UInt64(bytes.count - lengthPosition - 8), at: lengthPosition)
        for value in values[firstPartCount...] { write(&self, value) }
    }
}

/// The snapshot ended early or holds a value this build cannot mean: the
/// caller falls back to the tables.
struct SnapshotDamaged: Error {}

/// Reads what `SnapshotWriter` wrote, straight from the bytes SQLite holds
/// (valid only while the statement stays on its row).
struct SnapshotReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var stringTable: [String] = []
    private var stringArrayTable: [[String]] = []

    /// Reads the string and string array tables; the records follow.
    init(_ bytes: UnsafeRawBufferPointer) throws(SnapshotDamaged) {
        self.bytes = bytes
        // Neither table says where its second half starts: passing over the
        // first half's entries finds it, for far less than decoding them.
        let stringCount = try elementCount()
        stringTable = try elements(stringCount, secondHalfAt: try offset(after: stringCount / 2) { r throws(SnapshotDamaged) in
            r.offset += try r.utf8Length()
        }) { r throws(SnapshotDamaged) in
            let length = try r.utf8Length()
            defer { r.offset += length }
            return String(decoding: UnsafeRawBufferPointer(rebasing: r.bytes[r.offset..<r.offset + length]), as: UTF8.self)
        }
        let arrayCount = try elementCount()
        stringArrayTable = try elements(arrayCount, secondHalfAt: try offset(after: arrayCount / 2) { r throws(SnapshotDamaged) in
            for _ in 0..<(try r.elementCount()) { _ = try r.int() }
        }) { r throws(SnapshotDamaged) in
            try r.array { r throws(SnapshotDamaged) in try r.string() }
        }
    }

    /// A count of elements, each at least a byte: a damaged count cannot reserve the earth.
    private mutating func elementCount() throws(SnapshotDamaged) -> Int {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw SnapshotDamaged() }
        return count
    }

    /// A string table entry's UTF-8 byte count (the bytes follow).
    private mutating func utf8Length() throws(SnapshotDamaged) -> Int {
        let length = try int()
        guard length >= 0, length <= bytes.count - offset else { throw SnapshotDamaged() }
        return length
    }

    /// Where the next `count` entries end, each passed over by `skip`.
    private func offset(after count: Int, skipping skip: (inout SnapshotReader) throws(SnapshotDamaged) -> Void)
        throws(SnapshotDamaged) -> Int {
        var probe = self
        for _ in 0..<count { try skip(&probe) }
        return probe.offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// Lets go of the string tables on another thread. They hold a reference
    /// to each string and string array the records share: their last release
    /// (6.5 M instructions for 50,000 machines) is then off the critical
    /// path of a check, which waits for the load.
    consuming func releaseTablesInBackground() {
        let tables = (stringTable, stringArrayTable)
        DispatchQueue.global().async { withExtendedLifetime(tables) {} }
    }

    @inline(__always)
    private mutating func byte() throws(SnapshotDamaged) -> UInt8 {
        guard offset < bytes.count else { throw SnapshotDamaged() }
        defer { offset += 1 }
        return bytes[offset]
    }

    @inline(__always)
    mutating func int() throws(SnapshotDamaged) -> Int {
        var zigzag: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            zigzag |= UInt64(next & 0x7F) << shift
            if next < 0x80 { break }
            shift += 7
            guard shift < 64 else { throw SnapshotDamaged() }
        }
        return Int(Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1))))
    }

    @inline(__always)
    mutating func bool() throws(SnapshotDamaged) -> Bool {
        switch try byte() {
        case 0: false
        case 1: true
        default: throw SnapshotDamaged()
        }
    }

    @inline(__always)
    mutating func string() throws(SnapshotDamaged) -> String {
        let number = try int()
        guard stringTable.indices.contains(number) else { throw SnapshotDamaged() }
        return stringTable[number]
    }

    /// A string array, shared with every other record that lists the same strings.
    mutating func strings() throws(SnapshotDamaged) -> [String] {
        let number = try int()
        guard stringArrayTable.indices.contains(number) else { throw SnapshotDamaged() }
        return stringArrayTable[number]
    }

    mutating func double() throws(SnapshotDamaged) -> Double { Double(bitPattern: try uint64()) }

    private mutating func uint64() throws(SnapshotDamaged) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw SnapshotDamaged() }
        // One load, not eight checked byte reads: a machine's date is one (3.35 -> 1.1 M instructions for 50,000 machines).
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func date() throws(SnapshotDamaged) -> Date { Date(timeIntervalSince1970: try double()) }

    @inline(__always)
    mutating func enumeration<E: SnapshotEnumeration>() throws(SnapshotDamaged) -> E {
        let position = try int()
        let cases = E.snapshotCases
        guard cases.indices.contains(position) else { throw SnapshotDamaged() }
        return cases[position]
    }

    mutating func optional<T>(_ read: (inout SnapshotReader) throws(SnapshotDamaged) -> T) throws(SnapshotDamaged) -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func array<T>(_ read: (inout SnapshotReader) throws(SnapshotDamaged) -> T) throws(SnapshotDamaged) -> [T] {
        let count = try elementCount()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    /// Below this many elements a second thread costs more than it saves.
    static let elementsWorthTwoThreads = 1_000

    /// Reads the element at a position into uninitialized memory; leaves it uninitialized when it throws.
    typealias Initializer<T> = (inout SnapshotReader, Int, UnsafeMutablePointer<T>) throws(SnapshotDamaged) -> Void

    /// What `SnapshotWriter.arrayInTwoParts` wrote, each element decoded in
    /// place by `initialize`. `besideFirstPart` runs before the first part,
    /// on its thread (the writer made that part the smaller).
    mutating func arrayInTwoParts<T>(initializing initialize: Initializer<T>, besideFirstPart: () -> Void)
        throws(SnapshotDamaged) -> [T] {
        let count = try elementCount()
        let firstCount = try int()
        guard firstCount >= 0, firstCount <= count else { throw SnapshotDamaged() }
        let firstLength = try uint64()
        guard firstLength <= UInt64(bytes.count - offset) else { throw SnapshotDamaged() }
        return try elements(count, firstPart: firstCount, secondPartAt: offset + Int(firstLength), initializing: initialize,
                            besideFirstPart: besideFirstPart)
    }

    /// `count` elements read as values, in halves (the string tables).
    private mutating func elements<T>(_ count: Int, secondHalfAt secondHalfStart: Int,
                                      _ read: (inout SnapshotReader) throws(SnapshotDamaged) -> T) throws(SnapshotDamaged) -> [T] {
        try elements(count, firstPart: count / 2, secondPartAt: secondHalfStart) { r, _, element throws(SnapshotDamaged) in
            element.initialize(to: try read(&r))
        }
    }

    /// `count` elements, the second part (from element `firstCount`) starting
    /// at byte `secondStart`. A large array's parts decode at once, each
    /// on its own thread, straight into the array's storage.
    private mutating func elements<T>(_ count: Int, firstPart firstCount: Int, secondPartAt secondStart: Int,
                                      initializing initialize: Initializer<T>, besideFirstPart: () -> Void = {})
        throws(SnapshotDamaged) -> [T] {
        var first = self
        var second = self
        second.offset = secondStart
        var damaged = false
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let firstPart = UnsafeMutableBufferPointer(rebasing: buffer[..<firstCount])
            let secondPart = UnsafeMutableBufferPointer(rebasing: buffer[firstCount...])
            var firstRead = false
            var secondRead = false
            func readFirst() {
                besideFirstPart()
                firstRead = first.elements(into: firstPart, from: 0, initialize)
            }
            if count < Self.elementsWorthTwoThreads {
                readFirst()
                secondRead = second.elements(into: secondPart, from: firstCount, initialize)
            } else {
                _ = Concurrently.both(readFirst, { secondRead = second.elements(into: secondPart, from: firstCount, initialize) })
            }
            // The first part must end where the second begins.
            if firstRead, secondRead, first.offset == secondStart {
                initialized = count
                return
            }
            if firstRead { firstPart.deinitialize() }
            if secondRead { secondPart.deinitialize() }
            damaged = true
        }
        if damaged { throw SnapshotDamaged() }
        offset = second.offset
        return values
    }

    /// Fills the buffer with elements read one after the other; false, with
    /// the buffer left uninitialized, when the bytes are damaged.
    private mutating func elements<T>(into buffer: UnsafeMutableBufferPointer<T>, from position: Int,
                                      _ initialize: Initializer<T>) -> Bool {
        var done = 0
        do throws(SnapshotDamaged) {
            while done < buffer.count {
                try initialize(&self, position + done, buffer.baseAddress! + done)
                done += 1
            }
            return true
        } catch {
            UnsafeMutableBufferPointer(rebasing: buffer[..<done]).deinitialize()
            return false
        }
    }
}
