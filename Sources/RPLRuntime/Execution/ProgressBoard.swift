import RPLInventory

/// What a run looks like right now, for the live display: per group, per
/// step, its state, how long it has run and how long it should still take
/// (from the scheduler's estimate). Pure text; the terminal redraws it.
public struct ProgressBoard: Sendable {
    public private(set) var steps: [ExecutableStep]
    public private(set) var status: [String: StepStatus] = [:]
    public private(set) var started: [String: Double] = [:]
    public private(set) var ended: [String: Double] = [:]
    public private(set) var lastMessage: String?
    public private(set) var clock: Double = 0

    public init(steps: [ExecutableStep], journaled: [String: StepStatus] = [:]) {
        self.steps = steps
        for step in steps { status[step.id] = journaled[step.id] ?? .pending }
    }

    public mutating func apply(_ update: ExecutionUpdate) {
        switch update {
        case let .stepStarted(step, _, clock):
            status[step.id] = .running
            if started[step.id] == nil { started[step.id] = clock }
            self.clock = max(self.clock, clock)
        case let .stepWaiting(step, clock):
            status[step.id] = .waiting
            self.clock = max(self.clock, clock)
        case let .stepFinished(step, newStatus, _, clock):
            status[step.id] = newStatus
            ended[step.id] = clock
            self.clock = max(self.clock, clock)
        case let .event(event):
            lastMessage = event.message
            self.clock = max(self.clock, event.clock)
        case let .tick(clock):
            self.clock = max(self.clock, clock)
        }
    }

    /// The machine state the step shows (docs/inventory.md, machine states), or the step's status for manual and wait.
    public func state(of step: ExecutableStep) -> String {
        let current = status[step.id] ?? .pending
        guard let transition = step.transition else { return current.rawValue }
        switch current {
        case .running: return transition.during.rawValue
        case .done, .skipped: return transition.to.rawValue
        case .failed: return "failed (\(transition.from.rawValue))"
        case .pending, .waiting: return "\(transition.from.rawValue), pending"
        }
    }

    public func lines(width: Int = 100) -> [String] {
        var out: [String] = []
        var groups: [String] = []
        for step in steps where !groups.contains(step.group ?? "") { groups.append(step.group ?? "") }
        let done = steps.filter { status[$0.id]?.isComplete == true }.count
        out.append("elapsed \(Self.clock(clock))   \(done)/\(steps.count) steps done")
        for group in groups {
            let members = steps.filter { ($0.group ?? "") == group }
            let groupDone = members.filter { status[$0.id]?.isComplete == true }.count
            out.append("\(group.isEmpty ? "(plan)" : group)  \(groupDone)/\(members.count)")
            for step in members {
                let what = step.machine.map { "\(step.actionName) \($0)" } ?? step.id
                var line = "  " + Self.pad(what, 28) + Self.pad(state(of: step), 26)
                if let start = started[step.id] {
                    let end = ended[step.id] ?? clock
                    let elapsed = max(0, end - start)
                    line += "elapsed " + Self.clock(elapsed)
                    if status[step.id] == .running {
                        line += "  remaining ~" + Self.clock(max(0, Double(step.estimatedSeconds) - elapsed))
                    }
                }
                out.append(String(line.prefix(width)))
            }
        }
        if let lastMessage { out.append(String(lastMessage.prefix(width))) }
        return out
    }

    public static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// H:MM:SS.
    public static func clock(_ seconds: Double) -> String {
        ClockFormat.duration(Scheduler.seconds(seconds))
    }
}
