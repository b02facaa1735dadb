import Foundation
import RPLSource
import Testing

/// A plan of both architectures runs the whole cycle (reprotect, failback,
/// commit, protect) end to end, through the simulator and through the sample
/// exec provider, which receives every name Site Recovery needs.
@Suite("rpl run of a modernized reprotect, end to end", .serialized)
struct ModernizedRunCLITests {
    static let plan = """
        plan modernized version 1 <
          group app <
            reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            reprotect web using mt1 ps-azure datastore ds1
          >
          failback app
          commit all
          protect web using ps-onprem
          protect crm using ps-appliance01
        >
        """

    /// The demo inventory and the modernized machine `crm` (Tests/Fixtures/modernized-inventory.json).
    func setUp() throws -> (directory: URL, inventory: String, plan: String) {
        let directory = try makeWorkDirectory()
        let inventory = directory.appendingPathComponent("inventory.json")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Tests/Fixtures/modernized-inventory.json"), to: inventory)
        return (directory, inventory.path, try Fixtures.write(Self.plan, "modernized.rpl", in: directory))
    }

    @Test func throughTheSimulatorEveryStepIsDoneAndTheMachinesAreProtectedAgain() throws {
        let (directory, inventory, plan) = try setUp()
        let planned = try rpl(["plan", plan, "--inventory", inventory, "--now", Fixtures.now], in: directory)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains("agent ra-onprem01"))
        #expect(planned.stdout.contains("estimated for the original location"))
        let run = try rpl(["run", plan, "--inventory", inventory, "--now", Fixtures.now], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let id = try #require(runID(in: run.stdout))
        let database = try #require(databasePath(in: run.stdout))
        let journal = try jobs(id, database: database, in: directory)
        #expect(journal.status == "succeeded")
        #expect(journal.steps["app/reprotect/crm"] == "done")
        #expect(journal.steps["plan/failback/crm"] == "done")
        #expect(journal.steps.count == 8 && journal.steps.values.allSatisfy { $0 == "done" }, "\(journal.steps)")
        let states = try rpl(["inventory", "show", "machines", "--format", "json", "--inventory", database], in: directory)
        let machines = try JSONValue.parse(states.stdout).arrayValue ?? []
        for name in ["crm", "web"] {
            #expect(machines.first { $0["name"]?.stringValue == name }?["state"]?.stringValue == "protected", "\(name)")
        }
    }

    @Test func theExecProviderReceivesTheAgentTheApplianceTheLogStorageAccountAndThePolicy() throws {
        let (directory, inventory, plan) = try setUp()
        let record = directory.appendingPathComponent("requests.jsonl").path
        let run = try rpl(["run", plan, "--inventory", inventory, "--provider", "exec:\(recordProvider)", "--now", Fixtures.now],
                          in: directory, environment: ["RPL_RECORD_FILE": record, "RPL_PROVIDER_DELAY": "0.05"])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: record, encoding: .utf8)
        let requests = try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let crm = try #require(requests.first { $0["step"]?.stringValue == "app/reprotect/crm" })
        #expect(crm["action"]?.stringValue == "reprotect")
        #expect(crm["architecture"]?.stringValue == "modernized")
        #expect(crm["reprotect_agent"]?.stringValue == "ra-onprem01")
        #expect(crm["appliance"]?.stringValue == "appliance01")
        #expect(crm["datastore"]?.stringValue == "ds2")
        #expect(crm["log_storage_account"]?.stringValue == "lsa-failback")
        #expect(crm["policy"]?.stringValue == "failback-rcm")
        #expect(crm["location"]?.stringValue == "original")
        #expect(crm["master_target"] == nil)
        // The classic reprotect beside it keeps its keys.
        let web = try #require(requests.first { $0["step"]?.stringValue == "app/reprotect/web" })
        #expect(web["master_target"]?.stringValue == "mt1")
        #expect(web["architecture"] == nil)
        let commit = try #require(requests.first { $0["step"]?.stringValue == "plan/commit/crm" })
        #expect(commit["action"]?.stringValue == "commit")
        let failback = try #require(requests.first { $0["step"]?.stringValue == "plan/failback/crm" })
        #expect(failback["recovery_point"]?.stringValue == "crash-consistent")
        let protectWeb = try #require(requests.first { $0["step"]?.stringValue == "plan/protect/web" })
        #expect(protectWeb["architecture"]?.stringValue == "classic")
        #expect(protectWeb["process_server"]?.stringValue == "ps-onprem")
        #expect(protectWeb["policy"]?.stringValue == "forward-classic")
        let protectCRM = try #require(requests.first { $0["step"]?.stringValue == "plan/protect/crm" })
        #expect(protectCRM["appliance"]?.stringValue == "appliance01")
        #expect(protectCRM["policy"]?.stringValue == "forward-rcm")
        #expect(requests.count == 8)
    }
}
