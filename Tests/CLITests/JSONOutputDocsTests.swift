import Foundation
import Testing

/// docs/cli.md, "JSON outputs": a table per output whose first column is a
/// key path (`diagnostics[].labels[].line`). These tests run the real
/// commands, collect every key path of what they print, and require a row
/// for each, so a key added to an output fails here until the page has it;
/// for the outputs whose every key the inputs reach (plan, jobs), a row
/// for a key that no longer exists fails too.
@Suite(.enabled(if: RPLBinary.path != nil || ProcessInfo.processInfo.environment["CI"] == "true",
                "the rpl executable is not beside the test runner (swift build builds it)"))
struct JSONOutputDocsTests {
    static let page = repositoryRoot.appendingPathComponent("docs/cli.md")

    /// A reprotect with a datastore, then a failback: every request key and
    /// every plan key with a value and with `null`.
    static let plan = """
        plan cut <
          group app <
            reprotect web using mt1 ps-azure datastore ds1
          >
          wait 1m
          failback web
        >
        """

    /// The first-column key paths of the table(s) under `### heading`.
    static func documentedKeys(under heading: String) throws -> Set<String> {
        let text = try String(contentsOf: page, encoding: .utf8)
        var keys = Set<String>()
        var inSection = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                inSection = line == "### \(heading)"
                continue
            }
            guard inSection, line.hasPrefix("| `") else { continue }
            let cell = line.dropFirst(3)
            if let end = cell.firstIndex(of: "`") { keys.insert(String(cell[..<end])) }
        }
        return keys
    }

    /// Every key path of a JSON document: `a`, `a[].b`, `a[].b[].c`.
    static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        var paths = Set<String>()
        if let object = value as? [String: Any] {
            for (key, member) in object {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                paths.insert(path)
                paths.formUnion(keyPaths(member, prefix: path))
            }
        } else if let array = value as? [Any] {
            for item in array { paths.formUnion(keyPaths(item, prefix: prefix + "[]")) }
        }
        return paths
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    func expectDocumented(_ observed: Set<String>, under heading: String, exactly: Bool) throws {
        let documented = try Self.documentedKeys(under: heading)
        #expect(!documented.isEmpty, "docs/cli.md has no '### \(heading)' table")
        let missing = observed.subtracting(documented)
        #expect(missing.isEmpty, "docs/cli.md, '\(heading)': no row for \(missing.sorted())")
        if exactly {
            let stale = documented.subtracting(observed)
            #expect(stale.isEmpty, "docs/cli.md, '\(heading)': rows for keys the output no longer has: \(stale.sorted())")
        }
    }

    @Test func everyKeyOfCheckJSONIsDocumented() throws {
        let directory = try makeWorkDirectory()
        // RP101 carries help, RP103 a secondary label.
        let bad = directory.appendingPathComponent("bad.rpl")
        try """
            group app < reprotect wbe using mt1 ps-azure datastore ds1 >
            group app < reprotect api using mt1 ps-azure datastore ds1 >
            """.write(to: bad, atomically: true, encoding: .utf8)
        let finished = try rpl(["check", "--format", "json", bad.path], in: directory)
        #expect(finished.status == 1)
        let observed = Self.keyPaths(try Self.json(finished.stdout))
        #expect(observed.contains("diagnostics[].help") && observed.contains("diagnostics[].labels[].message"))
        try expectDocumented(observed, under: "`rpl check --format json`", exactly: false)
    }

    @Test func everyKeyOfPlanJSONIsDocumented() throws {
        let directory = try makeWorkDirectory()
        let plan = directory.appendingPathComponent("cut.rpl")
        try Self.plan.write(to: plan, atomically: true, encoding: .utf8)
        let finished = try rpl(["plan", "--format", "json", plan.path], in: directory)
        #expect(finished.status == 0, "\(finished.stderr)")
        // A reprotect through a reprotect agent has keys of its own.
        let modernized = directory.appendingPathComponent("modernized.rpl")
        try """
            reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            failback crm
            commit crm
            protect crm using ps-appliance01

            """.write(to: modernized, atomically: true, encoding: .utf8)
        let inventory = repositoryRoot.appendingPathComponent("Tests/Fixtures/modernized-inventory.json").path
        let agent = try rpl(["plan", "--format", "json", modernized.path, "--inventory", inventory, "--now", Fixtures.now], in: directory)
        #expect(agent.status == 0, "\(agent.stderr)")
        let observed = Self.keyPaths(try Self.json(finished.stdout)).union(Self.keyPaths(try Self.json(agent.stdout)))
        #expect(observed.contains("steps[].reprotect_agent") && observed.contains("steps[].recovery_point"))
        try expectDocumented(observed, under: "`rpl plan --format json`", exactly: true)
    }

    @Test func everyKeyOfJobsJSONIsDocumented() throws {
        let directory = try makeWorkDirectory()
        let plan = directory.appendingPathComponent("cut.rpl")
        try Self.plan.write(to: plan, atomically: true, encoding: .utf8)
        // A failed step, so that its `error` is in the journal.
        let run = try rpl(["run", plan.path, "--fault", "fail:app/reprotect/web"], in: directory)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        let finished = try rpl(["jobs", "--format", "json"], in: directory)
        #expect(finished.status == 0, "\(finished.stderr)")
        let observed = Self.keyPaths(try Self.json(finished.stdout))
        #expect(observed.contains("runs[].steps[].error"))
        try expectDocumented(observed, under: "`rpl jobs --format json`", exactly: true)
    }

    @Test func everyKeyOfAnExecRequestIsDocumented() throws {
        let directory = try makeWorkDirectory()
        let plan = directory.appendingPathComponent("cut.rpl")
        try "group app < reprotect web using mt1 ps-azure datastore ds1 >\nfailback web\n"
            .write(to: plan, atomically: true, encoding: .utf8)
        let record = directory.appendingPathComponent("requests.jsonl")
        let run = try rpl(["run", plan.path, "--provider", "exec:\(recordProvider)"], in: directory,
                          environment: ["RPL_RECORD_FILE": record.path, "RPL_PROVIDER_DELAY": "0.01"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let lines = try String(contentsOf: record, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "one request per reprotect or failback step: \(lines)")
        var observed = Set<String>()
        for line in lines { observed.formUnion(Self.keyPaths(try Self.json(String(line)))) }
        try expectDocumented(observed, under: "The exec provider protocol", exactly: false)
    }
}
