import Foundation
import RPLInventory
import Testing

/// The REPL as the operator's console, on a real terminal: a journaled run
/// through the exec provider, the REPL killed mid-run, a new REPL resuming it.
@Suite(.serialized) struct ConsoleEndToEndTests {
    /// Three reprotects and their failbacks in two groups (shared with the CLI's run tests).
    static let planURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/lifecycle.rpl")

    @Test(.enabled(if: Tools.tmux != nil || Tools.onCI, "tmux is not installed: the pseudo-terminal test needs it"),
          .enabled(if: Tools.rpl != nil || Tools.onCI, "the rpl executable is not beside the test bundle (swift build builds it; or set RPL_BINARY)"))
    func killTheReplMidRunAndResumeFromAnotherOne() throws {
        let (rpl, tmux) = try Tools.required()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try Data(DemoInventory.json).write(to: URL(fileURLWithPath: path("estate.json")))
        try FileManager.default.copyItem(atPath: Self.planURL.path, toPath: path("lifecycle.rpl"))
        let provider = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/providers/record-provider.sh").path
        let imported = try Shell.run([rpl, "inventory", "import", path("estate.json"), "--db", path("estate.sqlite")])
        try #require(imported.status == 0, "\(imported.output)")

        func repl(record: String) -> String {
            "cd '\(directory.path)' && HOME='\(directory.path)' XDG_STATE_HOME='\(path("state"))' NO_COLOR=1 "
                + "RPL_RECORD_FILE='\(path(record))' RPL_PROVIDER_DELAY=1 exec '\(rpl)' repl --inventory estate.sqlite "
                + "--provider 'exec:\(provider)' --now 2026-11-24T09:00:00Z"
        }

        // The first console: load, run, confirm by typing the plan's name.
        let first = TmuxSession(tmux: tmux)
        defer { first.kill() }
        try first.start(repl(record: "requests-0.jsonl"))
        try first.waitFor { $0.contains("rpl>") }
        try first.send(":load lifecycle.rpl", "Enter")
        try first.waitFor { $0.contains("loaded lifecycle.rpl") }
        try first.send(":run", "Enter")
        try first.waitFor { $0.contains("Type the plan's name (lifecycle)") }
        try first.send("lifecycle", "Enter")
        let started = try first.waitFor { $0.contains("run r") && $0.contains("of plan lifecycle") }
        let runID = try #require(started.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.hasPrefix("r20") && $0.count > 16 })

        // Kill it once the app group is done and sql01's reprotect has been sent.
        #expect(waitUntil { Self.requests(path("requests-0.jsonl")).count >= 3 }, "the provider never saw three requests")
        let pid = try #require(try first.panePID())
        kill(pid, SIGKILL)
        try first.waitForExit()

        let before = try Self.jobs(rpl, runID, in: directory)
        #expect(before.status == "interrupted", "\(before)")
        let doneBefore = Set(before.steps.filter { $0.value == "done" }.map(\.key))
        #expect(!doneBefore.isEmpty, "no step was journaled as done before the kill")

        // A new console resumes it.
        let second = TmuxSession(tmux: tmux)
        defer { second.kill() }
        try second.start(repl(record: "requests-1.jsonl"))
        try second.waitFor { $0.contains("rpl>") }
        try second.send(":resume \(runID)", "Enter")
        let resumed = try second.waitFor(seconds: 30) { $0.contains("run \(runID) succeeded") }
        #expect(resumed.contains("RP803"), "the resume says the run was interrupted:\n\(resumed)")

        let resent = Self.requests(path("requests-1.jsonl"))
        #expect(Set(resent).isDisjoint(with: doneBefore), "journaled steps were sent again: \(Set(resent).intersection(doneBefore).sorted())")
        #expect(Set(resent).count == resent.count, "a step was sent twice by the resume")
        let after = try Self.jobs(rpl, runID, in: directory)
        #expect(after.status == "succeeded")
        #expect(after.steps.count == 6 && after.steps.values.allSatisfy { $0 == "done" }, "\(after.steps)")
    }

    /// The step ids the provider received, in order.
    static func requests(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object["step"] as? String
        }
    }

    /// `rpl jobs RUN --format json`: the run's status and each step's.
    static func jobs(_ rpl: String, _ run: String, in directory: URL) throws -> (status: String, steps: [String: String]) {
        let result = try Shell.run([rpl, "jobs", run, "--inventory", directory.appendingPathComponent("estate.sqlite").path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let runs = try #require(object["runs"] as? [[String: Any]])
        let first = try #require(runs.first)
        var steps: [String: String] = [:]
        for step in first["steps"] as? [[String: Any]] ?? [] {
            if let id = step["id"] as? String, let status = step["status"] as? String { steps[id] = status }
        }
        return (first["status"] as? String ?? "", steps)
    }
}

@discardableResult
func waitUntil(timeout: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return condition()
}

/// A program run to its end, its standard output kept.
enum Shell {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
