/// Name → position of the first record of that name, for one array of
/// records: the inventory's lookup by name.
///
/// Why not `[String: Int]`: a dictionary keeps each name and position in
/// every bucket (24 bytes), and at most three buckets in four are used,
/// so 50,000 machine names took 131,072 buckets, 3.2 MB, of a check's peak
/// memory. This keeps the names once, in record order, and a table of
/// 4-byte positions (0.8 + 0.5 MB). Lookups hash the name once, as the
/// dictionary did, then compare it with the names the table points at.
public struct NameIndex: Sendable, Equatable {
    /// The records' names, in record order: a slot's position is checked against them.
    private let names: [String]
    /// Open addressing with linear probing: each slot a position in
    /// `names` plus one, 0 when empty. A power of two, at least twice the
    /// names, so that probes stay short.
    private let slots: [Int32]

    public init(_ names: [String]) {
        precondition(names.count < Int(Int32.max), "more records than a name index holds")
        self.names = names
        let capacity = max(2, 2 * names.count).nextPowerOfTwo
        let mask = capacity - 1
        var slots = [Int32](repeating: 0, count: capacity)
        for (position, name) in names.enumerated() {
            var slot = name.hashValue & mask
            while slots[slot] != 0 {
                // The first record of a name keeps it.
                if names[Int(slots[slot]) - 1] == name { break }
                slot = (slot + 1) & mask
            }
            if slots[slot] == 0 { slots[slot] = Int32(position + 1) }
        }
        self.slots = slots
    }

    /// The position of the first record named `name`; nil when none is.
    public subscript(name: String) -> Int? {
        let mask = slots.count - 1
        var slot = name.hashValue & mask
        while slots[slot] != 0 {
            let position = Int(slots[slot]) - 1
            if names[position] == name { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Two indexes are equal when they index the same names in the same
    /// order (the table follows from them).
    public static func == (left: NameIndex, right: NameIndex) -> Bool { left.names == right.names }
}

extension Int {
    /// The least power of two not below this (1 for 0 and 1).
    fileprivate var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
