import ArgumentParser
import Foundation
import RPLInventory
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
            """)

    @Argument(help: ArgumentHelp("The inventory JSON file (the format of docs/inventory.md).", valueName: "file.json"))
    var file: String

    @Option(help: ArgumentHelp("The SQLite database to create or update.", valueName: "path"))
    var db: String

    func run() throws {
        let bytes = try readInventoryFile(file)
        let inventory = try decodeJSON(bytes, path: file)
        let existed = FileManager.default.fileExists(atPath: db)
        let store = try openStore(db, mode: .readWrite)
        if existed { try refuseImportUnderUnfinishedRuns(store, what: "") }
        do {
            try store.importInventory(inventory, sourceDigest: sourceDigest(bytes))
        } catch {
            if !existed { try? FileManager.default.removeItem(atPath: db) }
            printError("rpl: \(error)")
            throw ExitStatus.usage
        }
        writeOut("imported \(file) into \(db): \(summary(of: inventory))\n")
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
        let inventory = try inventoryOptions.reader(readOnly: true).loadInventory()
        switch (format, selected) {
        case let (.json, kind?):
            writeOut(InventoryJSON.encode(inventory, kind: kind).serialized(pretty: true) + "\n")
        case (.json, nil):
            writeOut(InventoryJSON.encode(inventory).serialized(pretty: true) + "\n")
        case let (.text, kind?):
            writeOut(InventoryTable.render(inventory, kind: kind))
        case (.text, nil):
            let sections = InventoryKind.displayOrder.map { kind in
                "\(kind.heading(inventory))\n" + InventoryTable.render(inventory, kind: kind)
            }
            writeOut(sections.joined(separator: "\n"))
        }
    }
}

// MARK: - Text tables

extension InventoryKind {
    /// From the estate down to the machines, as a reader meets them.
    static let displayOrder: [InventoryKind] = [
        .network, .configurationServer, .vcenters, .hosts, .datastores, .processServers, .masterTargets, .machines,
    ]

    func heading(_ inventory: Inventory) -> String {
        switch self {
        case .network: "network"
        case .configurationServer: "configuration server"
        case .vcenters: "vCenters (\(inventory.vcenters.count))"
        case .hosts: "ESXi hosts (\(inventory.hosts.count))"
        case .datastores: "datastores (\(inventory.datastores.count))"
        case .processServers: "process servers (\(inventory.processServers.count))"
        case .masterTargets: "master targets (\(inventory.masterTargets.count))"
        case .machines: "machines (\(inventory.machines.count))"
        }
    }
}

enum InventoryTable {
    static func render(_ inventory: Inventory, kind: InventoryKind) -> String {
        func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }
        switch kind {
        case .network:
            return table(["LINK", "BANDWIDTH"],
                         inventory.network.map { [[$0.link.rawValue, "\($0.bandwidthMbps) Mbps"]] } ?? [])
        case .configurationServer:
            return table(["NAME", "SITE"], inventory.configurationServer.map { [[$0.name, $0.site.rawValue]] } ?? [])
        case .vcenters:
            return table(["NAME", "ACCOUNT", "DISCOVERED"],
                         inventory.vcenters.map { [$0.name, $0.account.rawValue, yes($0.discovered)] })
        case .hosts:
            return table(["NAME", "VCENTER", "EDITION"], inventory.hosts.map { [$0.name, $0.vcenter, $0.edition.rawValue] })
        case .datastores:
            return table(["NAME", "TYPE", "FREE", "MOUNTS"], inventory.datastores.map { d in
                [d.name, d.type.rawValue, "\(d.freeGB) GB",
                 d.mounts.map { "\($0.host) \($0.access == .readWrite ? "rw" : "ro")" }.joined(separator: ", ")]
            })
        case .processServers:
            return table(["NAME", "SITE", "REACHES CS", "HEARTBEAT"], inventory.processServers.map {
                [$0.name, $0.site.rawValue, yes($0.reachesConfigurationServer), yes($0.heartbeat)]
            })
        case .masterTargets:
            return table(["NAME", "OS", "HOST", "SITE", "TOOLS", "ENABLEUUID", "SNAPSHOTS", "SCSI", "SVMOTION", "DISKS", "VOLUMES"],
                         inventory.masterTargets.map { t in
                             [t.name, t.os.rawValue, t.host, t.site.rawValue, yes(t.vmwareTools), yes(t.diskEnableUUID),
                              "\(t.snapshots)", t.scsiController.rawValue, yes(t.storageVMotion), "\(t.attachedDisks)",
                              t.volumes.map(describe).joined(separator: ", ")]
                         })
        case .machines:
            return table(["NAME", "STATE", "OS", "VERSION", "KIND", "GROUP", "DISKS", "IN CS", "AGENT", "BOOTED IN AZURE",
                          "STATIC IP", "ON-PREM VM"],
                         inventory.machines.map { m in
                             [m.name, m.state.rawValue, m.os.rawValue, m.osVersion, m.kind.rawValue, m.replicationGroup ?? "-",
                              "\(m.disks) × \(m.diskGB) GB", yes(m.inConfigurationServer), yes(m.agentRegistered),
                              m.bootedInAzureAt.map(ISO8601.format) ?? "-", yes(m.staticIP), describe(m.onpremVM)]
                         })
        }
    }

    private static func describe(_ volume: Volume) -> String {
        var words = [volume.path, volume.filesystem, "\(volume.capacityGB) GB"]
        if volume.cache { words.append("cache") }
        if volume.locked { words.append("locked") }
        if volume.purpose == .replicationTarget { words.append("replication target") }
        return words.joined(separator: " ")
    }

    private static func describe(_ vm: OnPremVM) -> String {
        guard vm.exists else { return "none (created on reprotect)" }
        var words = [vm.host ?? "host unknown"]
        if !vm.datastores.isEmpty { words.append(vm.datastores.joined(separator: ",")) }
        if vm.snapshots > 0 { words.append("\(vm.snapshots) snapshot\(vm.snapshots == 1 ? "" : "s")") }
        return words.joined(separator: " ")
    }

    /// Columns padded to their widest cell (in characters), two spaces apart.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        if rows.isEmpty { return "(none)\n" }
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                if column == cells.count - 1 {
                    text += cell
                } else {
                    text += cell + String(repeating: " ", count: widths[column] - cell.count + 2)
                }
            }
            return text + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}
