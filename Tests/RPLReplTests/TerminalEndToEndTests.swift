import Foundation
import Testing

/// The REPL through a real pseudo-terminal: tmux runs the built `rpl repl`,
/// keys are sent as a user would type them, and the screen is read back.
@Suite(.serialized) struct TerminalEndToEndTests {
    @Test(.enabled(if: Tools.tmux != nil || Tools.onCI, "tmux is not installed: the pseudo-terminal test needs it"),
          .enabled(if: Tools.rpl != nil || Tools.onCI, "the rpl executable is not beside the test bundle (swift build builds it; or set RPL_BINARY)"))
    func tabCompletionMultiLineGroupAndHistory() throws {
        let (rpl, tmux) = try Tools.required()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-repl-\(UUID().uuidString)")
        let state = home.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = TmuxSession(tmux: tmux)
        defer { terminal.kill() }

        try terminal.start("HOME='\(home.path)' XDG_STATE_HOME='\(state.path)' NO_COLOR=1 exec '\(rpl)' repl --now 2026-11-24T09:00:00Z")
        // capture-pane drops trailing spaces: the prompt shows as "rpl>".
        try terminal.waitFor { $0.contains("rpl>") }

        // Tab once completes the shared prefix (mt), Tab again lists the candidates.
        try terminal.send("reprotect web using m", "Tab")
        try terminal.waitFor { $0.contains("rpl> reprotect web using mt") }
        try terminal.send("Tab")
        let listed = try terminal.waitFor { screen in screen.split(separator: "\n").contains { $0.contains("mt1") && $0.contains("mt2") && !$0.contains("rpl>") } }
        #expect(!listed.contains("mt-win"), "only the Linux master targets are offered:\n\(listed)")

        // Ctrl-U clears the line; a group typed over three lines is checked when '>' closes it.
        try terminal.send("C-u")
        try terminal.send("group app <", "Enter")
        try terminal.waitFor { $0.contains("...>") }
        try terminal.send("reprotect web using mt1 ps-azure datastore ds1", "Enter")
        try terminal.send(">", "Enter")
        let checked = try terminal.waitFor { $0.contains("ok: 1 step") }
        #expect(checked.contains("[app] reprotect web using mt1 ps-azure datastore ds1"))

        // Ctrl-C cancels an unfinished input without leaving.
        // Wait for the continuation prompt first: a Ctrl-C that lands while
        // the line is still being read would race the editor.
        let continuations = checked.components(separatedBy: "...>").count
        try terminal.send("group broken <", "Enter")
        try terminal.waitFor { $0.components(separatedBy: "...>").count > continuations }
        try terminal.send("C-c")
        try terminal.send("mt-wni", "Enter")
        let afterCancel = try terminal.waitFor { $0.contains("unknown name 'mt-wni'") }
        #expect(afterCancel.contains("<repl:2>:1:1"), "the cancelled input never reached the session:\n\(afterCancel)")

        // Ctrl-D on an empty line leaves.
        try terminal.send("C-d")
        try terminal.waitForExit()

        let history = state.appendingPathComponent("rpl/history")
        let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // libedit encodes the file with strvis(3): a space is \040, a newline \012.
        let entries = try String(contentsOf: history, encoding: .utf8).replacingOccurrences(of: "\\040", with: " ")
            .split(separator: "\n").map { $0.replacingOccurrences(of: "\\012", with: "\n") }
        // The group typed over three lines is one entry, recalled whole; the cancelled one is not kept.
        #expect(entries.contains("group app <\nreprotect web using mt1 ps-azure datastore ds1\n>"), "\(entries)")
        #expect(!entries.contains { $0.hasPrefix("group broken") })
        #expect(entries.contains("mt-wni"))
    }

