import RPLPipeline
import RPLRuntime
import Testing

@Suite struct ProviderSpecTests {
    @Test func theJournalNameParsesBackToTheSameProvider() {
        for spec in [ProviderSpec.sim(seed: 7, faults: []), .exec(command: "./provider --flag"),
                     .asr(endpoint: "https://management.azure.com"), .asr(endpoint: "https://management.usgovcloudapi.net")] {
            #expect(ProviderSpec(parsing: spec.journalName, seed: 7) == spec)
        }
        #expect(ProviderSpec(parsing: "exec:") == nil)
        #expect(ProviderSpec(parsing: "azure") == nil)
        #expect(ProviderSpec.exec(command: "x").changesRealSystems)
        #expect(ProviderSpec.asr(endpoint: "https://management.azure.com").changesRealSystems)
        // The default endpoint is not written out: a run journaled as `asr` resumes against Azure's public cloud.
        #expect(ProviderSpec(parsing: "asr") == .asr(endpoint: "https://management.azure.com"))
        #expect(ProviderSpec.asr(endpoint: "https://management.azure.com").journalName == "asr")
        #expect(ProviderSpec(parsing: "asr:") == nil)
        #expect(!ProviderSpec.sim(seed: 1, faults: []).changesRealSystems)
    }

    /// Every kind of fault names something of the run; a name that is not
    /// there is a usage error with the nearest names, not a rehearsal that
    /// "succeeds" without the fault.
    @Test(arguments: [
        ("fail:app/reprotect/web99", "app/reprotect/web"),
        ("mt-unreachable:mt-nope", nil),
        ("mt-unreachable:mt3", "mt1"),
        ("agent-late:nobody=5m", nil),
        ("agent-late:wbe=5m", "web"),
        ("ps-heartbeat:ps-azrue", "ps-azure"),
    ] as [(String, String?)])
    func faultsMustNameSomethingOfTheRun(fault: String, suggestion: String?) throws {
        let scratch = try Scratch()
        let workspace = try Workspace(inventoryPath: try scratch.demoJSON(), now: demoNow)
        let database = try workspace.location.openRunDatabase()
        let prepared = try workspace.prepareRun(plan(webPlan), in: database)
        let spec = ProviderSpec.sim(seed: 1, faults: [try SimFault(parsing: fault)])
        #expect {
            try workspace.startRun(prepared, planPath: "plan.rpl", in: database, provider: spec)
        } throws: { error in
            guard let failure = error as? PipelineFailure, failure.kind == .usage, let message = failure.message else { return false }
            return message.contains("there is no") && (suggestion.map { message.contains("did you mean '\($0)'") } ?? !message.contains("did you mean"))
        }
        #expect(try workspace.runs().runs.isEmpty, "nothing was journaled")
    }

    @Test func faultsThatNameTheRunAreAccepted() throws {
        let scratch = try Scratch()
        let workspace = try Workspace(inventoryPath: try scratch.demoJSON(), now: demoNow)
        let database = try workspace.location.openRunDatabase()
        let prepared = try workspace.prepareRun(plan(webPlan), in: database)
        let faults = try ["fail:app/reprotect/web", "mt-unreachable:mt2", "agent-late:web=1m", "ps-heartbeat:ps-azure@9h"].map(SimFault.init(parsing:))
        let active = try workspace.startRun(prepared, planPath: "plan.rpl", in: database, provider: .sim(seed: 1, faults: faults))
        #expect(try active.execute(observer: nil, interrupt: nil).result.status == .failed)
    }
}
