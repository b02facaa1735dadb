import Dispatch
import Foundation

/// Raised once by Ctrl-C (or by a test); read by the executor between
/// events so it pauses at a resumable point instead of dying mid-step.
public final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var source: DispatchSourceSignal?

    public init() {}

    /// How many times it was raised: the second Ctrl-C stops waiting for
    /// in-flight steps (they stay `running` and are sent again on resume).
    public var raisedCount: Int { lock.withLock { count } }
    public var isRaised: Bool { raisedCount > 0 }

    public func raise() { lock.withLock { count += 1 } }

    /// Routes SIGINT to this flag instead of killing the process.
    public func catchSIGINT() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.raise() }
        source.resume()
        lock.withLock { self.source = source }
    }
}
