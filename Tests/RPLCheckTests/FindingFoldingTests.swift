import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// "the same holds for N more machines": only findings that say the same
/// thing, but for the machine, are folded into one.
@Suite struct FindingFoldingTests {
    func check(_ text: String, _ inventory: Inventory) -> [Diagnostic] {
        Checker.check(Parser.parse(name: "plan.rpl", text: text), inventory: inventory,
                      options: CheckOptions(now: Estate.now)).diagnostics
    }

    static let loop = "for m in [web, api] < reprotect m using mt-lin ps-azure datastore ds2 >\n"

    @Test func differentRP210sInOneLoopAreNeverFolded() throws {
        var estate = Estate.baseline()
        estate.machine("api") { $0.onpremVM = OnPremVM(exists: false) }
        let notes = check(Self.loop, estate.inventory).filter { $0.code == .RP210 }
        #expect(notes.count == 2, "\(notes.map(\.message))")
        #expect(notes.allSatisfy { $0.notes.isEmpty }, "\(notes.map(\.notes))")
        let web = try #require(notes.first { $0.message.contains("'web'") })
        let api = try #require(notes.first { $0.message.contains("'api'") })
        #expect(web.message.contains("exists"))
        #expect(api.message.contains("does not exist"))
    }

    @Test func identicalRP210sInOneLoopAreStillFolded() throws {
        let notes = check(Self.loop, Estate.baseline().inventory).filter { $0.code == .RP210 }
        let note = try #require(notes.first)
        #expect(notes.count == 1)
        #expect(note.notes == ["the same holds for 1 more machine here: 'api'"])
    }

    /// The mechanism, on findings made up for it: same subject place, the
    /// machine's name apart, and one part of the finding changed at a time.
    @Test func onlyFindingsEqualButForTheMachineFold() {
        let file = SourceFile(name: "plan.rpl", text: "for m in [a, b] < reprotect m using mt ps datastore ds >\n")
        let spans = StepSpans(file: file, statement: Span(18, 27), machine: Span(28, 29), masterTarget: Span(36, 38),
                              processServer: Span(39, 41), datastore: Span(52, 54))
        let locator = FindingLocator(reprotects: [spans, spans], failbacks: [])
        let names = ["a", "b"]
        func finding(_ index: Int, _ message: String = "about", help: String = "do", severity: Severity = .note,
                     argument: StepArgument = .datastore) -> Finding {
            Finding(.RP210, severity: severity, "\(message) '\(names[index])'", at: .reprotect(index, argument),
                    help: ["\(help) '\(names[index])'"])
        }
        func folded(_ first: Finding, _ second: Finding) -> Bool {
            locator.diagnostics([first, second]) { subject in
                if case let .reprotect(index, _) = subject { return names[index] }
                return ""
            }.count == 1
        }
        #expect(folded(finding(0), finding(1)))
        #expect(!folded(finding(0), finding(1, "other")))
        #expect(!folded(finding(0), finding(1, help: "undo")))
        #expect(!folded(finding(0), finding(1, severity: .warning)))
        #expect(!folded(finding(0), finding(1, argument: .machine)))
    }
}
