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
    /// Each machine's state now: the one source every line about the
    /// machine reads, so that a pending failback never claims "reprotected"
    /// while its reprotect is still running.
    public private(set) var machineStates: [String: MachineState] = [:]

    public init(steps: [ExecutableStep], journaled: [String: StepStatus] = [:]) {
        self.steps = steps
        for step in steps {
            let current = journaled[step.id] ?? .pending
            status[step.id] = current
            guard let machine = step.machine, let transition = step.transition else { continue }
            // Before its first step, a machine is where that step starts from;
            // the steps the journal has done moved it on, in plan order.
            if machineStates[machine] == nil { machineStates[machine] = transition.from }
            if current.isComplete { machineStates[machine] = transition.to }
        }
    }

    public mutating func apply(_ update: ExecutionUpdate) {
        switch update {
        case let .stepStarted(step, _, clock):
            status[step.id] = .running
            move(step) { $0.during }
            if started[step.id] == nil { started[step.id] = clock }
            self.clock = max(self.clock, clock)
        case let .stepWaiting(step, clock):
            status[step.id] = .waiting
            self.clock = max(self.clock, clock)
        case let .stepFinished(step, newStatus, _, clock):
            status[step.id] = newStatus
            switch newStatus {
            case .done, .skipped: move(step) { $0.to }
            case .failed, .pending: move(step) { $0.from }
            case .running, .waiting, .interrupted: break
            }
            ended[step.id] = clock
            self.clock = max(self.clock, clock)
        case let .event(event):
            lastMessage = event.message
            self.clock = max(self.clock, event.clock)
        case let .tick(clock):
            self.clock = max(self.clock, clock)
        }
    }

    /// The machine's new state, as the journal applies the same transition.
    private mutating func move(_ step: ExecutableStep, _ state: (MachineTransition) -> MachineState) {
        guard let machine = step.machine, let transition = step.transition else { return }
        machineStates[machine] = state(transition)
    }

    /// What the step's line shows: a running step, the machine's state; a
    /// step not running, its status with the machine's state now (one
    /// source for every line about the machine); manual and wait, their status.
    public func state(of step: ExecutableStep) -> String {
        let current = status[step.id] ?? .pending
        guard let machine = step.machine, let now = machineStates[machine] else { return current.rawValue }
        switch current {
        case .running: return now.rawValue
        case .done, .skipped, .failed, .pending, .waiting, .interrupted: return "\(current.rawValue) (\(machine) \(now.rawValue))"
        }
    }

    public func lines(width: Int = 100) -> [String] {
        var out: [String] = []
        // Groups in order of their first step, each with its steps: one pass, not one per group.
        var groups: [String] = []
        var membersOf: [String: [ExecutableStep]] = [:]
        for step in steps {
            let group = step.group ?? ""
            if membersOf[group] == nil { groups.append(group) }
            membersOf[group, default: []].append(step)
        }
        let done = steps.filter { status[$0.id]?.isComplete == true }.count
        out.append("elapsed \(Self.clock(clock))   \(done)/\(steps.count) steps done")
        for group in groups {
            let members = membersOf[group]!
            let groupDone = members.filter { status[$0.id]?.isComplete == true }.count
            out.append("\(group.isEmpty ? "(plan)" : group)  \(groupDone)/\(members.count)")
            for step in members {
                let what = step.machine.map { "\(step.kind.rawValue) \($0)" } ?? step.id
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
