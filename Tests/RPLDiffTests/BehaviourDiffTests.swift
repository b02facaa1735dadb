import Foundation
import RPLCheck
import RPLDiff
import RPLInventory
import RPLRuntime
import RPLSource
import RPLSyntax
import Testing

/// Two versions of a plan against the demo inventory, compared by what they do.
@Suite("rpl diff: what two versions of a plan do differently")
struct BehaviourDiffTests {
    static let inventory = try! DemoInventory.load()
    static let now = ISO8601.parse("2026-11-24T09:00:00Z")!

    static func behaviour(_ text: String, name: String = "plan.rpl", directory: URL? = nil) -> PlanBehaviour {
        let path = directory.map { $0.appendingPathComponent(name).path } ?? name
        let file = SourceFile(name: path, text: text)
        let checked = Checker.check(Parser.parse(file), inventory: inventory, options: CheckOptions(now: now))
        let plan = checked.plan!
        var diagnostics = checked.diagnostics
        var schedule: Schedule?
        if !diagnostics.contains(where: { $0.severity == .error }) {
            let scheduled = Scheduler.schedule(plan, inventory: inventory, options: ScheduleOptions(now: now))
            diagnostics += scheduled.diagnostics
            schedule = scheduled.schedule
        }
        return PlanBehaviour(plan: plan, schedule: schedule, diagnostics: diagnostics)
    }

    static func diff(_ old: String, _ new: String) -> BehaviourDiff {
        BehaviourDiff(old: behaviour(old), new: behaviour(new))
    }

    static let base = """
        plan contoso version 1 <
          let target = mt1
          group app <
            reprotect web using target ps-azure datastore ds1
            reprotect api using target ps-azure datastore ds1
          >
          group db after app <
            reprotect sql01 using mt-win ps-azure datastore ds-gold retention "R:"
          >
          failback app
          failback db
        >
        """

    @Test func formattingOnlyIsNoChangeInBehaviour() {
        let reformatted = """
            # the same plan, laid out differently
            plan contoso version 1 <
              let target = mt1
              group app < reprotect web using target ps-azure datastore ds1
                          reprotect api using target ps-azure datastore ds1 >
              group db after app < reprotect sql01 using mt-win ps-azure datastore ds-gold retention "R:" >
              failback app failback db
            >
            """
        let diff = Self.diff(Self.base, reformatted)
        #expect(diff.isSameBehaviour, "\(diff.changes)")
        #expect(DiffRendering(oldLabel: "a", newLabel: "b").text(diff).hasSuffix("no change in behaviour\n"))
    }

    @Test func renamingALetOrBumpingTheVersionIsNoChangeInBehaviour() {
        let renamed = Self.base.replacingOccurrences(of: "target", with: "linux-target")
            .replacingOccurrences(of: "version 1", with: "version 2")
        #expect(Self.diff(Self.base, renamed).isSameBehaviour)
    }

