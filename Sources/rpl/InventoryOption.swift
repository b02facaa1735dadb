import ArgumentParser
import Foundation
import RPLInventory
import RPLSource
import RPLStore

/// `--inventory PATH`, shared by every command that reads the inventory.
///
/// PATH is either an inventory JSON file (its name ends in `.json`, or its
/// first non-blank byte is `{`), read and validated in memory, or a SQLite
/// inventory database made by `rpl inventory import`, which must exist.
/// Without `--inventory`, the embedded demo inventory is used. Any problem
/// (a missing file, broken JSON, a validation error, a damaged database) is
/// printed to standard error and ends the command with exit status 2.
struct InventoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Inventory: a SQLite database (from `rpl inventory import`) or an inventory JSON file. Default: the embedded demo inventory.",
        valueName: "path"))
    var inventory: String?

    /// The inventory to read. `readOnly` opens a database so that SQLite
    /// itself refuses writes (`rpl check` never changes it); JSON files and
    /// the demo are held in memory either way.
    func reader(readOnly: Bool) throws -> any InventoryReader {
        switch try source() {
        case .demo: return ReportingReader(name: "the demo inventory", base: InMemoryInventory(try decodeDemo()))
        case let .json(path, bytes): return ReportingReader(name: path, base: InMemoryInventory(try decodeJSON(bytes, path: path)))
        case let .database(path): return ReportingReader(name: path, base: try openStore(path, mode: readOnly ? .readOnly : .readWrite))
        }
    }

    enum Source {
        case demo
        case json(path: String, bytes: [UInt8])
        case database(path: String)
    }

    func source() throws -> Source {
        guard let path = inventory else { return .demo }
        guard FileManager.default.fileExists(atPath: path) else {
            printError("rpl: cannot read inventory '\(path)': no such file")
            throw ExitStatus.usage
        }
        if path.lowercased().hasSuffix(".json") || startsLikeJSON(path) {
            return .json(path: path, bytes: try readInventoryFile(path))
        }
        return .database(path: path)
    }

    /// The first non-blank byte of the file is `{` (a JSON object; a SQLite
    /// file starts "SQLite format 3").
    private func startsLikeJSON(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return head.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }
}

/// Reads an inventory JSON file whole; I/O failure is exit 2.
func readInventoryFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        printError("rpl: cannot read inventory '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")")
        throw ExitStatus.usage
    }
    return Array(data)
}

/// Decodes and validates an inventory document, printing every problem as
/// `FILE: JSON-PATH: message` (or the line and column of a syntax error).
func decodeJSON(_ bytes: [UInt8], path: String) throws -> Inventory {
    do {
        return try InventoryJSON.decode(bytes)
    } catch {
        switch error {
        case let .syntax(syntax):
            printError("\(path):\(syntax.line):\(syntax.column): error: not valid JSON: \(syntax.message)")
        case let .invalid(issues):
            printError(issues.map { "\(path): error: \($0.path): \($0.message)" }.joined(separator: "\n"))
            printError("rpl: \(issues.count) error\(issues.count == 1 ? "" : "s") in inventory '\(path)'")
        }
        throw ExitStatus.usage
    }
}

func decodeDemo() throws -> Inventory {
    try decodeJSON(DemoInventory.json, path: "<demo inventory>")
}

func openStore(_ path: String, mode: InventoryStore.Mode) throws -> InventoryStore {
    do {
        return try InventoryStore(path: path, mode: mode)
    } catch {
        printError("rpl: \(error)")
        throw ExitStatus.usage
    }
}

/// Turns a failure to load (a damaged database, say) into a message and
/// exit status 2, so that commands need not map store errors themselves.
struct ReportingReader: InventoryReader {
    var name: String
    var base: any InventoryReader

    func loadInventory() throws -> Inventory {
        do {
            return try base.loadInventory()
        } catch {
            printError("rpl: cannot load inventory '\(name)': \(error)")
            throw ExitStatus.usage
        }
    }
}

// MARK: - A database for commands that write (run, resume, jobs)

/// The inventory database a run journals into, and a word on where it came from.
struct RunDatabase {
    var store: InventoryStore
    /// Said after the path, e.g. "created from plans/estate.json"; nil for a database given as is.
    var note: String?
}

/// The database that `rpl run`, `rpl resume` and `rpl jobs` work on:
///
/// - `--inventory DB.sqlite`: that database, opened read-write.
/// - `--inventory DIR/NAME.json`: `DIR/NAME.sqlite`, created and imported
///   from the JSON file on first use. Later runs reuse it, so machine states
///   and the journal carry over (`rpl resume` needs them); when the JSON
///   file has changed since, its records are imported again (machine states
///   start over from the file; the journal is kept). A `NAME.sqlite` that
///   was not made from a JSON file (e.g. by `rpl inventory import` with
///   another file) is used as it is and never overwritten.
/// - no `--inventory`: `./rpl-demo.sqlite`, made from the demo inventory the
///   same way.
func openRunDatabase(_ options: InventoryOptions) throws -> RunDatabase {
    switch try options.source() {
    case let .database(path):
        return RunDatabase(store: try openStore(path, mode: .readWrite), note: nil)
    case let .json(path, bytes):
        let base = (path as NSString).deletingPathExtension
        return try derivedDatabase(at: base + ".sqlite", from: bytes, sourceName: path) { try decodeJSON(bytes, path: path) }
    case .demo:
        return try derivedDatabase(at: "rpl-demo.sqlite", from: DemoInventory.json, sourceName: "the demo inventory") { try decodeDemo() }
    }
}

private func derivedDatabase(at path: String, from bytes: [UInt8], sourceName: String,
                             decode: () throws -> Inventory) throws -> RunDatabase {
    let digest = sourceDigest(bytes)
    let existed = FileManager.default.fileExists(atPath: path)
    // Validate before creating anything: a broken file leaves no database behind.
    let inventory = try decode()
    let store = try openStore(path, mode: .readWrite)
    do {
        if !existed {
            try store.importInventory(inventory, sourceDigest: digest)
            return RunDatabase(store: store, note: "created from \(sourceName)")
        }
        let recorded = try store.sourceDigest()
        if recorded == digest {
            return RunDatabase(store: store, note: "made from \(sourceName)")
        }
        if recorded == nil, try store.loadInventory() != Inventory() {
            return RunDatabase(store: store, note: "an existing database, not made from \(sourceName): used as it is")
        }
        try refuseImportUnderUnfinishedRuns(store, what: "\(sourceName) changed, but")
        try store.importInventory(inventory, sourceDigest: digest)
        return RunDatabase(store: store, note: recorded == nil ? "created from \(sourceName)"
                                                               : "\(sourceName) changed: imported again, machine states reset")
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("rpl: \(error)")
        throw ExitStatus.usage
    }
}

/// FNV-1a, 64 bits: enough to notice that a file changed (not a security measure).
func sourceDigest(_ bytes: [UInt8]) -> String {
    let hash = fnv1a64(bytes)
    let hex = String(hash, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
}

/// Importing resets the machines' states: never under a run that is not
/// over, whose journal and resume depend on those states.
func refuseImportUnderUnfinishedRuns(_ store: InventoryStore, what: String) throws {
    let unfinished = try Journal.unfinishedRuns(in: store)
    guard !unfinished.isEmpty else { return }
    printError("rpl: \(what.isEmpty ? "" : what + " ")\(store.path) has unfinished runs (\(unfinished.joined(separator: ", "))): "
        + "finish them with `rpl resume RUN-ID` before importing the inventory again")
    throw ExitStatus.usage
}
