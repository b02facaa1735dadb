import RPLSource

/// `rpl plan --format json` (docs/cli.md): one object with the plan's name,
/// its steps in start order, how long the whole plan takes, the downtime of
/// each group and machine, and the critical path. Every step has every key,
/// null where it does not apply, so that tools read one shape.
///
/// Streamed through `JSONWriter` rather than built as a `JSONValue` tree
/// first: on 50,000 reprotects the tree cost 510 M instructions to build and
/// more to walk.
public enum PlanJSON {
    public static func render(_ schedule: Schedule) -> String {
        String(decoding: renderBytes(schedule), as: UTF8.self)
    }

    /// The same as UTF-8 bytes, in one array.
    public static func renderBytes(_ schedule: Schedule) -> [UInt8] {
        Array(renderParts(schedule).joined())
    }

    /// The same bytes in pieces, for `rpl plan` to write one after another
    /// as they are. The steps, nearly all of the bytes, are cut into one
    /// range per core, each rendered by its own writer on its own thread:
    /// on 50,000 reprotects that takes 220 M of the rendering's 440 M
    /// instructions off the main thread (measured per thread).
    public static func renderParts(_ schedule: Schedule) -> [[UInt8]] {
        renderParts(schedule, parts: Concurrently.cores, minimumStepsPerPart: 2_000)
    }

    /// `renderParts` with the steps in at most `parts` ranges of at least
    /// `minimumStepsPerPart` steps: fewer are not worth a thread.
    static func renderParts(_ schedule: Schedule, parts: Int, minimumStepsPerPart: Int) -> [[UInt8]] {
        var head = JSONWriter(pretty: true)
        head.beginObject()
        head.key("plan")
        head.string(schedule.plan.name)
        head.key("steps")
        head.beginArray()
        let entries = schedule.entries
        let ranges = Concurrently.ranges(of: entries.count, parts: parts, minimumLength: minimumStepsPerPart)
        let steps = Concurrently.map(ranges.count) { part in
            // About 400 bytes a step: one allocation, not two dozen doublings.
            var json = head.continuation(afterItems: part > 0, capacity: 400 * ranges[part].count)
            for index in ranges[part] { write(entries[index], to: &json) }
            return json.finish()
        }
        var tail = head.continuation(afterItems: !entries.isEmpty)
        tail.endArray()
        writeAfterSteps(schedule, to: &tail)
        tail.endObject()
        var end = tail.finish()
        end.append(UInt8(ascii: "\n"))
        return [head.finish()] + steps + [end]
    }

    /// The members after `steps`.
    static func writeAfterSteps(_ schedule: Schedule, to json: inout JSONWriter) {
        json.key("completion_seconds")
        json.number(schedule.completionSeconds)
        json.key("longest_downtime")
        if let longest = schedule.longestDowntime { write(longest, to: &json) } else { json.null() }
        json.key("downtimes")
        json.beginArray()
        for downtime in schedule.downtimes { write(downtime, to: &json) }
        json.endArray()
        json.key("critical_path")
        json.beginArray()
        for id in schedule.criticalPath { json.string(id) }
        json.endArray()
        // Deprecated: the first versions called the plan's completion
        // time its RTO; kept, with that meaning, for tools that read it.
        json.key("rto_seconds")
        json.number(schedule.completionSeconds)
    }

    static func write(_ downtime: Downtime, to json: inout JSONWriter) {
        var group: String?
        var machine: String?
        switch downtime.subject {
        case let .group(name): group = name
        case let .machine(name): machine = name
        }
        json.beginObject()
        json.member(.group, group)
        json.member(.machine, machine)
        json.member(.startSeconds, downtime.startSeconds)
        json.member(.endSeconds, downtime.endSeconds)
        json.member(.downtimeSeconds, downtime.seconds)
        json.endObject()
    }

    /// The keys every step has, written first in this order.
    static let stepKeys: Set<String> = ["id", "action", "machine", "group", "master_target", "process_server", "datastore",
                                        "retention", "start_seconds", "end_seconds", "downtime_seconds"]

    static func write(_ entry: ScheduledStep, to json: inout JSONWriter) {
        json.beginObject()
        json.member(.id, entry.id)
        json.member(.action, entry.step.action.kind.rawValue)
        json.member(.machine, entry.step.action.machine)
        json.member(.group, entry.step.group)
        json.member(.masterTarget, entry.masterTarget)
        json.member(.processServer, entry.processServer)
        json.member(.datastore, entry.datastore)
        json.member(.retention, entry.retention)
        json.member(.startSeconds, entry.startSeconds)
        json.member(.endSeconds, entry.endSeconds)
        // A failback is downtime from start to end; nothing else is.
        json.member(.downtimeSeconds, entry.step.action.isFailback ? entry.endSeconds - entry.startSeconds : nil)
        for (key, value) in ownMembers(entry) where !stepKeys.contains(key) {
            json.key(key)
            json.value(value)
        }
        json.endObject()
    }

    /// Keys of one kind of step only, after the keys every step has (those
    /// it repeats are left out): a classic plan's JSON keeps its keys.
    static func ownMembers(_ entry: ScheduledStep) -> [(String, JSONValue)] {
        switch entry.action {
        case let .agentReprotect(r)?: return r.paramsJSON
        case let .failback(_, recoveryPoint?)?: return [("recovery_point", .string(recoveryPoint.rawValue))]
        case let .protect(p)?:
            var own: [(String, JSONValue)] = [("architecture", .string(p.architecture.rawValue))]
            if let appliance = p.appliance { own.append(("appliance", .string(appliance))) }
            if let policy = p.policy { own.append(("policy", .string(policy))) }
            return own
        default: return []
        }
    }
}

/// The keys of every step and every downtime, quoted once: written
/// 550,000 times on 50,000 steps, escaping each again cost 81 M of the
/// rendering's 521 M instructions.
extension JSONWriter.Key {
    fileprivate static let id = Self("id")
    fileprivate static let action = Self("action")
    fileprivate static let machine = Self("machine")
    fileprivate static let group = Self("group")
    fileprivate static let masterTarget = Self("master_target")
    fileprivate static let processServer = Self("process_server")
    fileprivate static let datastore = Self("datastore")
    fileprivate static let retention = Self("retention")
    fileprivate static let startSeconds = Self("start_seconds")
    fileprivate static let endSeconds = Self("end_seconds")
    fileprivate static let downtimeSeconds = Self("downtime_seconds")
}
