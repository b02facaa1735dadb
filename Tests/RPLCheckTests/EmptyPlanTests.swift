import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// RP710: a plan with no steps is a warning, not a quiet success.
@Suite struct EmptyPlanTests {
    func check(_ text: String, options: CheckOptions = CheckOptions(now: Estate.now)) -> [Diagnostic] {
        Checker.check(Parser.parse(name: "plan.rpl", text: text), inventory: Estate.baseline().inventory, options: options).diagnostics
    }

    @Test(arguments: [
        "",
        "# only a comment\n",
        "plan p < >\n",
        "plan p version 2 <\n  group app <\n  >\n>\n",
        "let x = 3\nplan p <\n  for m in machines where os == \"solaris\" < reprotect m using mt-lin ps-azure datastore ds1 >\n>\n",
        "plan p <\n  if false < reprotect web using mt-lin ps-azure datastore ds1 >\n>\n",
    ])
    func planWithNoStepsWarns(_ text: String) throws {
        let diagnostics = check(text)
        #expect(diagnostics.map(\.code) == [.RP710], "\(diagnostics.map(\.message))")
        let warning = try #require(diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.message.hasPrefix("the plan has no steps"))
    }

    @Test func theWarningIsAtThePlansNameNotItsWholeBlock() throws {
        let warning = try #require(check("plan contoso version 3 <\n  group app <\n  >\n>\n").first)
        #expect(warning.primary.file.text(warning.primary.span) == "plan contoso")
    }

    @Test(arguments: [
        "plan p < reprotect web using mt-lin ps-azure datastore ds1 >\n",
        "plan p < failback fin01 >\n",
        "plan p < manual dns \"switch the DNS names\" >\n",
        "plan p < wait 15m >\n",
    ])
    func anyStepIsEnough(_ text: String) {
        #expect(!check(text).contains { $0.code == .RP710 })
    }

    @Test func errorsAlreadyExplainAnEmptyPlan() {
        let diagnostics = check("plan p < reprotect wbe using mt-lin ps-azure datastore ds1 >\n")
        #expect(diagnostics.map(\.code) == [.RP101])
    }

    @Test func notForALoneStatementOrAReplInput() {
        #expect(check("let x = 3\n", options: CheckOptions(now: Estate.now, isRecoveryPlan: false)).isEmpty)
        #expect(check("let x = 3\n", options: CheckOptions(now: Estate.now, reportsEmptyPlan: false)).isEmpty)
    }

    @Test func itIsThePlanFamilysLastCodeAndAWarning() {
        let codes = DiagnosticCode.allCases
        #expect(codes[codes.firstIndex(of: .RP709)! + 1] == .RP710)
        #expect(DiagnosticCode.RP710.defaultSeverity == .warning)
        #expect(DiagnosticCode.RP710.title == "the plan has no steps")
    }
}
