import RPLInventory

/// Small numbers for the records a plan's steps name (machines, master
/// targets), so that the rules' per-record tables are arrays instead of
/// dictionaries keyed by name.
///
/// The steps the evaluator builds read each record in place from the
/// inventory's array (`RecordSlot`, `PlannedReprotect.machine`), found
/// through the inventory's name index: a record's position there is then
/// its number, had without hashing its name. Steps built otherwise (tests
/// hand the rules records of their own) are numbered by name, in the order
/// met. On a 50k check, numbering by position saves ~39 M instructions, and
/// a 3 MB dictionary keyed by machine name at the rules' peak memory.
struct RecordNumbering {
    /// The inventory's name index when numbers are positions.
    private let positions: NameIndex?
    /// Name → number, when numbers are given by name.
    private var numberOfName: [String: Int] = [:]
    /// Numbers run from 0 to this (the inventory's count when they are positions).
    private(set) var count: Int

    /// Numbers that are positions in the inventory array indexed by `index`, of `count` records.
    init(positionsIndexedBy index: NameIndex, count: Int) {
        positions = index
        self.count = count
    }

    /// Numbers given by name, in the order met.
    init() {
        positions = nil
        count = 0
    }

    /// The number of a record found at `position` in the inventory's array
    /// (nil: not there), whose name is `name`.
    mutating func number(position: Int?, name: () -> String) -> Int {
        if positions != nil {
            guard let position else { preconditionFailure("records numbered by position, one outside the inventory's array") }
            return position
        }
        let name = name()
        if let known = numberOfName[name] { return known }
        numberOfName[name] = count
        count += 1
        return count - 1
    }

    /// The number of the record named `name`, if it has one.
    func number(ofName name: String) -> Int? { positions.map { $0[name] } ?? numberOfName[name] }
}

/// Whether two arrays are one storage (not merely equal): a record slot or
/// a planned reprotect reads from the inventory's own array.
func isSameStorage<Element>(_ a: [Element], _ b: [Element]) -> Bool {
    a.withUnsafeBufferPointer { first in b.withUnsafeBufferPointer { second in first.baseAddress == second.baseAddress } }
}
