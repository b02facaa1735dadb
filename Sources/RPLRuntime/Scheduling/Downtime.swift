import RPLCheck

/// The outage a failback causes: from the moment a machine is shut down in
/// Azure to the moment it has booted on-premises. For a plan group, the
/// longest stretch of time during which some machine of the group is down:
/// a group failed back together is down from the first going down to the
/// last coming up; machines failed back hours apart are separate, shorter
/// outages. This, not the length of the whole plan (mostly replication
/// while Azure still serves the applications), is what a business calls
/// the recovery time.
public struct Downtime: Sendable, Equatable {
    public enum Subject: Sendable, Equatable, Hashable {
        case machine(String)
        case group(String)

        public var name: String {
            switch self {
            case let .machine(name), let .group(name): name
            }
        }
    }

    public var subject: Subject
    public var startSeconds: Int64
    public var endSeconds: Int64

    public init(subject: Subject, startSeconds: Int64, endSeconds: Int64) {
        self.subject = subject
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
    }

    public var seconds: Int64 { max(0, endSeconds - startSeconds) }

    /// Each plan group's (in the order written) then each machine's (in
    /// failback order) downtime. A group's machines are those it
    /// reprotects or fails back; a group with no failback has none.
    static func of(_ entries: [ScheduledStep], plan: EvaluatedPlan) -> [Downtime] {
        var machines: [Downtime] = []
        var machineIndex: [String: Int] = [:]
        for entry in entries {
            guard case let .failback(machine, _) = entry.step.action else { continue }
            if let index = machineIndex[machine] {
                // Failed back twice: the outage runs from the first going down to the last coming up.
                machines[index].startSeconds = min(machines[index].startSeconds, entry.startSeconds)
                machines[index].endSeconds = max(machines[index].endSeconds, entry.endSeconds)
            } else {
                machineIndex[machine] = machines.count
                machines.append(Downtime(subject: .machine(machine), startSeconds: entry.startSeconds, endSeconds: entry.endSeconds))
            }
        }
        // Only machines that fail back give their group an outage: a plan
        // of 50,000 reprotects and no failback collects no names at all.
        guard !machines.isEmpty else { return [] }
        var machinesOfGroup: [String: Set<String>] = [:]
        for entry in entries {
            guard let group = entry.step.group, let machine = entry.step.action.machine, machineIndex[machine] != nil else { continue }
            machinesOfGroup[group, default: []].insert(machine)
        }
        var groups: [Downtime] = []
        var seen = Set<String>()
        for group in plan.groups where seen.insert(group.name).inserted {
            let outages = (machinesOfGroup[group.name] ?? []).compactMap { machineIndex[$0].map { machines[$0] } }
            guard let longest = longestStretch(of: outages) else { continue }
            groups.append(Downtime(subject: .group(group.name), startSeconds: longest.start, endSeconds: longest.end))
        }
        return groups + machines
    }

    /// Overlapping (or touching) outages merged; the longest of the merged
    /// stretches, the first on a tie.
    private static func longestStretch(of outages: [Downtime]) -> (start: Int64, end: Int64)? {
        let sorted = outages.sorted { ($0.startSeconds, $0.endSeconds) < ($1.startSeconds, $1.endSeconds) }
        guard let first = sorted.first else { return nil }
        var current = (start: first.startSeconds, end: first.endSeconds)
        var longest = current
        for outage in sorted.dropFirst() {
            if outage.startSeconds <= current.end {
                current.end = max(current.end, outage.endSeconds)
            } else {
                current = (outage.startSeconds, outage.endSeconds)
            }
            if current.end - current.start > longest.end - longest.start { longest = current }
        }
        return longest
    }

    /// The longest outage; on a tie, the first listed (groups before machines).
    static func longest(_ downtimes: [Downtime]) -> Downtime? {
        var best: Downtime?
        for downtime in downtimes where downtime.seconds > (best?.seconds ?? -1) { best = downtime }
        return best
    }
}
