import Foundation
import RPLCheck
import RPLSource
import RPLStore

/// Where one side of `rpl diff` comes from: a plan file, a git revision of
/// one (`REV:PATH`, read with `git show`, never by parsing .git), or the
/// text a journaled run executed (`RUN-ID`).
public enum PlanSource: Sendable, Equatable {
    case file(path: String)
    case git(revision: String, path: String)
    case run(id: String)

    /// `rpl diff OLD NEW`, or `rpl diff A..B PLAN` (both sides from git).
    /// A name is a file when such a file exists; otherwise `REV:PATH` is a
    /// git revision and a name shaped like a run id is a run.
    public static func pair(_ first: String, _ second: String) -> (old: PlanSource, new: PlanSource) {
        // A path (`../plans/x.rpl`, even one that does not exist) is never a range.
        let looksLikePath = first.hasPrefix("/") || first.hasPrefix("./") || first.hasPrefix("../") || first.hasSuffix(".rpl")
        if !looksLikePath, !FileManager.default.fileExists(atPath: first), let range = first.range(of: ".."), !first.contains(":") {
            let from = String(first[..<range.lowerBound])
            let to = String(first[range.upperBound...])
            return (.git(revision: from.isEmpty ? "HEAD" : from, path: second), .git(revision: to.isEmpty ? "HEAD" : to, path: second))
        }
        return (single(first), single(second))
    }

    public static func single(_ text: String) -> PlanSource {
        if text == "-" || FileManager.default.fileExists(atPath: text) { return .file(path: text) }
        if text.wholeMatch(of: /r\d{8}-\d{6}-[0-9a-f]{4}/) != nil { return .run(id: text) }
        if let colon = text.firstIndex(of: ":"), colon != text.startIndex {
            return .git(revision: String(text[..<colon]), path: String(text[text.index(after: colon)...]))
        }
        return .file(path: text)
    }

    /// What the output calls this side.
    public var label: String {
        switch self {
        case let .file(path): path
        case let .git(revision, path): "\(revision):\(path)"
        case let .run(id): "run \(id)"
        }
    }

    /// The plan's text, and how the modules it imports by path are read
    /// (from the same revision, for a git side).
    public func read(runs: InventoryStore?) throws(PipelineFailure)
        -> (file: SourceFile, readModule: @Sendable (String) -> [UInt8]?) {
        switch self {
        case let .file(path):
            if path == "-" {
                return (SourceFile(name: "<stdin>", bytes: Array(FileHandle.standardInput.readDataToEndOfFile())),
                        CheckOptions.readModuleFromDisk)
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .usage("cannot read '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied or a directory" : "no such file")")
            }
            return (SourceFile(name: path, bytes: Array(data)), CheckOptions.readModuleFromDisk)
        case let .git(revision, path):
            let bytes = try Git.show(revision: revision, path: path)
            let directory = FileManager.default.currentDirectoryPath
            return (SourceFile(name: path, bytes: bytes), { module in
                // The module at the same revision; a path outside the working directory is not in it.
                let prefix = directory.hasSuffix("/") ? directory : directory + "/"
                guard module.hasPrefix(prefix) else { return nil }
                return try? Git.show(revision: revision, path: String(module.dropFirst(prefix.count)))
            })
        case let .run(id):
            guard let runs else { throw .usage("no run database to read run \(id) from") }
            let journaled: (file: String, text: String)?
            do { journaled = try JournalReader.planText(of: id, in: runs) } catch { throw .usage("\(error)") }
            guard let journaled else { throw .usage("no run \(id) in \(runs.path) (`rpl jobs` lists them)") }
            return (SourceFile(name: journaled.file, text: journaled.text), CheckOptions.readModuleFromDisk)
        }
    }
}

/// `git show REV:./PATH`: the file at a revision, relative to the working
/// directory, as git itself resolves it.
enum Git {
    static func show(revision: String, path: String) throws(PipelineFailure) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let relative = path.hasPrefix("/") || path.hasPrefix("./") ? path : "./" + path
        process.arguments = ["git", "show", "\(revision):\(relative)"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw .usage("cannot run git to read \(revision):\(path): \(error)") }
        // Read before waiting: a large file would fill the pipe and block git.
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .usage("cannot read \(revision):\(path) from git: \(text.isEmpty ? "git exited \(process.terminationStatus)" : text)")
        }
        return Array(bytes)
    }
}
