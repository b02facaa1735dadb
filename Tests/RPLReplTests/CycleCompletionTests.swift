import Foundation
import RPLPipeline
import RPLRepl
import Testing

/// Completion for the modernized reprotect and the end of the cycle, on the
/// demo inventory with the modernized machine `crm` (Tests/Fixtures/modernized-inventory.json).
@Suite struct CycleCompletionTests {
    func session() throws -> ReplSession {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/modernized-inventory.json")
        let workspace = try Workspace(inventoryPath: fixture.path, now: demoNow)
        return ReplSession(inventory: try workspace.readInventory(), workspace: workspace, provider: .sim(seed: 1, faults: []))
    }

    func complete(_ line: String) throws -> [String] {
        try session().complete(line: line, cursor: line.utf8.count)
    }

    @Test func afterUsingTheReprotectAgentsOfAModernizedMachinesVCenter() throws {
        #expect(try complete("reprotect crm using ") == ["ra-onprem01", "auto"])
        // A classic machine is offered no agent.
        #expect(try complete("reprotect web using ra") == [])
    }

    @Test func afterAnAgentItsDatastoresAndTheLogStorageAccounts() throws {
        #expect(try complete("reprotect crm using ra-onprem01 ") == ["datastore", "log-storage"])
        #expect(try complete("reprotect crm using ra-onprem01 datastore ") == ["ds1", "ds2"])
        #expect(try complete("reprotect crm using ra-onprem01 datastore ds2 log-storage ") == ["lsa-failback"])
        #expect(try complete("reprotect crm using ra-onprem01 datastore ds2 ") == ["log-storage"])
    }

    @Test func theNewStatementsAndTheirWords() throws {
        #expect(try complete("co") == ["commit"])
        #expect(try complete("pro") == ["protect"])
        #expect(try complete("failback crm ") == ["recovery-point"])
        #expect(try complete("failback crm recovery-point ") == ["crash-consistent", "app-consistent"])
        #expect(try complete("protect crm ") == ["using"])
        // Modernized: an appliance's process server; classic: an on-prem one of the configuration server.
        #expect(try complete("protect crm using ") == ["ps-appliance01"])
        #expect(try complete("protect web using ") == ["ps-onprem"])
        #expect(try complete("protect web using ps-onprem policy ") == ["forward-classic"])
    }
}
