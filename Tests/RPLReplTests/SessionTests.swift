import Foundation
import RPLCheck
@testable import RPLRepl
import RPLSource
import Testing

@Suite struct SessionTests {
    @Test func bindingsPersistAcrossInputs() throws {
        let session = try demoSession()
        let bound = session.evaluate(#"let linux = machines where os == "linux""#)
        #expect(bound.accepted)
        #expect(bound.text == "linux = [web, api, erp-app, erp-db]\n")
        let used = session.evaluate("len(linux)")
        #expect(used.codes.isEmpty)
        #expect(used.text == "4\n")
    }

    @Test func functionsPersistAcrossInputs() throws {
        let session = try demoSession()
        let defined = session.evaluate("fn double(n) < return n * 2 >")
        #expect(defined.accepted)
        #expect(defined.text.contains("fn double(n)"))
        #expect(session.evaluate("double(21)").text == "42\n")
    }

    @Test func aBindingWithAnErrorIsNotKept() throws {
        let session = try demoSession()
        let broken = session.evaluate("let x = wbe")
        #expect(!broken.accepted)
        #expect(broken.codes == ["RP101"])
        #expect(broken.text.contains("did you mean"))
        #expect(session.evaluate("x").codes == ["RP101"])
    }

    @Test func anExpressionAlonePrintsItsValue() throws {
        let session = try demoSession()
        let output = session.evaluate(#"machines where os == "linux""#)
        #expect(output.text == "[web, api, erp-app, erp-db]\n")
        #expect(!output.accepted)
        #expect(session.acceptedInputs.isEmpty)
    }

    @Test func typeOfAnExpression() throws {
        let session = try demoSession()
        #expect(session.evaluate(#":type machines where os == "windows""#).text == "a list of 2 machines\n")
        #expect(session.evaluate(":type mt1").text == "a master target\n")
        #expect(session.evaluate(":type 15m").text == "a duration\n")
    }

    /// RP703: a replication group is reprotected only through a recovery plan.
    @Test func loneReprotectOfAReplicationGroupMemberIsRefused() throws {
        let session = try demoSession()
        let output = session.evaluate("reprotect erp-app using mt1 ps-azure datastore ds1")
        #expect(output.codes == ["RP703"])
        #expect(!output.accepted)
        let diagnostic = try #require(output.diagnostics.first)
        #expect(diagnostic.help.contains { $0.contains("erp-db") })
        #expect(!diagnostic.help.contains { $0.contains("'erp-app'") && !$0.hasPrefix("reprotect") })
        // The caret sits under the machine, in the input as typed.
        #expect(diagnostic.primary.file.name == "<repl:1>")
        #expect(diagnostic.primary.line == 1 && diagnostic.primary.column == 11)
        #expect(output.text.contains("<repl:1>:1:11: error[RP703]"))
        #expect(output.text.contains("1 | reprotect erp-app using mt1 ps-azure datastore ds1\n  |           ^^^^^^^"))
    }

    @Test func loneReprotectOfAnOrdinaryMachineIsAccepted() throws {
        let session = try demoSession()
        let output = session.evaluate("reprotect web using mt1 ps-azure datastore ds1")
        #expect(output.accepted)
        #expect(!output.diagnostics.hasErrors)
        #expect(output.text.contains("reprotect web using mt1 ps-azure datastore ds1"))
    }

    /// Inside a typed group, the input is a plan: both members together check clean.
    @Test func aTypedGroupIsAPlan() throws {
        let session = try demoSession()
        let both = session.evaluate("""
            group erp <
              reprotect erp-app using mt1 ps-azure datastore ds1
              reprotect erp-db using mt1 ps-azure datastore ds1
            >
            """)
        #expect(!both.codes.contains("RP703"))
        #expect(both.accepted)
        let partial = try demoSession().evaluate("group erp < reprotect erp-app using mt1 ps-azure datastore ds1 >")
        #expect(partial.codes == ["RP702"])
    }

    @Test func onlyDiagnosticsOfTheNewInputAreShown() throws {
        let session = try demoSession()
        // Accepted with a warning (static IP or similar notes are the input's own).
        #expect(session.evaluate("let target = mt1").accepted)
        let second = session.evaluate("let other = mt-wni")
        #expect(second.codes == ["RP101"])
        let diagnostic = try #require(second.diagnostics.first)
        #expect(diagnostic.primary.file.name == "<repl:2>")
        #expect(diagnostic.primary.column == 13)
    }

    @Test func diagnosticsSpanningEarlierInputsPointIntoThem() throws {
        let session = try demoSession()
        #expect(session.evaluate("group app < reprotect web using mt1 ps-azure datastore ds1 >").accepted)
        let again = session.evaluate("group more < reprotect web using mt2 ps-azure datastore ds1 >")
        #expect(again.codes == ["RP105"])
        let diagnostic = try #require(again.diagnostics.first)
        #expect(diagnostic.primary.file.name == "<repl:2>")
        #expect(diagnostic.secondary.first?.file.name == "<repl:1>")
        #expect(diagnostic.secondary.first?.column == 23)
    }

    @Test func syntaxErrorsAreReportedAgainstTheInput() throws {
        let session = try demoSession()
        let output = session.evaluate("reprotect web using")
        #expect(output.codes == ["RP001"])
        #expect(output.text.hasPrefix("<repl:1>:1:"))
    }

    @Test func resetForgetsTheSession() throws {
        let session = try demoSession()
        #expect(session.evaluate("let x = 1").accepted)
        #expect(session.evaluate(":reset").text.contains("reset"))
        #expect(session.evaluate("x").codes == ["RP101"])
    }

    @Test func loadAddsAFilesStatements() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("app.rpl").path
        try "let ds = ds1\nplan app version 1 <\n  group app < reprotect web using mt1 ps-azure datastore ds >\n>\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let session = try demoSession()
        let loaded = session.evaluate(":load \(path)")
        #expect(loaded.accepted, "\(loaded.text)")
        #expect(session.evaluate("ds").text.hasPrefix("datastore ds1\n"), "a bare name prints the record it stands for")
        let check = session.evaluate(":check")
        #expect(check.text.contains("1 step in 1 group"))
        // A second reprotect of web, typed: its secondary label points into the file.
        let twice = session.evaluate("group again < reprotect web using mt1 ps-azure datastore ds1 >")
        #expect(twice.codes == ["RP105"])
        #expect(twice.diagnostics.first?.secondary.first?.file.name == path)
        #expect(twice.diagnostics.first?.secondary.first?.line == 3)
    }

    @Test func definitionsAloneAreNoEmptyPlanButCheckingNothingIs() throws {
        let session = try demoSession()
        let binding = session.evaluate("let ds = ds1")
        #expect(binding.accepted)
        #expect(binding.codes.isEmpty, "an input of definitions is no plan yet: \(binding.text)")
        #expect(session.evaluate(":check").text.contains("RP710"))
    }

    @Test func checkPlanAndRunTheSession() throws {
        let session = try demoSession()
        #expect(session.evaluate("group app < reprotect web using mt1 ps-azure datastore ds1 >").accepted)
        #expect(session.evaluate("failback app").accepted)
        #expect(session.evaluate(":check").text.contains("2 steps in 1 group"))
        let plan = session.evaluate(":plan").text
        #expect(plan.contains("web"))
        #expect(plan.contains("mt1"))
        let run = session.evaluate(":run").text
        #expect(run.contains("succeeded"), "\(run)")
        #expect(session.inventory.machine("web")?.state == .failedBack)
        // The plan ran: its statements left the session, and web is back on-premises.
        #expect(session.acceptedInputs.isEmpty)
        // The run is journaled in the session's database, as `rpl run` journals: `rpl jobs` sees it.
        let listing = try session.workspace.runs()
        #expect(listing.runs.count == 1 && listing.runs.first?.status == .succeeded)
        #expect(session.evaluate(":jobs").text.contains(try #require(listing.runs.first?.id)))
        #expect(session.evaluate("reprotect web using mt1 ps-azure datastore ds1").codes == ["RP201"])
    }

    @Test func explainAndHelp() throws {
        let session = try demoSession()
        #expect(session.evaluate(":explain rp703").text.contains("RP703"))
        #expect(session.evaluate(":explain RP999").text.contains("unknown diagnostic code"))
        let help = session.evaluate(":help").text
        for command in MetaCommand.allCases { #expect(help.contains(":" + command.rawValue)) }
        #expect(session.evaluate(":q").quit)
        #expect(session.evaluate(":frob").text.contains("unknown command"))
    }

    @Test func inventoryListsRecordsOfAKind() throws {
        let session = try demoSession()
        let targets = session.evaluate(":inventory master-targets").text
        #expect(targets.hasPrefix("master-targets (3)\n"))
        #expect(targets.contains("mt-win"))
        #expect(!targets.contains("ps-azure"))
    }
}

@Suite struct InputTests {
    @Test func openBlocksAreCountedOnTokens() {
        #expect(InputBalance.openBlocks(in: "group app <") == 1)
        #expect(InputBalance.openBlocks(in: "group app < reprotect web using mt1 ps-azure datastore ds1 >") == 0)
        // In parentheses `<` compares; in strings and comments it is text.
        #expect(InputBalance.openBlocks(in: "let x = (1 < 2)") == 0)
        #expect(InputBalance.openBlocks(in: #"manual a "press < to go""#) == 0)
        #expect(InputBalance.openBlocks(in: "let y = 1 # <") == 0)
        #expect(InputBalance.openBlocks(in: "if (a > 1) < for m in ms <") == 2)
    }

    @Test func linesGatherUntilTheBlockCloses() {
        var lines = LineAssembler()
        #expect(lines.add("group app <") == nil)
        #expect(lines.isContinuing)
        #expect(lines.add("  reprotect web using mt1 ps-azure datastore ds1") == nil)
        #expect(lines.add(">") == "group app <\n  reprotect web using mt1 ps-azure datastore ds1\n>")
        #expect(!lines.isContinuing)
        #expect(lines.add(":help") == ":help")
        #expect(lines.add("group x <") == nil)
        lines.cancel()
        #expect(!lines.isContinuing)
    }

    @Test func historyLivesInTheXDGStateDirectory() {
        #expect(HistoryLocation.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/rpl/history")
        #expect(HistoryLocation.path(environment: ["HOME": "/h"]) == "/h/.local/state/rpl/history")
        // A relative XDG_STATE_HOME is invalid by the spec and ignored.
        #expect(HistoryLocation.path(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.local/state/rpl/history")
    }
}
