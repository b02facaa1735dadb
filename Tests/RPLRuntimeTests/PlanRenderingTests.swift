import RPLCheck
import RPLInventory
@testable import RPLRuntime
import RPLSource
import Testing

@Suite("Plan rendering: text, Gantt chart and the JSON of docs/cli.md")
struct PlanRenderingTests {
    /// Three machines with no data on one master target with room for two, then a failback.
    func sample() -> (Schedule, Inventory) {
        let plan = Fixture.plan([("db", []), ("app", ["db"])], [
            Fixture.reprotect("sql", group: "db", using: "mt1", retention: "/mnt/retention"),
            Fixture.reprotect("web", group: "app", using: nil),
            Fixture.reprotect("api", group: "app", using: nil),
            Fixture.failback("web", dependsOn: ["app/reprotect/web"]),
        ], name: "contoso")
        let inventory = Fixture.inventory(machines: ["sql", "web", "api"].map { Fixture.machine($0, diskGB: 0) })
        let options = ScheduleOptions(capacity: Capacity(reprotectsPerMasterTarget: 1))
        return (Scheduler.schedule(plan, inventory: inventory, options: options).schedule, inventory)
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let (schedule, _) = sample()
        let json = try JSONValue.parse(PlanJSON.render(schedule))
        guard case let .object(members) = json else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["plan", "steps", "completion_seconds", "longest_downtime", "downtimes", "critical_path",
                                      "rto_seconds"])
        #expect(json["plan"]?.stringValue == "contoso")
        #expect(json["completion_seconds"]?.intValue == Int(schedule.completionSeconds))
        // Deprecated, documented as the completion time it always was.
        #expect(json["rto_seconds"]?.intValue == Int(schedule.completionSeconds))
        let web = try #require(schedule.entries.first { $0.id == "plan/failback/web" })
        let downtimes = json["downtimes"]?.arrayValue ?? []
        #expect(downtimes.count == 2)
        let app = downtimes.first { $0["group"]?.stringValue == "app" }
        #expect(app?["machine"] == .null)
        #expect(app?["start_seconds"]?.intValue == Int(web.startSeconds))
        #expect(app?["downtime_seconds"]?.intValue == Int(web.endSeconds - web.startSeconds))
        #expect(downtimes.contains { $0["machine"]?.stringValue == "web" && $0["group"] == .null })
        #expect(json["longest_downtime"]?["group"]?.stringValue == "app")
        #expect(json["critical_path"]?.arrayValue?.compactMap(\.stringValue) == schedule.criticalPath)
        let steps = json["steps"]?.arrayValue ?? []
        #expect(steps.count == schedule.entries.count)
        for (step, entry) in zip(steps, schedule.entries) {
            guard case let .object(keys) = step else { Issue.record("step is not an object"); continue }
            #expect(keys.map(\.0) == ["id", "action", "machine", "group", "master_target", "process_server", "datastore",
                                      "retention", "start_seconds", "end_seconds", "downtime_seconds"])
            let downtime = entry.step.action.kind == .failback ? JSONValue.number(Double(entry.endSeconds - entry.startSeconds)) : .null
            #expect(step["downtime_seconds"] == downtime)
            #expect(step["id"]?.stringValue == entry.id)
            #expect(step["start_seconds"]?.intValue == Int(entry.startSeconds))
            #expect(step["end_seconds"]?.intValue == Int(entry.endSeconds))
        }
        let sql = steps.first { $0["id"]?.stringValue == "db/reprotect/sql" }
        #expect(sql?["action"]?.stringValue == "reprotect")
        #expect(sql?["machine"]?.stringValue == "sql")
        #expect(sql?["group"]?.stringValue == "db")
        #expect(sql?["master_target"]?.stringValue == "mt1")
        #expect(sql?["process_server"]?.stringValue == "ps-azure")
        #expect(sql?["datastore"]?.stringValue == "ds1")
        #expect(sql?["retention"]?.stringValue == "/mnt/retention")
        let failback = steps.first { $0["action"]?.stringValue == "failback" }
        #expect(failback?["machine"]?.stringValue == "web")
        #expect(failback?["group"] == .null)
        #expect(failback?["master_target"] == .null)
    }

    @Test func jsonEscapesWhatNeedsEscaping() throws {
        let plan = Fixture.plan([], [Fixture.reprotect("web", using: "mt1")], name: "q\"uote\\back\nline\u{1}é")
        let schedule = Scheduler.schedule(plan, inventory: Fixture.inventory(machines: [Fixture.machine("web")])).schedule
        let rendered = PlanJSON.render(schedule)
        #expect(rendered.contains(#""plan": "q\"uote\\back\nline\u0001é""#))
        #expect(try JSONValue.parse(rendered)["plan"]?.stringValue == plan.name)
    }

    @Test func textShowsEachGroupsStepsWithTheirParametersAndWindows() {
        let (schedule, inventory) = sample()
        let text = PlanText(width: 80).render(schedule, inventory: inventory)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "plan contoso version 1")
        #expect(lines.contains("inventory: 3 machines, 1 master target, 2 process servers, 2 datastores, 2 ESXi hosts"))
        #expect(lines.contains("group app (after db)"))
        let setup = TimeModel.standardSetupSeconds
        let sqlLine = lines.first { $0.contains("reprotect") && $0.contains("sql") } ?? ""
        #expect(sqlLine.hasPrefix("  +0:00:00  " + ClockFormat.offset(setup)))
        #expect(sqlLine.hasSuffix("mt1            ps-azure        ds1        /mnt/retention"))
        #expect(lines.contains { $0.hasPrefix("completion: \(ClockFormat.duration(schedule.completionSeconds)) (\(schedule.completionSeconds) s) for the whole plan") })
        let web = schedule.entries.first { $0.id == "plan/failback/web" }!
        #expect(lines.contains("downtime (RTO): \(ClockFormat.duration(web.endSeconds - web.startSeconds)) at most, group app"))
        // web is app's: its own line would say the same again.
        #expect(lines.contains { $0.hasPrefix("  group app ") })
        #expect(!lines.contains { $0.hasPrefix("  machine web") })
        #expect(lines.contains("critical path (\(schedule.criticalPath.count) steps): " + schedule.criticalPath.joined(separator: " -> ")))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func ganttHasOneBarPerStepWithinTheWidth() {
        let (schedule, _) = sample()
        for width in [60, 100] {
            let chart = GanttChart(width: width).render(schedule)
            let bars = chart.split(separator: "\n").dropFirst().map(String.init)
            #expect(bars.count == schedule.entries.count)
            #expect(bars.allSatisfy { $0.count <= width })
            // The first step starts at the left edge; the last ends at the right one.
            let first = bars.first { $0.contains("db/reprotect/sql") } ?? ""
            #expect(first.split(separator: "|")[1].hasPrefix("#"))
            let last = bars.first { $0.contains("plan/failback/web") } ?? ""
            #expect(last.split(separator: "|")[1].hasSuffix("="))
            #expect(last.hasPrefix("*"))
        }
    }

    @Test func ganttOfAHugePlanHasOneBarPerGroup() {
        let names = (0...GanttChart.maxStepRows).map { "m\($0)" }
        let plan = Fixture.plan([("a", []), ("b", ["a"])], names.enumerated().map { index, name in
            Fixture.reprotect(name, group: index % 2 == 0 ? "a" : "b", using: nil)
        })
        let inventory = Fixture.inventory(machines: names.map { Fixture.machine($0, disks: 0) })
        let chart = GanttChart(width: 80).render(Scheduler.schedule(plan, inventory: inventory).schedule)
        let lines = chart.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.last == "(\(names.count) steps: one bar per group)")
    }

    @Test func colourOnlyWhenAsked() {
        let (schedule, inventory) = sample()
        #expect(PlanText(width: 80, color: true).render(schedule, inventory: inventory).contains("\u{1B}[1;31m"))
        #expect(!PlanText(width: 80, color: false).render(schedule, inventory: inventory).contains("\u{1B}"))
    }

    @Test func clockFormat() {
        #expect(ClockFormat.duration(0) == "0:00:00")
        #expect(ClockFormat.duration(3_661) == "1:01:01")
        #expect(ClockFormat.duration(100 * 3_600 + 59) == "100:00:59")
        #expect(ClockFormat.offset(300) == "+0:05:00")
    }
}
