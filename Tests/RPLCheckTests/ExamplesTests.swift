import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource
import RPLSyntax
import Testing

/// The examples of `examples/NAME/`: `plan.rpl` checked against its own
/// `inventory.json` → `check.out`, and for a plan without errors the dry
/// run → `plan.out`. `RPL_UPDATE_GOLDEN=1` rewrites the goldens.
/// `common-mistakes` is the one example that must fail; every other one
/// must check with no error.
struct ExamplesTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("examples")
    static let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z")!
    /// The examples that are meant to fail `rpl check`.
    static let failing: Set<String> = ["common-mistakes"]

    /// Every directory of `examples/` with a plan and an inventory.
    static var names: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
        return entries.filter { name in
            ["plan.rpl", "inventory.json"].allSatisfy {
                FileManager.default.fileExists(atPath: examples.appendingPathComponent(name).appendingPathComponent($0).path)
            }
        }.sorted()
    }

    struct Checked {
        var file: SourceFile
        var inventory: Inventory
        var result: CheckResult
    }

    static func check(_ name: String) throws -> Checked {
        let directory = examples.appendingPathComponent(name)
        let inventory = try InventoryJSON.decode(Array(try Data(contentsOf: directory.appendingPathComponent("inventory.json"))))
        let bytes = Array(try Data(contentsOf: directory.appendingPathComponent("plan.rpl")))
        let file = SourceFile(name: "examples/\(name)/plan.rpl", bytes: bytes)
        let result = Checker.check(Parser.parse(file), inventory: inventory, options: CheckOptions(now: now))
        return Checked(file: file, inventory: inventory, result: result)
    }

    @Test func everyScenarioOfTheReprotectGuideHasAnExample() {
        let expected = ["expressroute-onprem-ps", "vpn-azure-ps", "original-vm", "alternate-location",
                        "linux-windows-estate", "replication-group", "common-mistakes", "large-estate"]
        #expect(Set(expected).isSubset(of: Set(Self.names)), "missing: \(Set(expected).subtracting(Self.names).sorted())")
    }

    @Test(arguments: names)
    func checkOutput(_ name: String) throws {
        let checked = try Self.check(name)
        let diagnostics = checked.result.diagnostics
        var text = TextRenderer(color: false).render(diagnostics)
        if let summary = summaryLine(diagnostics) { text += summary + "\n" }
        try compare(text, Self.examples.appendingPathComponent(name).appendingPathComponent("check.out"))
        if Self.failing.contains(name) {
            #expect(diagnostics.hasErrors, "\(name) is meant to fail the check")
        } else {
            let errors = diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue): \($0.message)" }
            #expect(errors.isEmpty, "\(name) must check with no error:\n\(errors.joined(separator: "\n"))")
        }
    }

    /// Each example says in its header what it shows: the first line is a comment.
    @Test(arguments: names)
    func planStartsWithAHeaderComment(_ name: String) throws {
        let text = try String(contentsOf: Self.examples.appendingPathComponent(name).appendingPathComponent("plan.rpl"), encoding: .utf8)
        #expect(text.hasPrefix("# "), "\(name)/plan.rpl should open with a comment that says what it shows")
    }

    /// Every code that a comment of `common-mistakes` names is reported, at
    /// the statement the comment stands above (or, for estate-wide facts,
    /// anywhere in the plan).
    @Test func commonMistakesReportsEveryCodeItNames() throws {
        let checked = try Self.check("common-mistakes")
        let text = String(decoding: checked.file.bytes, as: UTF8.self)
        let promised = Set(text.matches(of: /RP\d{3}/).map { String(text[$0.range]) })
        let reported = Set(checked.result.diagnostics.map(\.code.rawValue))
        #expect(promised.count >= 30, "the catalogue of mistakes shrank: \(promised.sorted())")
        #expect(promised.subtracting(reported).isEmpty, "named in a comment but not reported: \(promised.subtracting(reported).sorted())")
        #expect(reported.subtracting(promised).isEmpty, "reported but not explained by a comment: \(reported.subtracting(promised).sorted())")
    }

    /// A comment `# RPxxx` directly above a statement: that statement's line
    /// carries a diagnostic with the code.
    @Test func commonMistakesReportsEachCodeWhereItsCommentSays() throws {
        let checked = try Self.check("common-mistakes")
        let lines = String(decoding: checked.file.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var byLine: [Int: Set<String>] = [:]
        for d in checked.result.diagnostics {
            byLine[checked.file.location(of: d.primary.span.start).line, default: []].insert(d.code.rawValue)
        }
        var pending: [String] = []
        var inHeader = true
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                // The header speaks of the whole plan; any other comment of
                // the statement right below it.
                if !inHeader { pending += trimmed.matches(of: /RP\d{3}/).map { String(trimmed[$0.range]) } }
                continue
            }
            if !trimmed.isEmpty { inHeader = false }
            guard !trimmed.isEmpty, !pending.isEmpty else { continue }
            let here = byLine[index + 1] ?? []
            for code in pending {
                #expect(here.contains(code), "line \(index + 1) `\(trimmed)` should report \(code); it reports \(here.sorted())")
            }
            pending = []
        }
    }

    @Test(arguments: names.filter { !failing.contains($0) })
    func planOutput(_ name: String) throws {
        let checked = try Self.check(name)
        let plan = try #require(checked.result.plan, "\(name) evaluates to a plan")
        let scheduled = Scheduler.schedule(plan, inventory: checked.inventory, options: ScheduleOptions(now: Self.now))
        // At the width `rpl plan` really prints when its output is a file.
        var text = PlanText(width: PlanText.defaultWidth, color: false).render(scheduled.schedule, inventory: checked.inventory)
        if !scheduled.diagnostics.isEmpty {
            text += "\n" + TextRenderer(color: false).render(scheduled.diagnostics)
        }
        #expect(!scheduled.diagnostics.hasErrors, "\(name): the scheduler refuses the plan")
        #expect(!scheduled.schedule.entries.isEmpty, "\(name): the plan has steps")
        try compare(text, Self.examples.appendingPathComponent(name).appendingPathComponent("plan.out"))
    }

    /// Every inventory follows the import format strictly, and every plan's
    /// names are the inventory's (no RP101 anywhere but where it is meant).
    @Test(arguments: names)
    func inventoryDecodes(_ name: String) throws {
        let url = Self.examples.appendingPathComponent(name).appendingPathComponent("inventory.json")
        let inventory = try InventoryJSON.decode(Array(try Data(contentsOf: url)))
        #expect(!inventory.machines.isEmpty)
        #expect(inventory.validationIssues().isEmpty)
    }

    // MARK: docs/language.md

    /// The ```rpl blocks of the language tour, each a whole program.
    static var tourBlocks: [(line: Int, text: String)] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8) else { return [] }
        var blocks: [(Int, String)] = []
        var current: [Substring]?
        var start = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```rpl" {
                current = []
                start = index + 2
            } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append((start, current!.joined(separator: "\n") + "\n"))
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }

    @Test func theTourHasExamples() {
        #expect(Self.tourBlocks.count >= 8, "docs/language.md should show the language in rpl blocks")
    }

    @Test(arguments: tourBlocks.map(\.line))
    func tourBlockParses(_ line: Int) throws {
        let block = try #require(Self.tourBlocks.first { $0.line == line })
        let tree = Parser.parse(name: "docs/language.md:\(line)", text: block.text)
        let rendered = TextRenderer(color: false).render(tree.diagnostics)
        #expect(tree.diagnostics.isEmpty, "the block at docs/language.md:\(line) does not parse cleanly:\n\(rendered)")
    }

    /// The tour's programs use the demo inventory's names: each one checks
    /// against it with no error, as `rpl check` with no `--inventory` would.
    @Test(arguments: tourBlocks.map(\.line))
    func tourBlockChecksAgainstTheDemoInventory(_ line: Int) throws {
        let block = try #require(Self.tourBlocks.first { $0.line == line })
        let tree = Parser.parse(name: "docs/language.md:\(line)", text: block.text)
        let result = Checker.check(tree, inventory: try DemoInventory.load(), options: CheckOptions(now: Self.now))
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "docs/language.md:\(line):\n\(TextRenderer(color: false).render(errors))")
    }

    func compare(_ actual: String, _ url: URL) throws {
        if ProcessInfo.processInfo.environment["RPL_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(url.path) differs; rerun with RPL_UPDATE_GOLDEN=1 to accept:\n\(actual)")
    }
}
