import HeapModule
import RPLSource

/// An estate in memory: every step takes the scheduler's estimate (give or
/// take a tenth, drawn from `--seed`) on a virtual clock that jumps from one
/// reply to the next, so a six-hour plan runs in milliseconds and the same
/// `--seed` always gives the same run. Faults make it go wrong on purpose.
public final class SimProvider: Provider {
    public let seed: UInt64
    public let faults: [SimFault]
    public private(set) var now: Double = 0
    /// Every request received, in order (for tests and `--dry-run` style reports).
    public private(set) var received: [StepRequest] = []

    /// Replies to come, earliest first (ties: in the order sent).
    private struct Pending: Comparable {
        var time: Double
        var sequence: Int
        var reply: StepReply

        static func < (a: Pending, b: Pending) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: Pending, b: Pending) -> Bool { (a.time, a.sequence) == (b.time, b.sequence) }
    }
    private var pending = Heap<Pending>()
    private var sequence = 0
    private var failedOnce: Set<String> = []

    public init(seed: UInt64 = 1, faults: [SimFault] = []) {
        self.seed = seed
        self.faults = faults
    }

    public var description: String { "sim" }
    public var isSimulated: Bool { true }

    public func send(_ request: StepRequest) throws(ProviderError) {
        received.append(request)
        let step = request.step
        let duration = max(1, Double(step.estimatedSeconds) * jitter(step.id, attempt: request.attempt))
        let (delay, error) = outcome(of: step, attempt: request.attempt, duration: duration)
        sequence += 1
        pending.insert(Pending(time: now + delay, sequence: sequence, reply: StepReply(step: step.id, error: error)))
    }

    public func nextReply(until deadline: Double?, interrupt: InterruptFlag?) throws(ProviderError) -> StepReply? {
        guard let earliest = pending.min else {
            if let deadline { now = max(now, deadline) }
            return nil
        }
        if let deadline, earliest.time > deadline {
            now = max(now, deadline)
            return nil
        }
        let next = pending.removeMin()
        now = max(now, next.time)
        return next.reply
    }

    public func close() {}

    /// When the reply comes, and the error it carries (nil: success).
    private func outcome(of step: ExecutableStep, attempt: Int, duration: Double) -> (Double, String?) {
        for fault in faults {
            switch fault {
            case let .failStep(id) where id == step.id && !failedOnce.contains(id):
                failedOnce.insert(id)
                return (duration / 2, "injected failure of \(id)")
            case let .agentLate(machine, seconds) where step.machine == machine && now < seconds:
                if step.waitsForAgentRegistration {
                    return (5, "agent not installed on \(machine): it has not registered with the configuration server yet")
                }
            case let .processServerHeartbeatLost(ps, at) where step.processServer == ps && now + duration > at:
                return (max(0, at - now) + 30, "process server \(ps) has no heartbeat (it cannot reach the configuration server on port 443)")
            case let .masterTargetUnreachable(mt, at) where step.masterTarget == mt && now + duration > at:
                return (max(0, at - now) + 30, "master target \(mt) is unreachable")
            default:
                continue
            }
        }
        return (duration, nil)
    }

    /// 0.9 ... 1.1, a function of `--seed`, the step and the attempt only,
    /// so the order requests arrive in does not change any duration.
    private func jitter(_ step: String, attempt: Int) -> Double {
        var random = SplitMix64(seed: fnv1a64(step.utf8) ^ seed ^ (UInt64(attempt) &* 0x9e37_79b9_7f4a_7c15))
        return 0.9 + 0.2 * random.unit()
    }
}
