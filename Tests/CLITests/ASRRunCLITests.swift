import Foundation
import RPLSource
import Testing

/// `rpl run --provider asr` with the real binary against the ARM stand-in
/// (Tests/ARMStandIn): the classic cycle, crashes between send and journal,
/// throttling, an expired token, a failed job, a refused request.
@Suite("rpl run --provider asr, end to end", .serialized,
       .enabled(if: (RPLBinary.path != nil && StandIn.python != nil) || RPLBinary.onCI, "needs the rpl binary and python3"))
struct ASRRunCLITests {
    static let vault = "/subscriptions/0d8a1c52-7f0e-4c1b-9c55-3b9c2f6f1a10/resourceGroups/dr-rg/providers/Microsoft.RecoveryServices/vaults/dr-vault"

    static func itemID(_ machine: String) -> String {
        "\(vault)/replicationFabrics/cs-fabric/replicationProtectionContainers/cloud_cs/replicationProtectedItems/\(machine)"
    }

    /// An inventory (the demo one unless named) with the ARM ids an ASR import would have given it.
    static func inventory(in directory: URL, from source: String = "Sources/RPLInventory/Resources/demo-inventory.json") throws -> String {
        let original = StandIn.repositoryRoot.appendingPathComponent(source)
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: original)) as? [String: Any])
        func identified(_ records: Any?, _ id: (String) -> String) -> [[String: Any]] {
            (records as? [[String: Any]] ?? []).map { record in
                var record = record
                record["arm_id"] = id(record["name"] as? String ?? "")
                return record
            }
        }
        json["machines"] = identified(json["machines"], itemID)
        json["master_targets"] = identified(json["master_targets"]) { "MT-\($0.uppercased())" }
        json["process_servers"] = identified(json["process_servers"]) { "PS-\($0.uppercased())" }
        json["failback_policies"] = identified(json["failback_policies"]) { "\(vault)/replicationPolicies/\($0)" }
        json["log_storage_accounts"] = identified(json["log_storage_accounts"]) {
            "/subscriptions/0d8a1c52/resourceGroups/dr-rg/providers/Microsoft.Storage/storageAccounts/\($0)"
        }
        json["replication_appliances"] = (json["replication_appliances"] as? [[String: Any]] ?? []).map { appliance in
            var appliance = appliance
            appliance["reprotect_agents"] = identified(appliance["reprotect_agents"]) { "RA-\($0.uppercased())" }
            return appliance
        }
        json["run_as_accounts"] = [["name": "vcenter-discovery", "arm_id": "2"]]
        let url = directory.appendingPathComponent("inventory.json")
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url.path
    }

    struct Setup {
        var directory: URL
        var inventory: String
        var plan: String
        var standIn: StandIn
    }

    func setUp(_ standInArguments: [String] = ["--polls-in-progress", "1"]) throws -> Setup {
        let directory = try makeWorkDirectory()
        return Setup(directory: directory, inventory: try Self.inventory(in: directory),
                     plan: try Fixtures.write(Fixtures.lifeCycle, "lifecycle.rpl", in: directory),
                     standIn: try StandIn(standInArguments))
    }

    func run(_ s: Setup, environment: [String: String] = ["AZURE_ACCESS_TOKEN": "standin-token"]) throws -> Finished {
        try rpl(["run", s.plan, "--inventory", s.inventory, "--now", Fixtures.now, "--provider", "asr", "--arm-endpoint", s.standIn.url],
                in: s.directory, environment: environment)
    }

    /// Accepted actions per "item/action": each must be 1 for exactly once.
    func accepted(_ standIn: StandIn) -> [String: Int] {
        var counts: [String: Int] = [:]
        for request in standIn.requests() where request.method == "POST" && request.status == 202 {
            let parts = request.path.split(separator: "/")
            counts["\(parts[parts.count - 2])/\(parts[parts.count - 1])", default: 0] += 1
        }
        return counts
    }

    static let lifecycleActions = ["web/reProtect", "api/reProtect", "sql01/reProtect",
                                   "web/unplannedFailover", "api/unplannedFailover", "sql01/unplannedFailover"]

    @Test("a classic plan runs through reprotect and failback, each action sent once and followed to its job's end")
    func classicCycle() throws {
        let s = try setUp()
        let result = try run(s)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(accepted(s.standIn) == Dictionary(uniqueKeysWithValues: Self.lifecycleActions.map { ($0, 1) }))
        let polls = s.standIn.requests().filter { $0.method == "GET" && $0.path.contains("/replicationJobs/") }
        #expect(polls.count >= 6 * 3, "every job polled until it ended")
        #expect(!result.stdout.contains("standin-token") && !result.stderr.contains("standin-token"))
        let id = try #require(runID(in: result.stdout))
        let database = try #require(databasePath(in: result.stdout))
        #expect(try jobs(id, database: database, in: s.directory).status == "succeeded")
    }

    static let classicCycle = """
        plan classic-cycle version 1 <
          group app <
            reprotect web using mt1 ps-azure datastore ds1
            reprotect api using mt1 ps-azure datastore ds1
          >
          failback app
          commit all
          protect all using ps-onprem policy forward-classic
        >
        """

    @Test("a classic plan through the whole cycle: reprotect, failback, commit, protect to Azure")
    func classicWholeCycle() throws {
        let s = try setUp()
        let plan = try Fixtures.write(Self.classicCycle, "cycle.rpl", in: s.directory)
        let result = try rpl(["run", plan, "--inventory", s.inventory, "--now", Fixtures.now, "--provider", "asr", "--arm-endpoint", s.standIn.url],
                             in: s.directory, environment: ["AZURE_ACCESS_TOKEN": "standin-token"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(accepted(s.standIn) == ["web/reProtect": 2, "api/reProtect": 2, "web/unplannedFailover": 1, "api/unplannedFailover": 1,
                                        "web/failoverCommit": 1, "api/failoverCommit": 1])
        let protects = s.standIn.requests().filter { $0.method == "POST" && $0.path.hasSuffix("/reProtect") }
            .compactMap { (($0.body as? [String: Any])?["properties"] as? [String: Any])?["providerSpecificDetails"] as? [String: Any] }
        #expect(protects.compactMap { $0["instanceType"] as? String }.sorted() == ["InMage", "InMage", "InMageAzureV2", "InMageAzureV2"])
    }

    @Test("a modernized plan through the whole cycle, as examples/modernized has it")
    func modernizedWholeCycle() throws {
        let directory = try makeWorkDirectory()
        let inventory = try Self.inventory(in: directory, from: "examples/modernized/inventory.json")
        let plan = directory.appendingPathComponent("plan.rpl").path
        try FileManager.default.copyItem(atPath: StandIn.repositoryRoot.appendingPathComponent("examples/modernized/plan.rpl").path, toPath: plan)
        let standIn = try StandIn(["--polls-in-progress", "1"])
        let result = try rpl(["run", plan, "--inventory", inventory, "--now", Fixtures.now, "--provider", "asr", "--arm-endpoint", standIn.url],
                             in: directory, environment: ["AZURE_ACCESS_TOKEN": "standin-token"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        var expected: [String: Int] = [:]
        for machine in ["shop-web", "stock-app", "stock-db", "report"] {
            expected["\(machine)/reProtect"] = 2
            expected["\(machine)/plannedFailover"] = 1
            expected["\(machine)/failoverCommit"] = 1
        }
        #expect(accepted(standIn) == expected)
        let kinds = standIn.requests().filter { $0.method == "POST" && $0.status == 202 }
            .compactMap { (($0.body as? [String: Any])?["properties"] as? [String: Any])?["providerSpecificDetails"] as? [String: Any] }
        #expect(kinds.filter { $0["instanceType"] as? String == "InMageRcm" }.count == 4)
        #expect(kinds.filter { $0["instanceType"] as? String == "InMageRcmFailback" }.count == 8)
        #expect(kinds.contains { $0["recoveryPointType"] as? String == "CrashConsistent" })
    }

    @Test("--dry-run prints every request with its body and sends nothing, with no token")
    func dryRun() throws {
        let s = try setUp()
        let result = try rpl(["run", s.plan, "--inventory", s.inventory, "--now", Fixtures.now, "--provider", "asr",
                              "--arm-endpoint", s.standIn.url, "--dry-run"], in: s.directory, environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("POST \(Self.itemID("web"))/reProtect?api-version="))
        #expect(result.stdout.contains("POST \(Self.itemID("sql01"))/unplannedFailover?api-version="))
        #expect(result.stdout.contains("\"masterTargetId\": \"MT-MT-WIN\""), "\(result.stdout)")
        #expect(result.stdout.contains("\"retentionDrive\": \"R\""))
        #expect(s.standIn.requests().isEmpty)
    }

    @Test("SIGKILL between about-to-send and job-journaled: resume follows or reconciles, never sends twice",
          arguments: ["before-send", "after-send", "after-journal"])
    func crashAndResume(_ point: String) throws {
        let s = try setUp()
        let first = try run(s, environment: ["AZURE_ACCESS_TOKEN": "standin-token", "RPL_ASR_CRASH_AT": point])
        #expect(first.status == 137 || first.status == 9 || first.status != 0, "rpl did not die at \(point)")
        let id = try #require(runID(in: first.stdout))
        let database = try #require(databasePath(in: first.stdout))
        let resume = try rpl(["resume", id, "--inventory", database], in: s.directory, environment: ["AZURE_ACCESS_TOKEN": "standin-token"])
        #expect(resume.status == 0, "\(point): \(resume.stdout)\n\(resume.stderr)")
        #expect(accepted(s.standIn) == Dictionary(uniqueKeysWithValues: Self.lifecycleActions.map { ($0, 1) }), "\(point)")
        if point == "after-send" { #expect(resume.stderr.contains("RP809"), "\(resume.stderr)") }
        #expect(try jobs(id, database: database, in: s.directory).status == "succeeded")
    }

    @Test("a 429 storm is ridden out with Retry-After")
    func throttleStorm() throws {
        let s = try setUp(["--polls-in-progress", "1", "--throttle-every", "2", "--throttle-burst", "1"])
        let result = try run(s)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(s.standIn.requests().filter { $0.status == 429 }.count >= 10)
        #expect(accepted(s.standIn).values.allSatisfy { $0 == 1 })
    }

    @Test("a token that expires mid-run is renewed through the service principal")
    func expiredToken() throws {
        let s = try setUp(["--polls-in-progress", "1", "--token-uses", "5"])
        let result = try run(s, environment: ["AZURE_TENANT_ID": "standin-tenant", "AZURE_CLIENT_ID": "standin-client",
                                              "AZURE_CLIENT_SECRET": "standin-secret", "AZURE_AUTHORITY_HOST": s.standIn.url])
        #expect(result.status == 0, "\(result.stderr)")
        let requests = s.standIn.requests()
        #expect(requests.filter { $0.path.hasSuffix("/oauth2/v2.0/token") }.count >= 3)
        #expect(requests.filter { $0.status == 401 }.count >= 2)
        #expect(!result.stderr.contains("standin-secret"))
    }

    @Test("a failed job fails its step with the job's errors (RP805); resume sends it again as a new job")
    func failedJob() throws {
        let s = try setUp(["--polls-in-progress", "1", "--fail-job", "/web/reProtect"])
        let result = try run(s)
        #expect(result.status == 1)
        #expect(result.stderr.contains("RP805"), "\(result.stderr)")
        #expect(result.stderr.contains("Recommended action: Check the master target"), "\(result.stderr)")
        let id = try #require(runID(in: result.stdout))
        let database = try #require(databasePath(in: result.stdout))
        #expect(try jobs(id, database: database, in: s.directory).steps.values.contains("failed"))
    }

    @Test("a request ARM refuses fails its step with ARM's code (RP806)")
    func forbidden() throws {
        let s = try setUp(["--polls-in-progress", "1", "--forbid", "/sql01/"])
        let result = try run(s)
        #expect(result.status == 1)
        #expect(result.stderr.contains("RP806") && result.stderr.contains("AuthorizationFailed"), "\(result.stderr)")
    }

    @Test("the REPL's :run goes through the same provider: the ARM requests shown, then sent once each")
    func replRun() throws {
        let s = try setUp()
        let repl = Process()
        repl.executableURL = URL(fileURLWithPath: try #require(RPLBinary.path))
        repl.arguments = ["repl", "--inventory", s.inventory, "--now", Fixtures.now, "--provider", "asr", "--arm-endpoint", s.standIn.url]
        repl.currentDirectoryURL = s.directory
        var environment = ProcessInfo.processInfo.environment
        environment["AZURE_ACCESS_TOKEN"] = "standin-token"
        environment["NO_COLOR"] = "1"
        repl.environment = environment
        let input = Pipe()
        let output = directoryFile(s.directory, "repl-out.txt")
        repl.standardInput = input
        repl.standardOutput = try FileHandle(forWritingTo: output)
        repl.standardError = repl.standardOutput
        try repl.run()
        input.fileHandleForWriting.write(Data(":load lifecycle.rpl\n:run\nlifecycle\n".utf8))
        try input.fileHandleForWriting.close()
        repl.waitUntilExit()
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(text.contains("POST \(Self.itemID("web"))/reProtect?api-version="), "\(text)")
        #expect(text.contains("succeeded: 6 of 6 steps done"), "\(text)")
        #expect(accepted(s.standIn) == Dictionary(uniqueKeysWithValues: Self.lifecycleActions.map { ($0, 1) }))
    }

    func directoryFile(_ directory: URL, _ name: String) -> URL {
        let url = directory.appendingPathComponent(name)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    @Test("a machine without its ARM id: the run does not start, and RP807 points once at the statement that needs it")
    func missingIDRefusesBeforeTheFirstRequest() throws {
        let s = try setUp()
        // The demo inventory as the user typed it: no arm_id on web.
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.inventory))) as? [String: Any])
        json["machines"] = (json["machines"] as? [[String: Any]] ?? []).map { machine in
            var machine = machine
            if machine["name"] as? String == "web" { machine["arm_id"] = nil }
            return machine
        }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: s.inventory))
        let plan = try Fixtures.write(Fixtures.webOnly, "web-only.rpl", in: s.directory)
        let result = try rpl(["run", plan, "--inventory", s.inventory, "--now", Fixtures.now, "--provider", "asr",
                              "--arm-endpoint", s.standIn.url], in: s.directory, environment: ["AZURE_ACCESS_TOKEN": "standin-token"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "error[RP807]").count == 2, "one RP807 for web:\n\(result.stderr)")
        #expect(result.stderr.contains("web-only.rpl:3:"), "at the reprotect of web (line 3):\n\(result.stderr)")
        #expect(result.stderr.contains("1 more step of the plan needs it too"), "\(result.stderr)")
        #expect(s.standIn.requests().isEmpty)
    }

    @Test("no token: the run does not start (RP808)")
    func noToken() throws {
        let s = try setUp()
        let result = try run(s, environment: ["PATH": "/nonexistent"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("RP808"), "\(result.stderr)")
        #expect(s.standIn.requests().isEmpty)
    }
}