    @Test(.enabled(if: Tools.tmux != nil || Tools.onCI, "tmux is not installed: the pseudo-terminal test needs it"),
          .enabled(if: Tools.rpl != nil || Tools.onCI, "the rpl executable is not beside the test bundle (swift build builds it; or set RPL_BINARY)"))
    func recordsFieldsPathsAndAnUnclosedBlockAtCtrlD() throws {
        let (rpl, tmux) = try Tools.required()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("plans"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try "group app < reprotect web using mt1 ps-azure datastore ds1 >\n"
            .write(to: home.appendingPathComponent("plans/web-wave.rpl"), atomically: true, encoding: .utf8)
        let terminal = TmuxSession(tmux: tmux)
        defer { terminal.kill() }
        // Not exec'd: the shell prints a marker once rpl has left, and the window stays to be read.
        try terminal.start("cd '\(home.path)' && HOME='\(home.path)' XDG_STATE_HOME='\(home.path)/state' NO_COLOR=1 '\(rpl)' repl --now 2026-11-24T09:00:00Z; echo rpl-left; sleep 30")
        try terminal.waitFor { $0.contains("rpl>") }

        // A bare name prints the record it stands for.
        try terminal.send("web", "Enter")
        let record = try terminal.waitFor { $0.contains("machine web") && $0.contains("onprem-vm") }
        for field in ["state", "failed-over", "os", "linux", "disks", "replication-group"] { #expect(record.contains(field), "\(field):\n\(record)") }

        // `web.` + Tab: the machine's fields.
        try terminal.send("web.os-", "Tab")
        try terminal.waitFor { $0.contains("rpl> web.os-version") }
        try terminal.send("Enter")
        try terminal.waitFor { $0.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "Ubuntu 22.04" } }

        // `:load` + Tab completes paths, into directories.
        try terminal.send(":load pl", "Tab")
        try terminal.waitFor { $0.contains("rpl> :load plans/") }
        try terminal.send("w", "Tab")
        try terminal.waitFor { $0.contains("rpl> :load plans/web-wave.rpl") }
        try terminal.send("Enter")
        try terminal.waitFor { $0.contains("loaded plans/web-wave.rpl") }

        // Ctrl-D inside an open block says what is dropped, then leaves.
        try terminal.send("group late <", "Enter")
        try terminal.waitFor { $0.contains("...>") }
        try terminal.send("C-d")
        let left = try terminal.waitFor { $0.contains("rpl-left") }
        #expect(left.contains("dropped the unfinished input (1 line, from 'group late <')"), "\(left)")
    }
}

enum Tools {
    static let tmux: String? = executable(named: "tmux")
    /// On CI a missing tool fails the test instead of skipping it.
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The built rpl and tmux, or a failure that says which is missing.
    static func required() throws -> (rpl: String, tmux: String) {
        let rpl = try #require(rpl, "the rpl executable is not beside the test bundle (set RPL_BINARY)")
        let tmux = try #require(tmux, "tmux is not installed (CI=true: the pseudo-terminal tests must run)")
        return (rpl, tmux)
    }

    /// The built `rpl`: beside the test bundle in the build products directory, or `RPL_BINARY`.
    static let rpl: String? = {
        if let explicit = ProcessInfo.processInfo.environment["RPL_BINARY"] { return explicit }
        var directories: [URL] = []
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles + [Bundle.main] {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
            directories.append(bundle.bundleURL)
        }
        return directories.map { $0.appendingPathComponent("rpl").path }.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
    }()

    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"])
            .map { $0 + "/" + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

struct TerminalTimeout: Error, CustomStringConvertible {
    var description: String
}

/// One tmux server of its own (a unique socket name), one window 120×40.
final class TmuxSession {
    let tmux: String
    let socket = "rpl-test-\(UUID().uuidString.prefix(8))"

    init(tmux: String) { self.tmux = tmux }

    /// Runs tmux with posix_spawn and waitpid. Output goes to a file, not a
    /// pipe: the server that `new-session` starts would inherit a pipe and
    /// hold it open for ever.
    @discardableResult
    func tmuxCommand(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = [tmux, "-L", socket, "-f", "/dev/null"] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        // The test runner's threads block most signals, and a spawned process
        // inherits that mask: tmux and rpl would never hear SIGHUP or SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmux, &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw TerminalTimeout(description: "cannot start tmux: error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }

    func start(_ command: String) throws {
        let started = try tmuxCommand(["new-session", "-d", "-x", "120", "-y", "40", command])
        guard started.status == 0 else { throw TerminalTimeout(description: "tmux new-session failed") }
    }

    /// The pid of the program the window runs (`exec rpl ...`: rpl itself).
    func panePID() throws -> pid_t? {
        pid_t(try tmuxCommand(["display-message", "-p", "-t", "0", "#{pane_pid}"]).output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func send(_ keys: String...) throws {
        // Literal text and key names alternate; tmux tells them apart by name (Tab, Enter, C-d).
        for key in keys {
            let named = ["Tab", "Enter"].contains(key) || key.hasPrefix("C-")
            try tmuxCommand(["send-keys", "-t", "0"] + (named ? [key] : ["-l", key]))
        }
    }

    func screen() throws -> String { try tmuxCommand(["capture-pane", "-p", "-t", "0"]).output }

    @discardableResult
    func waitFor(seconds: Double = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TerminalTimeout(description: "the screen never showed what was expected; it shows:\n\(last)")
    }

    /// The session ends when `rpl` exits.
    func waitForExit(seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try tmuxCommand(["has-session"]).status != 0 { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TerminalTimeout(description: "rpl did not exit after Ctrl-D; the screen shows:\n\((try? screen()) ?? "")")
    }

    func kill() { _ = try? tmuxCommand(["kill-server"]) }
}
