import ArgumentParser
import Foundation
import RPLImport
import RPLInventory
import RPLPipeline
import RPLSource
import RPLStore

/// `rpl inventory import` and `rpl inventory show`.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Load and view the inventory.",
        subcommands: [ImportInventory.self, PullInventory.self, ShowInventory.self])
}

struct ImportInventory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate an inventory JSON file and load it into a SQLite database, replacing its inventory.",
        discussion: """
            The file is checked strictly first (unknown keys, types, enumeration values, duplicate names, \
            references between records); every error is printed with its JSON path and nothing is written, \
            not even a new database file. The import itself is one transaction. Machine states come from \
            the file; run journals already in the database are kept.

            With --from asr, FILE is a folder of saved Site Recovery responses (single resources or \
            {"value": [...]} lists, any file names: what `az rest` saves), each recognised by its type; \
            they are merged into the database's inventory like a pull (docs/inventory.md). An item rpl \
            does not understand is reported with its file and JSON path and left out; a file that is not \
            JSON or a resource of an unknown type stops the import with nothing written.
            """)

    @Argument(help: ArgumentHelp("The inventory JSON file (the format of docs/inventory.md); with --from asr, a folder of saved Site Recovery responses.",
                                 valueName: "file.json"))
    var file: String

    @Option(help: ArgumentHelp("What the file is: `json`, rpl's own format, or `asr`, a folder of Site Recovery (ARM) responses merged into the database's inventory.",
                               valueName: "format"))
    var from: ImportSource = .json

    @Option(help: ArgumentHelp("The SQLite database to create or update.", valueName: "path"))
    var db: String

    func run() throws {
        if from == .asr { return try importFromVaultFolder() }
        let (inventory, bytes) = try pipeline { () throws(PipelineFailure) in
            let bytes = try InventoryDocument.read(file)
            return (try InventoryDocument.decode(bytes, name: file), bytes)
        }
        let existed = FileManager.default.fileExists(atPath: db)
        try pipeline { () throws(PipelineFailure) in
            let store: InventoryStore
            do { store = try InventoryStore(path: db, mode: .readWrite) } catch { throw .usage("\(error)") }
            if existed { try InventoryLocation.refuseImportUnderUnfinishedRuns(store, what: "") }
            do { try store.importInventory(inventory, sourceDigest: InventoryDocument.digest(bytes)) } catch {
                if !existed { try? FileManager.default.removeItem(atPath: db) }
                throw .usage("\(error)")
            }
        }
        writeOut("imported \(file) into \(db): \(summary(of: inventory))\n")
    }
}

enum ImportSource: String, ExpressibleByArgument, CaseIterable {
    case json, asr
}

extension ImportInventory {
    /// `--from asr DIR`: the vault's saved responses, merged like a pull.
    func importFromVaultFolder() throws {
        let outcome: ASRImport.Outcome
        do {
            outcome = try ASRImport.estate(from: ARMResponses.readFolder(file), source: file)
        } catch {
            throw VaultImport.refuse(error, db: db)
        }
        try VaultImport.apply(outcome, what: "the Site Recovery responses in \(file)", db: db)
    }
}

/// "6 machines, 3 master targets, …" for the import's one-line report.
func summary(of inventory: Inventory) -> String {
    func count(_ n: Int, _ noun: String, _ plural: String? = nil) -> String { "\(n) \(n == 1 ? noun : plural ?? noun + "s")" }
    var parts = [
        count(inventory.machines.count, "machine"), count(inventory.masterTargets.count, "master target"),
        count(inventory.processServers.count, "process server"), count(inventory.datastores.count, "datastore"),
        count(inventory.hosts.count, "ESXi host"), count(inventory.vcenters.count, "vCenter"),
    ]
    parts.append(inventory.network.map { "network \($0.link.rawValue)" } ?? "no network")
    parts.append(inventory.configurationServer.map { "configuration server \($0.name)" } ?? "no configuration server")
    return parts.joined(separator: ", ")
}

enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct ShowInventory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the inventory, or one kind of record, as tables or in the import format's JSON shape.",
        discussion: """
            KIND is one of: \(InventoryKind.allCases.map(\.rawValue).joined(separator: ", ")) \
            (snake_case spellings such as master_targets or esxi_hosts are accepted too). \
            With --format json, a KIND prints that kind's records as the import format writes them \
            (machines with their current state); without KIND, the whole document, which \
            `rpl inventory import` reads back.
            """)

    @Argument(help: ArgumentHelp("The kind of record to show (default: everything).", valueName: "kind"))
    var kind: String?

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "Output format: text or json.")
    var format: ShowFormat = .text

    func run() throws {
        var selected: InventoryKind?
        if let kind {
            selected = InventoryKind(spelling: kind)
            if selected == nil {
                printError("rpl: unknown kind '\(kind)'; expected one of: \(InventoryKind.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitStatus.usage
            }
        }
        let workspace = try inventoryOptions.workspace(now: nil)
        let inventory = try pipeline { () throws(PipelineFailure) in try workspace.readInventory() }
        switch (format, selected) {
        case let (.json, kind?):
            writeOut(InventoryJSON.encode(inventory, kind: kind).serialized(pretty: true) + "\n")
        case (.json, nil):
            writeOut(InventoryJSON.encode(inventory).serialized(pretty: true) + "\n")
        case let (.text, kind?):
            writeOut(InventoryTable.render(inventory, kind: kind))
        case (.text, nil):
            let sections = InventoryKind.displayOrder.filter { $0.isShown(in: inventory) }.map { kind in
                "\(kind.heading(inventory))\n" + InventoryTable.render(inventory, kind: kind)
            }
            writeOut(sections.joined(separator: "\n"))
        }
    }
}
