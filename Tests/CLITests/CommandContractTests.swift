import Foundation
import Testing

/// docs/cli.md's promises about the commands themselves: exit statuses, the
/// JSON shapes, what reads and what writes.
// On CI (CI=true) a missing binary fails the suite instead of skipping it.
@Suite(.enabled(if: RPLBinary.path != nil || RPLBinary.onCI, "the rpl executable is not beside the test runner (swift build builds it)"))
struct CommandContractTests {
    static let card = "group app < reprotect web using mt1 ps-azure datastore ds1 >\n"

    func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func exitStatusesAreTheDocumentedOnes() throws {
        let directory = try makeWorkDirectory()
        let good = try write(Self.card, "card.rpl", in: directory)
        let bad = try write("group app < reprotect wbe using mt1 ps-azure datastore ds1 >\n", "bad.rpl", in: directory)
        #expect(try rpl(["check", good], in: directory).status == 0)
        #expect(try rpl(["check", "--syntax-only", good], in: directory).status == 0)
        #expect(try rpl(["check", bad], in: directory).status == 1)
        #expect(try rpl(["check", "--no-such-flag", good], in: directory).status == 2)
        #expect(try rpl(["check", directory.appendingPathComponent("missing.rpl").path], in: directory).status == 2)
        #expect(try rpl(["explain", "RP999"], in: directory).status == 2)
        #expect(try rpl(["check", "--inventory", "/nonexistent/inventory.sqlite", good], in: directory).status == 2)
    }

    /// Run-time findings (RP801 here) are diagnostics like the checker's:
    /// the one renderer, `PLACE: severity[CODE]: message`, not a hand-made line.
    @Test func runTimeFindingsAreRenderedAsDiagnostics() throws {
        let directory = try makeWorkDirectory()
        let good = try write(Self.card, "card.rpl", in: directory)
        let finished = try rpl(["run", good, "--fault", "agent-late:web=2m", "--now", Fixtures.now], in: directory)
        #expect(finished.status == 0, "\(finished.stderr)")
        let line = try #require(finished.stderr.split(separator: "\n").first { $0.contains("[RP801]") })
        #expect(line.contains("] run r") && line.contains(": warning[RP801]: "), "\(line)")
    }

    @Test func checkDiagnosticsAsJSON() throws {
        let directory = try makeWorkDirectory()
        let bad = try write("group app < reprotect wbe using mt1 ps-azure datastore ds1 >\n", "bad.rpl", in: directory)
        let finished = try rpl(["check", "--format", "json", bad], in: directory)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any])
        let first = try #require((document["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "RP101")
        #expect(first["severity"] as? String == "error")
        #expect(first["line"] as? Int == 1)
        #expect(first["column"] as? Int == 23)
        #expect((first["help"] as? String)?.contains("web") == true)
    }

    @Test func planAsJSONHasTheDocumentedShape() throws {
        let directory = try makeWorkDirectory()
        let card = try write(Self.card, "card.rpl", in: directory)
        let finished = try rpl(["plan", "--format", "json", card], in: directory)
        #expect(finished.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any])
        #expect(document["plan"] as? String == "card")
        #expect((document["rto_seconds"] as? Int ?? 0) > 0)
        #expect(document["critical_path"] as? [String] == ["app/reprotect/web"])
        let step = try #require((document["steps"] as? [[String: Any]])?.first)
        for key in ["id", "action", "machine", "group", "master_target", "process_server", "datastore", "retention",
                    "start_seconds", "end_seconds"] {
            #expect(step[key] != nil, "step has no \(key)")
        }
        #expect(step["retention"] as? String == "/mnt/retention")
    }

    @Test func checkNeverChangesTheDatabase() throws {
        let directory = try makeWorkDirectory()
        let card = try write(Self.card, "card.rpl", in: directory)
        let inventory = repositoryRoot.appendingPathComponent("Sources/RPLInventory/Resources/demo-inventory.json").path
        let database = directory.appendingPathComponent("estate.sqlite").path
        #expect(try rpl(["inventory", "import", inventory, "--db", database], in: directory).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        #expect(try rpl(["check", "--inventory", database, card], in: directory).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    @Test func jobsOnlyReadsAndAChangedInventoryIsNotImportedUnderAnUnfinishedRun() throws {
        let directory = try makeWorkDirectory()
        // Listing runs makes no database.
        let listed = try rpl(["jobs", "--format", "json"], in: directory)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\"runs\": []"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("rpl-demo.sqlite").path))

        // A run paused at a manual step is unfinished: its machines' states must survive.
        let plan = try write("group a <\n  reprotect web using mt1 ps-azure datastore ds1\n  manual ok \"confirm\"\n  reprotect api using mt2 ps-azure datastore ds1\n>\n",
                             "manual.rpl", in: directory)
        let source = repositoryRoot.appendingPathComponent("Sources/RPLInventory/Resources/demo-inventory.json")
        let inventory = directory.appendingPathComponent("estate.json")
        try FileManager.default.copyItem(at: source, to: inventory)
        #expect(try rpl(["run", plan, "--inventory", inventory.path], in: directory).status == 0)
        var text = try String(contentsOf: inventory, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"bandwidth_mbps\": 200", with: "\"bandwidth_mbps\": 300")
        try text.write(to: inventory, atomically: true, encoding: .utf8)
        let refused = try rpl(["plan", plan, "--inventory", inventory.path], in: directory)
        #expect(refused.status == 0, "plan reads the JSON itself and needs no run database")
        let run = try rpl(["run", plan, "--inventory", inventory.path], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("unfinished runs"))
    }
}
