import CEditShim
import Foundation
import RPLRepl

/// The REPL on a terminal: libedit reads lines (history, emacs keys, Tab
/// completion, Ctrl-C cancels the input, Ctrl-D leaves), the session does
/// everything else. Without a terminal, `runScript` reads lines plainly.
public enum TerminalRepl {
    public static let prompt = "rpl> "
    public static let continuationPrompt = "...> "

    /// libedit's completion callback is a C function pointer and cannot
    /// capture: the one session being edited is reachable from here while
    /// `run` is active (one terminal, one session, one thread).
    nonisolated(unsafe) static var completingSession: ReplSession?

    /// Runs an interactive session until Ctrl-D or `:quit`.
    public static func run(session: ReplSession, historyPath: String?) -> Int32 {
        guard let editor = rpl_edit_open(CommandLine.arguments.first ?? "rpl", 1000) else {
            FileHandle.standardError.write(Data("rpl: cannot start the line editor\n".utf8))
            return 2
        }
        defer { rpl_edit_close(editor) }
        completingSession = session
        defer { completingSession = nil }
        rpl_edit_set_completer(editor, completer)

        let history = historyPath.flatMap(prepareHistory)
        if let history, FileManager.default.fileExists(atPath: history) { _ = rpl_edit_history_load(editor, history) }

        session.progress = { text in write(text) }
        var lines = LineAssembler()
        while true {
            rpl_edit_set_prompt(editor, lines.isContinuing ? continuationPrompt : prompt)
            var raw: UnsafeMutablePointer<CChar>?
            let status = rpl_edit_gets(editor, &raw)
            if status == 2 {
                lines.cancel()
                continue
            }
            guard status == 1, let raw else {
                if status == -1, errno == EINTR { continue }
                // Ctrl-D inside an open block: say what is not kept before leaving.
                if let dropped = lines.flush() {
                    let count = dropped.split(separator: "\n", omittingEmptySubsequences: false).count
                    write("\ndropped the unfinished input (\(count) line\(count == 1 ? "" : "s"), from '\(dropped.prefix { $0 != "\n" })'): its block was never closed")
                }
                write("\n")
                break
            }
            let line = String(cString: raw)
            free(raw)
            guard let input = lines.add(line) else { continue }
            // A multi-line entry is one history entry, recalled whole.
            if !input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                rpl_edit_history_enter(editor, input)
                if let history { _ = rpl_edit_history_save(editor, history) }
            }
            let output = session.evaluate(input)
            write(output.text)
            if output.quit { break }
        }
        return 0
    }

    /// Standard input is not a terminal: read lines as they come, print
    /// what each input gives, no prompts and no line editing.
    public static func runScript(session: ReplSession) -> Int32 {
        var lines = LineAssembler()
        var errors = false
        func evaluate(_ input: String) -> Bool {
            let output = session.evaluate(input)
            write(output.text)
            if output.diagnostics.contains(where: { $0.severity == .error }) { errors = true }
            return output.quit
        }
        session.progress = { text in write(text) }
        while let line = readLine(strippingNewline: true) {
            guard let input = lines.add(line) else { continue }
            if evaluate(input) { return errors ? 1 : 0 }
        }
        if let rest = lines.flush() { _ = evaluate(rest) }
        return errors ? 1 : 0
    }

    /// Creates the history's directory (0700) and file (0600) as needed.
    static func prepareHistory(_ path: String) -> String? {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            FileHandle.standardError.write(Data("rpl: history disabled: cannot create \(directory): \(error.localizedDescription)\n".utf8))
            return nil
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        fchmod(fd, 0o600)
        close(fd)
        return path
    }

    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Tab: the session's candidates for the word before the cursor.
    static let completer: rpl_completer = { line, cursor, wordLength in
        guard let session = TerminalRepl.completingSession else { return nil }
        let completion = session.completion(line: String(cString: line), cursor: Int(cursor))
        wordLength.pointee = Int32(completion.word.utf8.count)
        guard !completion.candidates.isEmpty else { return nil }
        return strdup(completion.candidates.joined(separator: "\n"))
    }
}
