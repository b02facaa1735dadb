import RPLSource
import Testing

/// `Concurrently` is how rpl splits work over its cores: the pieces must
/// cover the whole job once, in order, and come back in order.
@Suite("Concurrently")
struct ConcurrentlyTests {
    @Test("ranges cover 0..<count once, in order, none empty or shorter than the minimum unless alone")
    func rangesCoverEverything() {
        for count in 0...60 {
            for parts in 1...8 {
                for minimum in [1, 2, 7, 100] {
                    let ranges = Concurrently.ranges(of: count, parts: parts, minimumLength: minimum)
                    #expect(ranges.flatMap { Array($0) } == Array(0..<count), "\(count) in \(parts), at least \(minimum)")
                    #expect(ranges.count <= parts)
                    #expect(ranges.allSatisfy { !$0.isEmpty && ($0.count >= minimum || ranges.count == 1) })
                    if count >= parts * minimum { #expect(ranges.count == parts) }
                }
            }
        }
    }

    @Test("map returns each piece's result at its index", arguments: [0, 1, 2, 3, 16])
    func mapKeepsOrder(count: Int) {
        let results = Concurrently.map(count) { index in (0...index).map { $0 * $0 }.reduce(0, +) }
        #expect(results == (0..<count).map { index in (0...index).map { $0 * $0 }.reduce(0, +) })
    }

    @Test("array makes each element at its index, in ranges or whole", arguments: [0, 1, 5, 1_000])
    func arrayKeepsOrder(count: Int) {
        for minimum in [1, 3, 10_000] {
            let made = Concurrently.array(count: count, minimumPerCore: minimum) { "element \($0)" }
            #expect(made == (0..<count).map { "element \($0)" })
        }
    }

    @Test("both returns each result in its place")
    func bothKeepsOrder() {
        let (text, number) = Concurrently.both({ String(repeating: "a", count: 3) }, { (1...10).reduce(0, +) })
        #expect(text == "aaa")
        #expect(number == 55)
    }
}
