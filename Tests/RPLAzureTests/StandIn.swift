import Foundation

/// The ARM stand-in (Tests/ARMStandIn/arm_standin.py) as a running process:
/// started on a free port for one test, killed when the test lets go of it.
final class StandIn {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repositoryRoot.appendingPathComponent("Tests/ARMStandIn/arm_standin.py").path
    static let models = repositoryRoot.appendingPathComponent("Tests/Fixtures/asr-action-models.json").path
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let python: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Tests that need the stand-in run where python3 is, and always in CI (where its absence is a failure).
    static var canRun: Bool { python != nil || onCI }

    let process = Process()
    let port: Int
    let log: URL
    var url: String { "http://127.0.0.1:\(port)" }

    init(_ arguments: [String] = []) throws {
        guard let python = StandIn.python else { throw StandInError("python3 is not on PATH: the ARM stand-in cannot start") }
        log = FileManager.default.temporaryDirectory.appendingPathComponent("arm-standin-\(UUID().uuidString).jsonl")
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [StandIn.script, "--models", StandIn.models, "--log", log.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // First line: "listening on 127.0.0.1:PORT".
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte.first == UInt8(ascii: "\n") { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: ":").last.flatMap({ Int($0) }) else {
            process.terminate()
            throw StandInError("the ARM stand-in did not say its port (it printed \"\(text)\")")
        }
        self.port = port
    }

    deinit {
        // By its pid: Process.terminate() relies on a state that is not
        // always up to date on Linux, and a stand-in must not outlive its test.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }

    struct Request {
        var method: String
        var path: String
        var body: Any?
        var status: Int
    }

    /// Every request the stand-in answered, in order.
    func requests() -> [Request] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Request(method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
                           body: object["body"], status: object["status"] as? Int ?? 0)
        }
    }
}

struct StandInError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
