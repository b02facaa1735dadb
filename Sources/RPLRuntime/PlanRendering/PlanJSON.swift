import RPLSource

/// `rpl plan --format json` (docs/cli.md, "JSON outputs"): one object with the plan's name, its
/// steps in start order, the RTO and the critical path. Every step has every
/// key, null where it does not apply, so that tools read one shape.
public enum PlanJSON {
    public static func render(_ schedule: Schedule) -> String {
        value(schedule).serialized(pretty: true) + "\n"
    }

    public static func value(_ schedule: Schedule) -> JSONValue {
        .object([
            ("plan", .string(schedule.plan.name)),
            ("steps", .array(schedule.entries.map(step))),
            ("rto_seconds", .number(Double(schedule.rtoSeconds))),
            ("critical_path", .array(schedule.criticalPath.map(JSONValue.string))),
        ])
    }

    static func step(_ entry: ScheduledStep) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
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
        ])
    }
}
