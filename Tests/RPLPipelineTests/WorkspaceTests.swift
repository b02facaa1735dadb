import Foundation
import RPLPipeline
import RPLRuntime
import RPLSource
import RPLStore
import Testing

@Suite struct WorkspaceTests {
    @Test func aRunIsJournaledInTheDatabaseBesideTheJSONFile() throws {
        let scratch = try Scratch()
        let workspace = try Workspace(inventoryPath: try scratch.demoJSON(), now: demoNow)
        let database = try workspace.location.openRunDatabase()
        #expect(database.path == scratch.path("estate.sqlite"))
        let prepared = try workspace.prepareRun(plan(webPlan), in: database)
        let active = try workspace.startRun(prepared, planPath: "plan.rpl", in: database, provider: .sim(seed: 1, faults: []))
        let outcome = try active.execute(observer: nil, interrupt: nil)
        #expect(outcome.result.status == .succeeded)
        #expect(outcome.succeeded)
        let listing = try workspace.runs()
        #expect(listing.runs.map(\.id) == [active.runID])
        #expect(try database.store.loadInventory().machine("web")?.state == .failedBack)
    }

    @Test func aPlanWithNoStepsIsNotRun() throws {
        let workspace = Workspace(location: .demo, now: demoNow)
        #expect {
            try workspace.prepareRun(plan("plan empty version 1 <\n>\n"), inventory: try workspace.readInventory())
        } throws: { error in
            let failure = error as? PipelineFailure
            return failure?.kind == .plan && failure?.diagnostics.map(\.code) == [.RP710, .RP804]
        }
    }

    @Test func aDirectoryIsNotAnInventory() throws {
        let scratch = try Scratch()
        #expect {
            try Workspace(inventoryPath: scratch.url.path)
        } throws: { error in
            (error as? PipelineFailure)?.message?.contains("is a directory") == true
        }
    }

    /// A 0-byte file, or any file that is not an rpl database, is refused
    /// by every command before anything is written to it.
    @Test(arguments: [Data(), Data("not a database at all, just text\n".utf8)])
    func aFileThatIsNotAnRplDatabaseIsNeverTurnedIntoOne(contents: Data) throws {
        let scratch = try Scratch()
        let path = scratch.path("estate.sqlite")
        try contents.write(to: URL(fileURLWithPath: path))
        let workspace = try Workspace(inventoryPath: path, now: demoNow)
        #expect(throws: PipelineFailure.self) { try workspace.readInventory() }
        #expect {
            try workspace.location.openRunDatabase()
        } throws: { error in
            (error as? PipelineFailure)?.message?.contains("is not an rpl inventory database") == true
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == contents)
    }

    @Test func jobsAndResumeNameTheDatabaseTheyLookedInAndNeverCreateIt() throws {
        let scratch = try Scratch()
        let workspace = try Workspace(inventoryPath: try scratch.demoJSON(), now: demoNow)
        let listing = try workspace.runs()
        #expect(listing.runs.isEmpty)
        #expect(listing.databasePath == scratch.path("estate.sqlite"))
        #expect {
            try workspace.resume("r1", in: try workspace.existingRunDatabase())
        } throws: { error in
            (error as? PipelineFailure)?.message?.contains(scratch.path("estate.sqlite")) == true
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("estate.sqlite")))
    }

    /// SQLite's "unable to open database file" alone does not say which
    /// file: the run database made beside a JSON file is named. (A link to
    /// a folder that does not exist fails for root too, unlike a read-only folder.)
    @Test func aRunDatabaseThatCannotBeCreatedIsNamed() throws {
        let scratch = try Scratch()
        let json = try scratch.demoJSON()
        try FileManager.default.createSymbolicLink(atPath: scratch.path("estate.sqlite"), withDestinationPath: scratch.path("gone/estate.sqlite"))
        #expect {
            try Workspace(inventoryPath: json).location.openRunDatabase()
        } throws: { error in
            let message = (error as? PipelineFailure)?.message ?? ""
            return message.contains("cannot create the run database '\(scratch.path("estate.sqlite"))'") && message.contains(json)
        }
    }
}