    @Test func aChangedLetChangesEveryParameterItReaches() {
        let changed = Self.base.replacingOccurrences(of: "let target = mt1", with: "let target = mt2")
        let changes = Self.diff(Self.base, changed).changes.filter { $0.section == .parameters }
        #expect(changes == [
            BehaviourChange(.parameters, .changed, subject: "web (reprotect)", field: "master target", before: "mt1", after: "mt2"),
            BehaviourChange(.parameters, .changed, subject: "api (reprotect)", field: "master target", before: "mt1", after: "mt2"),
        ])
    }

    @Test func aChangedFunctionOfAModuleIsAChangeOfThePlanThatImportsIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let plan = """
            import "site.rpl"
            plan contoso version 1 <
              group app < reprotect web using site-target() ps-azure datastore ds1 >
            >
            """
        try "fn site-target() < return mt1 >\n".write(to: directory.appendingPathComponent("site.rpl"), atomically: true, encoding: .utf8)
        let before = Self.behaviour(plan, directory: directory)
        try "fn site-target() < return mt2 >\n".write(to: directory.appendingPathComponent("site.rpl"), atomically: true, encoding: .utf8)
        let after = Self.behaviour(plan, directory: directory)
        let changes = BehaviourDiff(old: before, new: after).changes.filter { $0.section == .parameters }
        #expect(changes == [BehaviourChange(.parameters, .changed, subject: "web (reprotect)", field: "master target",
                                            before: "mt1", after: "mt2")])
    }

    @Test func machinesAddedAndRemovedAreSaidOnce() {
        let changed = Self.base.replacingOccurrences(of: "reprotect api using target ps-azure datastore ds1",
                                                     with: "reprotect fs01 using mt-win ps-azure datastore ds-gold retention \"R:\"")
        let diff = Self.diff(Self.base, changed)
        #expect(diff.changes.filter { $0.section == .machines } == [
            BehaviourChange(.machines, .added, subject: "fs01", after: "reprotect, failback"),
            BehaviourChange(.machines, .removed, subject: "api", before: "reprotect, failback"),
        ])
        // Their steps are not said again one by one.
        #expect(!diff.changes.contains { $0.section == .steps && ($0.subject.contains("fs01") || $0.subject.contains("api")) })
    }

    @Test func aMachineMovedToAnotherGroupAndTheGroupsOrder() {
        let changed = """
            plan contoso version 1 <
              let target = mt1
              group db <
                reprotect sql01 using mt-win ps-azure datastore ds-gold retention "R:"
                reprotect api using target ps-azure datastore ds1
              >
              group app after db <
                reprotect web using target ps-azure datastore ds1
              >
              failback app
              failback db
            >
            """
        let diff = Self.diff(Self.base, changed)
        let changes = diff.changes
        #expect(changes.contains(BehaviourChange(.groups, .changed, subject: "api (reprotect)", field: "group", before: "app", after: "db")))
        #expect(changes.contains { $0.subject == "group db" && $0.field == "after" })
        #expect(changes.contains { $0.subject == "group app" && $0.field == "after" })
        // The same notes are found, about the same machines, whichever machine a folded note names first.
        #expect(!changes.contains { $0.section == .diagnostics }, "\(changes)")
    }

    @Test func manualStepsAndWaitsAddedRemovedAndMoved() {
        let withManual = Self.base.replacingOccurrences(of: "  failback app\n", with: "  manual dns \"switch DNS\"\n  failback app\n")
        let added = Self.diff(Self.base, withManual).changes
        #expect(added.contains { $0.section == .steps && $0.kind == .added && $0.subject == "plan/manual/dns" })
        // Everything after a manual step waits for it: the failbacks moved.
        #expect(added.contains { $0.section == .steps && $0.kind == .changed && $0.subject == "web (failback)" && $0.field == "waits for" })
        let removed = Self.diff(withManual, Self.base).changes
        #expect(removed.contains { $0.section == .steps && $0.kind == .removed && $0.subject == "plan/manual/dns" })
        let waitChanged = Self.diff(withManual.replacingOccurrences(of: "  failback app\n", with: "  wait 1h\n  failback app\n"),
                                    withManual.replacingOccurrences(of: "  failback app\n", with: "  wait 2h\n  failback app\n"))
        #expect(waitChanged.changes.contains(BehaviourChange(.parameters, .changed, subject: "plan/wait/1", field: "duration",
                                                             before: "1:00:00", after: "2:00:00")))
    }

    @Test func failingBackAGroupInsteadOfEachMachineStartsThemTogether() {
        let eachMachine = Self.base.replacingOccurrences(of: "  failback app\n", with: "  failback web\n  failback api\n")
        let changes = Self.diff(eachMachine, Self.base).changes
        #expect(changes.contains(BehaviourChange(.steps, .changed, subject: "web (failback)", field: "starts together with",
                                                 before: "(on its own)", after: "group app")))
    }

    @Test func diagnosticsIntroducedAndFixed() {
        let broken = Self.base.replacingOccurrences(of: "reprotect web using target", with: "reprotect web using mt-win")
        let diff = Self.diff(Self.base, broken)
        #expect(diff.changes.contains { $0.section == .diagnostics && $0.kind == .added && $0.subject.hasPrefix("error[RP206]") })
        #expect(diff.changes.contains { $0.section == .schedule && $0.subject == "schedule" })
        #expect(Self.diff(broken, Self.base).changes.contains { $0.section == .diagnostics && $0.kind == .removed })
    }

    @Test func theScheduleFiguresBeforeAndAfter() {
        let moreData = Self.base.replacingOccurrences(of: "reprotect api using target ps-azure datastore ds1\n", with: "")
        let diff = Self.diff(Self.base, moreData)
        #expect(diff.changes.contains { $0.section == .schedule && $0.subject == "completion" })
    }

    @Test func theThreeRenderingsSayTheSame() throws {
        let changed = Self.base.replacingOccurrences(of: "let target = mt1", with: "let target = mt2")
        let diff = Self.diff(Self.base, changed)
        let rendering = DiffRendering(oldLabel: "HEAD~1:plan.rpl", newLabel: "plan.rpl")
        let text = rendering.text(diff)
        #expect(text.hasPrefix("plan contoso version 1: HEAD~1:plan.rpl -> plan.rpl\n"))
        #expect(text.contains("parameters\n  ~ web (reprotect), master target: mt1 -> mt2\n"))
        let markdown = rendering.markdown(diff)
        #expect(markdown.contains("| ~ | web (reprotect): master target | mt1 | mt2 |"))
        let json = try JSONValue.parse(rendering.json(diff))
        #expect(json["same_behaviour"] == .bool(false))
        #expect(json["old"]?["source"]?.stringValue == "HEAD~1:plan.rpl")
        let first = try #require(json["changes"]?.arrayValue?.first)
        #expect(first["section"]?.stringValue == "parameters")
        #expect(first["before"]?.stringValue == "mt1")
        #expect(json["changes"]?.arrayValue?.count == diff.changes.count)
    }
}
