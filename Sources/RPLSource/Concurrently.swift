import Dispatch
import Foundation

/// Independent pieces of one job run side by side on the machine's cores:
/// the one helper for it, for every phase that splits its work (rpl runs on
/// small machines, where the second core is otherwise idle).
public enum Concurrently {
    /// The cores work is spread over.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `body(0)`, `body(1)`, ... `body(count - 1)`, run on the machine's
    /// cores; their results in index order. Each call may read what the
    /// calls share and must write only its own state. One piece or none
    /// runs here, without starting a thread.
    public static func map<Value>(_ count: Int, _ body: (Int) -> Value) -> [Value] {
        guard count > 1 else { return (0..<count).map(body) }
        return Array(unsafeUninitializedCapacity: count) { results, initialized in
            // Each call initializes its own element; all have ended when concurrentPerform returns.
            nonisolated(unsafe) let slots = results
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: count) { (slots.baseAddress! + $0).initialize(to: body($0)) }
            }
            initialized = count
        }
    }

    /// `first()` and `second()`, side by side; both results.
    public static func both<First, Second>(_ first: () -> First, _ second: () -> Second) -> (First, Second) {
        var firstResult: First?
        var secondResult: Second?
        _ = map(2) { piece in
            if piece == 0 { firstResult = first() } else { secondResult = second() }
        }
        return (firstResult!, secondResult!)
    }

    /// `[element(0), ... element(count - 1)]`, made in one range of indices
    /// per core (see `ranges`), each element straight into its place.
    public static func array<Element>(count: Int, minimumPerCore: Int, _ element: (Int) -> Element) -> [Element] {
        let ranges = ranges(of: count, parts: cores, minimumLength: minimumPerCore)
        return Array(unsafeUninitializedCapacity: count) { elements, initialized in
            nonisolated(unsafe) let slots = elements
            _ = map(ranges.count) { part in
                for index in ranges[part] { (slots.baseAddress! + index).initialize(to: element(index)) }
            }
            initialized = count
        }
    }

    /// `0..<count` cut into at most `parts` ranges of nearly equal length,
    /// in order, none empty and none shorter than `minimumLength` (unless
    /// it is the only one): work too small to be worth a thread stays whole.
    public static func ranges(of count: Int, parts: Int, minimumLength: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, count / max(1, minimumLength)))
        guard count > 0 else { return [] }
        return (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) }
    }
}
