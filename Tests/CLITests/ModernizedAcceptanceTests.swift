import Foundation
import RPLSource
import Testing

/// The acceptance test of the modernized rules: a plan and an inventory
/// written from docs/ alone (Tests/Fixtures/modernized-mistakes), one seeded
/// mistake per statement. The comment above a statement promises a code and,
/// in backquotes, the text the diagnostic points at; `rpl check` must report
/// each promise at that line and column, and nothing that no comment
/// promises (but the original-location notes, RP918, the header speaks of).
/// Its text output is the golden check.out (`RPL_UPDATE_GOLDEN=1` rewrites it).
@Suite struct ModernizedAcceptanceTests {
    static let directory = "Tests/Fixtures/modernized-mistakes"
    static let arguments = ["check", "modernized-mistakes/plan.rpl", "--inventory", "modernized-mistakes/inventory.json",
                            "--now", "2026-11-25T12:00:00Z"]

    /// `rpl check` on a copy of the fixture in a work directory (where the
    /// process keeps its output files), named as the golden names it.
    static func check(_ extra: [String] = []) throws -> Finished {
        let work = try makeWorkDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("modernized-mistakes")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(directory), to: copy)
        return try rpl(arguments + extra, in: work)
    }

    struct Promise: Equatable, CustomStringConvertible {
        var code: String
        var line: Int
        /// nil when the comment names no text to point at.
        var column: Int?
        var description: String { "\(code) at \(line):\(column.map(String.init) ?? "?")" }
    }

    /// Each comment's codes, placed at the first statement below it; the
    /// header (the comments before the first statement) promises nothing.
    static func promises(in text: String) -> [Promise] {
        var result: [Promise] = []
        var pending: [(code: String, anchor: String?)] = []
        var inHeader = true
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                if !inHeader {
                    pending += trimmed.matches(of: /(RP\d{3})(?: at `([^`]+)`)?/).map { (String($0.output.1), $0.output.2.map(String.init)) }
                }
                continue
            }
            if !trimmed.isEmpty { inHeader = false }
            guard !trimmed.isEmpty, !pending.isEmpty else { continue }
            for (code, anchor) in pending {
                // Columns count characters from 1, as `rpl check` reports them.
                let column = anchor.flatMap { line.range(of: $0) }.map { line.distance(from: line.startIndex, to: $0.lowerBound) + 1 }
                result.append(Promise(code: code, line: index + 1, column: column))
            }
            pending = []
        }
        return result
    }

    @Test func everySeededMistakeIsReportedWhereItsCommentSays() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("\(Self.directory)/plan.rpl"), encoding: .utf8)
        let promised = Self.promises(in: text)
        #expect(promised.count >= 23, "the catalogue of seeded mistakes shrank: \(promised)")
        #expect(Set(promised.map(\.code)).isSuperset(of: (901...921).map { "RP\($0)" }.filter { $0 != "RP918" } + ["RP601"]))

        let finished = try Self.check(["--format", "json"])
        #expect(finished.status == 1, "the plan is meant to fail the check: \(finished.stderr)")
        let diagnostics = try JSONValue.parse(finished.stdout)["diagnostics"]?.arrayValue ?? []
        let reported = diagnostics.compactMap { d -> (promise: Promise, severity: String)? in
            guard let code = d["code"]?.stringValue, let line = d["line"]?.intValue, let column = d["column"]?.intValue,
                  let severity = d["severity"]?.stringValue else { return nil }
            return (Promise(code: code, line: line, column: column), severity)
        }
        #expect(reported.count == diagnostics.count)
        for promise in promised {
            let here = reported.map(\.promise).filter { $0.code == promise.code && $0.line == promise.line }
            #expect(!here.isEmpty, "line \(promise.line) should report \(promise.code); it reports \(reported.filter { $0.promise.line == promise.line }.map(\.promise))")
            if let column = promise.column, !here.isEmpty {
                #expect(here.contains { $0.column == column }, "\(promise.code) on line \(promise.line) should point at column \(column): \(here)")
            }
        }
        let unpromised = reported.filter { found in
            !(found.promise.code == "RP918" && found.severity == "note")
                && !promised.contains { $0.code == found.promise.code && $0.line == found.promise.line }
        }
        #expect(unpromised.isEmpty, "reported but promised by no comment: \(unpromised.map(\.promise))")
    }

    @Test func checkOutputIsTheGolden() throws {
        let finished = try Self.check()
        // `rpl check` writes its text diagnostics to standard error.
        let output = finished.stderr
        let golden = repositoryRoot.appendingPathComponent("\(Self.directory)/check.out")
        if ProcessInfo.processInfo.environment["RPL_UPDATE_GOLDEN"] == "1" {
            try output.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        #expect(output == (try String(contentsOf: golden, encoding: .utf8)),
                "\(golden.path) differs; rerun with RPL_UPDATE_GOLDEN=1 to accept:\n\(output)")
    }
}
