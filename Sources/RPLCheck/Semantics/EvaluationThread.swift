import Foundation

/// Evaluation recurses (calls, nested expressions), and the thread a caller
/// happens to be on may have a small stack: Swift's cooperative threads,
/// which run tests and tasks, have 512 KiB. Evaluation runs on a thread of
/// its own whose stack holds `EvaluationLimits.maxEvaluationDepth` levels
/// with a wide margin (a debug build takes up to some 3 KiB a level).
enum EvaluationThread {
    static let stackBytes = 64 << 20

    /// `work(input)` on the evaluation thread. The input is moved to the
    /// work, not shared with it: a closure that captured it would hold a
    /// copy until it returned, and the work could not free what it is done
    /// with (the syntax tree, statement by statement).
    static func run<Input, Result>(handing input: consuming Input, _ work: @escaping (consuming Input) -> Result) -> Result {
        let box = Box<Input, Result>(input: input, work: work)
        let thread = Thread { box.run() }
        thread.stackSize = stackBytes
        thread.start()
        box.done.wait()
        return box.result!
    }

    /// The input, the work and its result, handed across the two threads;
    /// the semaphore orders the accesses.
    private final class Box<Input, Value>: @unchecked Sendable {
        var input: Input?
        let work: (consuming Input) -> Value
        var result: Value?
        let done = DispatchSemaphore(value: 0)

        init(input: consuming Input, work: @escaping (consuming Input) -> Value) {
            self.input = input
            self.work = work
        }

        func run() {
            result = work(input.take()!)
            done.signal()
        }
    }
}
