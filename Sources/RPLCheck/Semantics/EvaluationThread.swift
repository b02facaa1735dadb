import Foundation

/// Evaluation recurses (calls, nested expressions), and the thread a caller
/// happens to be on may have a small stack: Swift's cooperative threads,
/// which run tests and tasks, have 512 KiB. Evaluation runs on a thread of
/// its own whose stack holds `EvaluationLimits.maxEvaluationDepth` levels
/// with a wide margin (a debug build takes up to some 3 KiB a level).
enum EvaluationThread {
    static let stackBytes = 64 << 20

    static func run<Result>(_ work: @escaping () -> Result) -> Result {
        let box = Box<Result>(work: work)
        let thread = Thread { box.run() }
        thread.stackSize = stackBytes
        thread.start()
        box.done.wait()
        return box.result!
    }

    /// The work and its result, handed across the two threads; the
    /// semaphore orders the accesses.
    private final class Box<Value>: @unchecked Sendable {
        let work: () -> Value
        var result: Value?
        let done = DispatchSemaphore(value: 0)

        init(work: @escaping () -> Value) { self.work = work }

        func run() {
            result = work()
            done.signal()
        }
    }
}
