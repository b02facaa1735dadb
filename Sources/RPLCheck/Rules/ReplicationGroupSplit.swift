/// RP701, the one implementation of "a replication group is split across
/// master targets": the checker asks it about the master targets a plan
/// names, the scheduler about the ones it names, and a run, once more,
/// about the master targets its steps will really use (after `using auto`
/// was placed). Each gets the same words.
public enum ReplicationGroupSplit {
    public struct Member: Sendable, Equatable {
        /// The caller's index of the member's step (for its span).
        public var step: Int
        public var machine: String
        public var masterTarget: String

        public init(step: Int, machine: String, masterTarget: String) {
            self.step = step
            self.machine = machine
            self.masterTarget = masterTarget
        }
    }

    public struct Split: Sendable {
        /// The first member whose master target differs from the first member's.
        public var at: Member
        public var message: String
        /// The other members, each with what it uses.
        public var related: [(member: Member, message: String)]
        /// The master targets the members use, in plan order.
        public var targets: [String]
        /// Says what to do, without naming a master target: only the
        /// checker, which knows every rule, suggests one that fits.
        public var help: String
    }

    /// nil when every member uses one master target. `members` in plan order.
    public static func split(group: String, members: [Member]) -> Split? {
        guard let reference = members.first, let split = members.first(where: { $0.masterTarget != reference.masterTarget }) else {
            return nil
        }
        let targets = members.map(\.masterTarget).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return Split(
            at: split,
            message: "replication group \(quoted(group)) is split across master targets \(quotedList(targets)): \(quoted(split.machine)) uses \(quoted(split.masterTarget)) while \(quoted(reference.machine)) uses \(quoted(reference.masterTarget)); there is no common point in time",
            related: members.filter { $0 != split }.map { ($0, "\(quoted($0.machine)) uses \(quoted($0.masterTarget))") },
            targets: targets,
            help: "reprotect every member of \(quoted(group)) through the same master target")
    }
}
