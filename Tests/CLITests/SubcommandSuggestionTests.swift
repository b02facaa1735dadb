import Foundation
import Testing

/// A misspelt subcommand gets the same did-you-mean as a misspelt name.
/// Needs the built `rpl`: on CI (CI=true) its absence is a failure.
@Suite struct SubcommandSuggestionTests {
    static let subcommands = ["check", "plan", "run", "resume", "jobs", "repl", "fmt", "inventory", "explain"]

    func run(_ arguments: [String]) throws -> Finished? {
        guard RPLBinary.path != nil else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("the rpl executable is not beside the test runner (swift build builds it)")
            }
            return nil
        }
        return try rpl(arguments, in: try makeWorkDirectory())
    }

    /// The first two different neighbouring letters swapped.
    func misspelt(_ word: String) -> String {
        var letters = Array(word)
        let at = letters.indices.dropLast().first { letters[$0] != letters[$0 + 1] }!
        letters.swapAt(at, at + 1)
        return String(letters)
    }

    @Test(arguments: subcommands)
    func misspeltSubcommandSuggestsTheRightOne(_ subcommand: String) throws {
        guard let finished = try run([misspelt(subcommand), "plan.rpl"]) else { return }
        #expect(finished.status == 2)
        #expect(finished.stderr.contains("did you mean '\(subcommand)'?"), "\(misspelt(subcommand)): \(finished.stderr)")
    }

    @Test func unrelatedWordGetsNoSuggestion() throws {
        guard let finished = try run(["frobnicate"]) else { return }
        #expect(finished.status == 2)
        #expect(!finished.stderr.contains("did you mean"))
    }
}
