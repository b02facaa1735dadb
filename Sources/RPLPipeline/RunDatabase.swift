import Foundation
import RPLInventory
import RPLRuntime
import RPLStore

/// The inventory database a run journals into, and a word on where it came from.
public struct RunDatabase {
    public var store: InventoryStore
    /// Said after the path, e.g. "created from plans/estate.json"; nil for a database given as is.
    public var note: String?

    public var path: String { store.path }

    /// Opens an inventory database; every failure names the file.
    static func open(_ path: String, mode: InventoryStore.Mode) throws(PipelineFailure) -> InventoryStore {
        do {
            return try InventoryStore(path: path, mode: mode)
        } catch {
            throw .usage("\(error)")
        }
    }
}

extension InventoryLocation {
    /// The database that `rpl run` and the REPL's `:run` work on:
    ///
    /// - a database: that database, read-write (it must already be one rpl made).
    /// - `DIR/NAME.json`: `DIR/NAME.sqlite`, created and imported from the
    ///   JSON file on first use. Later runs reuse it, so machine states and
    ///   the journal carry over; when the JSON file has changed since, its
    ///   records are imported again (machine states start over from the
    ///   file; the journal is kept), never under an unfinished run. A
    ///   `NAME.sqlite` that was not made from a JSON file is used as it is.
    /// - the demo: `./rpl-demo.sqlite`, made from the demo inventory the same way.
    public func openRunDatabase() throws(PipelineFailure) -> RunDatabase {
        switch self {
        case let .database(path):
            return RunDatabase(store: try RunDatabase.open(path, mode: .readWrite), note: nil)
        case let .json(path):
            let bytes = try InventoryDocument.read(path)
            return try derivedDatabase(from: bytes) { () throws(PipelineFailure) in try InventoryDocument.decode(bytes, name: path) }
        case .demo:
            return try derivedDatabase(from: DemoInventory.json) { () throws(PipelineFailure) in
                try InventoryDocument.decode(DemoInventory.json, name: "<demo inventory>")
            }
        }
    }

    /// The run database when it exists, for commands that only read or
    /// continue runs (`rpl jobs`, `rpl resume`): they never create one.
    /// nil when there is none yet; the path it looked at is `runDatabasePath`.
    public func existingRunDatabase(mode: InventoryStore.Mode) throws(PipelineFailure) -> RunDatabase? {
        let path = runDatabasePath
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return RunDatabase(store: try RunDatabase.open(path, mode: mode), note: nil)
    }

    private func derivedDatabase(from bytes: [UInt8], decode: () throws(PipelineFailure) -> Inventory) throws(PipelineFailure) -> RunDatabase {
        let path = runDatabasePath
        let digest = InventoryDocument.digest(bytes)
        let existed = FileManager.default.fileExists(atPath: path)
        // Validate before creating anything: a broken file leaves no database behind.
        let inventory = try decode()
        let store: InventoryStore
        do {
            store = try InventoryStore(path: path, mode: .readWrite)
        } catch {
            if existed { throw .usage("\(error)") }
            throw .usage("cannot create the run database '\(path)' for \(name): \(error)")
        }
        do {
            if !existed {
                try store.importInventory(inventory, sourceDigest: digest)
                return RunDatabase(store: store, note: "created from \(name)")
            }
            let recorded = try store.sourceDigest()
            if recorded == digest { return RunDatabase(store: store, note: "made from \(name)") }
            if recorded == nil, try store.loadInventory() != Inventory() {
                return RunDatabase(store: store, note: "an existing database, not made from \(name): used as it is")
            }
            try Self.refuseImportUnderUnfinishedRuns(store, what: "\(name) changed, but")
            try store.importInventory(inventory, sourceDigest: digest)
            return RunDatabase(store: store, note: recorded == nil ? "created from \(name)" : "\(name) changed: imported again, machine states reset")
        } catch let failure as PipelineFailure {
            throw failure
        } catch {
            throw .usage("\(error)")
        }
    }

    /// Importing resets the machines' states: never under a run that is not
    /// over, whose journal and resume depend on those states.
    public static func refuseImportUnderUnfinishedRuns(_ store: InventoryStore, what: String) throws(PipelineFailure) {
        let unfinished: [String]
        do { unfinished = try Journal.unfinishedRuns(in: store) } catch { throw .usage("\(error)") }
        guard !unfinished.isEmpty else { return }
        throw .usage("\(what.isEmpty ? "" : what + " ")\(store.path) has unfinished runs (\(unfinished.joined(separator: ", "))): "
            + "finish them with `rpl resume RUN-ID` before importing the inventory again")
    }
}
