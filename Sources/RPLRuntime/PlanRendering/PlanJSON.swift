import RPLSource

/// `rpl plan --format json` (docs/cli.md): one object with the plan's name,
/// its steps in start order, how long the whole plan takes, the downtime of
/// each group and machine, and the critical path. Every step has every key,
/// null where it does not apply, so that tools read one shape.
public enum PlanJSON {
    public static func render(_ schedule: Schedule) -> String {
        value(schedule).serialized(pretty: true) + "\n"
    }

    public static func value(_ schedule: Schedule) -> JSONValue {
        .object([
            ("plan", .string(schedule.plan.name)),
            ("steps", .array(schedule.entries.map(step))),
            ("completion_seconds", .number(Double(schedule.completionSeconds))),
            ("longest_downtime", schedule.longestDowntime.map(downtime) ?? .null),
            ("downtimes", .array(schedule.downtimes.map(downtime))),
            ("critical_path", .array(schedule.criticalPath.map(JSONValue.string))),
            // Deprecated: the first versions called the plan's completion
            // time its RTO; kept, with that meaning, for tools that read it.
            ("rto_seconds", .number(Double(schedule.completionSeconds))),
        ])
    }

    static func downtime(_ downtime: Downtime) -> JSONValue {
        var group: JSONValue = .null
        var machine: JSONValue = .null
        switch downtime.subject {
        case let .group(name): group = .string(name)
        case let .machine(name): machine = .string(name)
        }
        return .object([
            ("group", group),
            ("machine", machine),
            ("start_seconds", .number(Double(downtime.startSeconds))),
            ("end_seconds", .number(Double(downtime.endSeconds))),
            ("downtime_seconds", .number(Double(downtime.seconds))),
        ])
    }

    static func step(_ entry: ScheduledStep) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var members: [(String, JSONValue)] = [
            ("id", .string(entry.id)),
            ("action", .string(entry.step.action.kind.rawValue)),
            ("machine", text(entry.step.action.machine)),
            ("group", text(entry.step.group)),
            ("master_target", text(entry.masterTarget)),
            ("process_server", text(entry.processServer)),
            ("datastore", text(entry.datastore)),
            ("retention", text(entry.retention)),
            ("start_seconds", .number(Double(entry.startSeconds))),
            ("end_seconds", .number(Double(entry.endSeconds))),
            // A failback is downtime from start to end; nothing else is.
            ("downtime_seconds", entry.step.action.isFailback ? .number(Double(entry.endSeconds - entry.startSeconds)) : .null),
        ]
        // Only a reprotect through a reprotect agent has these: a classic plan's JSON keeps its keys.
        // Keys of one kind of step only: a classic plan's JSON keeps its keys.
        var own: [(String, JSONValue)] = []
        switch entry.action {
        case let .agentReprotect(r)?: own = r.paramsJSON
        case let .failback(_, recoveryPoint?)?: own = [("recovery_point", .string(recoveryPoint.rawValue))]
        case let .protect(p)?:
            own = [("architecture", .string(p.architecture.rawValue))]
            if let appliance = p.appliance { own.append(("appliance", .string(appliance))) }
            if let policy = p.policy { own.append(("policy", .string(policy))) }
        default: break
        }
        let present = Set(members.map(\.0))
        members += own.filter { !present.contains($0.0) }
        return .object(members)
    }
}
