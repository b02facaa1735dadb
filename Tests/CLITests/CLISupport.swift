import Foundation
import RPLSource

/// The built `rpl` executable: beside the test runner in the build
/// products directory (whatever the scratch path), or `RPL_BINARY`.
enum RPLBinary {
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let path: String? = {
        if let explicit = ProcessInfo.processInfo.environment["RPL_BINARY"] { return explicit }
        var directories: [URL] = []
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles + [Bundle.main] {
            let url = bundle.bundleURL
            directories.append(url.deletingLastPathComponent())
            directories.append(url)
        }
        for directory in directories {
            // Linux: .build/<triple>/debug/rplPackageTests.xctest beside rpl; macOS: inside the .xctest bundle's parent.
            let candidate = directory.appendingPathComponent("rpl").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }()
}

/// The repository root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let recordProvider = repositoryRoot.appendingPathComponent("examples/providers/record-provider.sh").path

struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// One `rpl` process with its output going to files, so a test can watch
/// it while it runs and kill it at a moment of its choosing.
final class RPLProcess {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        guard let binary = RPLBinary.path else { throw CLIError("cannot find the rpl executable (set RPL_BINARY)") }
        let tag = UUID().uuidString.prefix(8)
        stdoutURL = directory.appendingPathComponent("out-\(tag).txt")
        stderrURL = directory.appendingPathComponent("err-\(tag).txt")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    func wait() -> Finished {
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func rpl(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Finished {
    try RPLProcess(arguments, in: directory, environment: environment).wait()
}

func makeWorkDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// Polls until `condition` holds or `timeout` seconds pass.
@discardableResult
func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}

func lineCount(_ path: String) -> Int {
    guard let data = FileManager.default.contents(atPath: path) else { return 0 }
    return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
}

/// "run ID: ..." and "database: PATH" from `rpl run`'s output.
func runID(in output: String) -> String? {
    for line in output.split(separator: "\n") where line.hasPrefix("run ") {
        let id = line.dropFirst(4).prefix { $0 != ":" && $0 != " " }
        if !id.isEmpty { return String(id) }
    }
    return nil
}

func databasePath(in output: String) -> String? {
    for line in output.split(separator: "\n") where line.hasPrefix("database: ") {
        return String(line.dropFirst("database: ".count).prefix { $0 != " " })
    }
    return nil
}

/// The jobs JSON of one run: step id → status, and the run's status.
func jobs(_ run: String, database: String, in directory: URL) throws -> (status: String, steps: [String: String]) {
    let result = try rpl(["jobs", run, "--format", "json", "--inventory", database], in: directory)
    guard result.status == 0 else { throw CLIError("rpl jobs failed: \(result.stderr)") }
    let json = try JSONValue.parse(result.stdout)
    guard let runJSON = json["runs"]?.arrayValue?.first, let status = runJSON["status"]?.stringValue,
          let steps = runJSON["steps"]?.arrayValue else { throw CLIError("unexpected jobs JSON: \(result.stdout)") }
    var statuses: [String: String] = [:]
    for step in steps {
        if let id = step["id"]?.stringValue, let status = step["status"]?.stringValue { statuses[id] = status }
    }
    return (status, statuses)
}

/// Step ids of the requests in a provider's record file.
func recordedSteps(_ path: String) throws -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return try text.split(separator: "\n").map { line in
        guard let step = try JSONValue.parse(String(line))["step"]?.stringValue else { throw CLIError("a request without step: \(line)") }
        return step
    }
}

/// A copy of the demo inventory as a JSON file, and the plans the tests run.
enum Fixtures {
    static let now = "2026-11-24T09:00:00Z"

    /// Reprotect and fail back three machines in two groups.
    /// Three reprotects and their failbacks in two groups, shared with the REPL's console test.
    static let lifeCycle = (try? String(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/lifecycle.rpl"), encoding: .utf8)) ?? ""

    static let webOnly = """
        plan web-only version 1 <
          group app <
            reprotect web using mt1 ps-azure datastore ds1
          >
          failback app
        >
        """

    static let webAndSQL = """
        plan web-and-sql version 1 <
          group app <
            reprotect web using mt1 ps-azure datastore ds1
          >
          group db <
            reprotect sql01 using mt-win ps-azure datastore ds-gold retention "R:"
          >
        >
        """

    static let fileServer = """
        plan setup version 1 <
          group files <
            reprotect fs01 using mt-win ps-azure datastore ds-gold retention "R:"
          >
        >
        """

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// A database of the demo inventory for this test alone: `rpl run` on
    /// the JSON copy makes it (and names it), running an unrelated machine.
    static func database(in directory: URL) throws -> String {
        let json = repositoryRoot.appendingPathComponent("Sources/RPLInventory/Resources/demo-inventory.json")
        let copy = directory.appendingPathComponent("inventory.json")
        try FileManager.default.copyItem(at: json, to: copy)
        let plan = try write(fileServer, "setup.rpl", in: directory)
        let result = try rpl(["run", plan, "--inventory", copy.path, "--now", now], in: directory)
        guard result.status == 0, let path = databasePath(in: result.stdout) else {
            throw CLIError("setting up the database failed (\(result.status)):\n\(result.stdout)\n\(result.stderr)")
        }
        return path
    }
}
