import RPLInventory
import Testing

/// `NameIndex` keeps positions in its own table instead of a dictionary:
/// it must answer as `[String: Int]` built with "the first record of a
/// name wins" would, for names found and names missing.
@Suite struct NameIndexTests {
    /// Plain dictionary semantics, the rule the index keeps.
    static func firstPositions(_ names: [String]) -> [String: Int] {
        var first: [String: Int] = [:]
        for (position, name) in names.enumerated() where first[name] == nil { first[name] = position }
        return first
    }

    @Test func answersAsADictionaryOfFirstPositionsWould() {
        var generator = SystemRandomNumberGenerator()
        // Few distinct names make duplicates and long probe runs; sizes cross powers of two.
        for size in [0, 1, 2, 3, 7, 8, 9, 100, 1_000, 5_000] {
            for distinct in [1, 3, max(1, size / 2), max(1, size)] {
                let names = (0..<size).map { _ in "m\(Int.random(in: 0..<distinct, using: &generator))" }
                let index = NameIndex(names)
                let expected = Self.firstPositions(names)
                for (name, position) in expected { #expect(index[name] == position, "size \(size), \(name)") }
                for missing in ["", "m-1", "m\(distinct)", "M0", "m0 "] where expected[missing] == nil {
                    #expect(index[missing] == nil, "size \(size), \(missing)")
                }
            }
        }
    }

    /// Names longer than a string's inline storage, and ones that differ only at the end.
    @Test func longAndNearlyEqualNames() {
        let names = (0..<300).map { "replication-appliance-in-west-europe-\($0 % 150)" } + ["", "é", "e\u{301}"]
        let index = NameIndex(names)
        for (name, position) in Self.firstPositions(names) { #expect(index[name] == position, "\(name)") }
        #expect(index["replication-appliance-in-west-europe-150"] == nil)
    }

    @Test func equalWhenTheNamesAreTheSameInTheSameOrder() {
        #expect(NameIndex(["a", "b"]) == NameIndex(["a", "b"]))
        #expect(NameIndex(["a", "b"]) != NameIndex(["b", "a"]))
        #expect(NameIndex([]) == NameIndex([]))
    }
}
