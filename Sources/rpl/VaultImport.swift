import Foundation
import RPLImport
import RPLInventory
import RPLPipeline
import RPLSource
import RPLStore

/// What `rpl inventory import --from asr` and `rpl inventory pull --vault`
/// share once the vault's answers are read: merge them into the database's
/// inventory, write it only when it is consistent, and report.
enum VaultImport {
    /// RP962: a response that cannot be used; nothing is written, exit 2.
    static func refuse(_ error: ARMResponseError, db: String) -> Error {
        emit([Diagnostic(.RP962, "\(error.message); nothing was written to \(db)", at: Label(file: SourceFile(textless: error.source), span: Span(0, 0)))],
             format: .text)
        return ExitStatus.usage
    }

    /// The database a pull or an import merges into, and its inventory: an
    /// empty one for a new file. Refused while a run is unfinished.
    static func openForMerge(_ db: String) throws -> (store: InventoryStore, old: Inventory, existed: Bool) {
        let existed = FileManager.default.fileExists(atPath: db)
        let (store, old) = try pipeline { () throws(PipelineFailure) in
            let store: InventoryStore
            do { store = try InventoryStore(path: db, mode: .readWrite) } catch { throw .usage("\(error)") }
            if existed { try InventoryLocation.refuseImportUnderUnfinishedRuns(store, what: "") }
            guard existed else { return (store, Inventory()) }
            do { return (store, try store.loadInventory()) } catch { throw .usage("cannot load inventory '\(db)': \(error)") }
        }
        return (store, old, existed)
    }

    /// RP965: the merge's result does not validate; its issues are the diagnostic's notes.
    static func inconsistent(_ error: Error, source: String, db: String) -> Error {
        var notes: [String] = []
        if case let StoreError.invalidInventory(issues) = error {
            notes = issues.map { "\($0.path): \($0.message)" }
        } else {
            notes = ["\(error)"]
        }
        emit([Diagnostic(.RP965, "the inventory merged with \(source) is not consistent; nothing was written to \(db)",
                         at: Label(file: SourceFile(textless: source), span: Span(0, 0)), notes: notes)], format: .text)
        return ExitStatus.usage
    }

    static func apply(_ outcome: ASRImport.Outcome, what: String, db: String) throws {
        let (store, old, existed) = try openForMerge(db)
        // A database this command created is removed again when nothing is written into it.
        var keep = existed
        defer { if !keep { try? FileManager.default.removeItem(atPath: db) } }
        let merged = InventoryMerge.merge(old, withVault: outcome.estate)
        do {
            try store.importInventory(merged.inventory)
        } catch {
            throw inconsistent(error, source: what, db: db)
        }
        keep = true

        var diagnostics = outcome.skipped.map { skip in
            Diagnostic(.RP961, "\(skip.message); left out", at: Label(file: SourceFile(textless: "\(skip.source) \(skip.path)"), span: Span(0, 0)))
        }
        diagnostics += merged.assumed.map { line in
            Diagnostic(.RP963, line, at: Label(file: SourceFile(textless: what), span: Span(0, 0)))
        }
        if !diagnostics.isEmpty { emit(diagnostics, format: .text) }
        let estate = outcome.estate
        var lines = ["imported \(what) into \(db): \(estate.machines.count) protected items, \(estate.processServers.count) process servers, "
            + "\(estate.masterTargets.count) master targets, \(estate.appliances.count) appliances, \(estate.failbackPolicies.count) failback policies, "
            + "\(estate.vcenters.count) vCenters"]
        lines += InventoryChanges.between(old, merged.inventory).report()
        lines += (outcome.renamed + merged.notes).map { "note: \($0)" }
        writeOut(lines.joined(separator: "\n") + "\n")
    }
}
