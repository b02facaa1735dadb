import Foundation
import RPLCheck
import RPLInventory
@testable import RPLRuntime
import RPLSource
import RPLSyntax
import Testing

/// `PlanJSON` streams the schedule through `JSONWriter`; before, it built a
/// `JSONValue` tree and serialized it. The bytes must not have changed: the
/// tree rendering, kept here as it was, is the oracle, on the examples, on
/// generated plans, on names that need escapes and on numbers too large to
/// print as integers. The same bytes again when the steps are rendered in
/// parts on several threads.
@Suite("Plan JSON: streamed bytes equal the tree rendering")
struct PlanJSONStreamingTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func expectSameBytes(_ schedule: Schedule, _ what: String) {
        let streamed = PlanJSON.renderBytes(schedule)
        let tree = TreePlanJSON.value(schedule).serializedBytes(pretty: true) + [UInt8(ascii: "\n")]
        #expect(streamed == tree, "\(what): the streamed JSON differs from the tree's")
        // The steps cut into parts rendered side by side (one step a part
        // at least, as many parts as there are steps and more): the same bytes.
        for parts in [2, 3, 5, schedule.entries.count, schedule.entries.count + 1] where parts > 1 {
            let joined = Array(PlanJSON.renderParts(schedule, parts: parts, minimumStepsPerPart: 1).joined())
            #expect(joined == tree, "\(what): the JSON rendered in \(parts) parts differs from the tree's")
        }
    }

    @Test("every example's schedule")
    func examples() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("examples")
        var compared = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let dir = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: dir.appendingPathComponent("plan.rpl"), encoding: .utf8),
                  let json = FileManager.default.contents(atPath: dir.appendingPathComponent("inventory.json").path)
            else { continue }
            let inventory = try InventoryJSON.decode([UInt8](json))
            let now = ISO8601.parse("2026-11-24T09:00:00Z")!
            let checked = Checker.check(Parser.parse(name: "plan.rpl", text: text), inventory: inventory, options: CheckOptions(now: now))
            guard let plan = checked.plan else { continue }
            expectSameBytes(Scheduler.schedule(plan, inventory: inventory, options: ScheduleOptions(now: now)).schedule, name)
            compared += 1
        }
        #expect(compared >= 8)
    }

    @Test("generated plans over the demo inventory")
    func generatedPlans() throws {
        let inventory = try DemoInventory.load()
        var generator = PlanGenerator(seed: 0x150_5EED)
        for index in 0..<150 {
            let file = SourceFile(name: "generated\(index).rpl", text: generator.plan(name: "generated\(index)"))
            guard let plan = Checker.check(Parser.parse(file), inventory: inventory, options: CheckOptions()).plan else { continue }
            expectSameBytes(Scheduler.schedule(plan, inventory: inventory).schedule, file.name)
        }
    }

    @Test("a modernized reprotect's own keys (examples/modernized has protect and recovery points)")
    func everyKindOfStep() throws {
        let (schedule, _) = try AgentReprotectTests.schedule("""
            reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            failback crm
            """)
        expectSameBytes(schedule, "modernized")
    }

    @Test("names that need escapes")
    func escapes() {
        let plan = Fixture.plan([("q\"g", [])], [
            Fixture.reprotect("w\\eb\u{1}", group: "q\"g", using: "mt1"),
            Fixture.failback("w\\eb\u{1}", dependsOn: ["q\"g/reprotect/w\\eb\u{1}"]),
        ], name: "q\"uote\\back\nline\u{1}é 🚀")
        let inventory = Fixture.inventory(machines: [Fixture.machine("w\\eb\u{1}")])
        expectSameBytes(Scheduler.schedule(plan, inventory: inventory).schedule, "escapes")
    }

    @Test("seconds beyond what prints as an integer", arguments: [
        Int64(0), -1, 8_999_999_999_999_999, 9_000_000_000_000_000, -9_000_000_000_000_000, .max, .min + 1,
    ])
    func largeNumbers(seconds: Int64) {
        let plan = Fixture.plan([], [Fixture.failback("web", dependsOn: [])], name: "large")
        let step = ScheduledStep(step: plan.steps[0], waits: GraphStep(id: plan.steps[0].id, group: nil, dependsOn: []),
                                 action: .failback(machine: "web", recoveryPoint: nil), startSeconds: 0, endSeconds: seconds)
        expectSameBytes(Schedule(plan: plan, entries: [step], completionSeconds: seconds, criticalPath: [step.id]), "\(seconds)")
    }
}

/// The tree rendering `PlanJSON` replaced, as it was: the oracle only.
private enum TreePlanJSON {
    static func value(_ schedule: Schedule) -> JSONValue {
        .object([
            ("plan", .string(schedule.plan.name)),
            ("steps", .array(schedule.entries.map(step))),
            ("completion_seconds", .number(Double(schedule.completionSeconds))),
            ("longest_downtime", schedule.longestDowntime.map(downtime) ?? .null),
            ("downtimes", .array(schedule.downtimes.map(downtime))),
            ("critical_path", .array(schedule.criticalPath.map(JSONValue.string))),
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
            ("downtime_seconds", entry.step.action.isFailback ? .number(Double(entry.endSeconds - entry.startSeconds)) : .null),
        ]
        let present = Set(members.map(\.0))
        // The one kind of step's own keys are the rule PlanJSON keeps; only how they are written changed.
        members += PlanJSON.ownMembers(entry).filter { !present.contains($0.0) }
        return .object(members)
    }
}
