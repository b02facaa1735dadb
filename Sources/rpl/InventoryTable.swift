import RPLInventory

// MARK: - Text tables

extension InventoryKind {
    /// From the estate down to the machines, as a reader meets them.
    static let displayOrder: [InventoryKind] = [
        .network, .configurationServer, .vault, .vcenters, .hosts, .datastores, .processServers, .masterTargets,
        .appliances, .logStorageAccounts, .failbackPolicies, .runAsAccounts, .machines,
    ]

    /// The modernized architecture's records show only in an estate that has
    /// some: a classic estate's listing stays as it was.
    func isShown(in inventory: Inventory) -> Bool {
        switch self {
        case .vault: inventory.vault != nil
        case .appliances: !inventory.appliances.isEmpty
        case .logStorageAccounts: !inventory.logStorageAccounts.isEmpty
        case .failbackPolicies: !inventory.failbackPolicies.isEmpty
        case .runAsAccounts: !inventory.runAsAccounts.isEmpty
        default: true
        }
    }

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
        case .vault: "vault"
        case .appliances: "replication appliances (\(inventory.appliances.count))"
        case .logStorageAccounts: "log storage accounts (\(inventory.logStorageAccounts.count))"
        case .failbackPolicies: "failback policies (\(inventory.failbackPolicies.count))"
        case .runAsAccounts: "run-as accounts (\(inventory.runAsAccounts.count))"
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
        case .vault:
            return table(["NAME", "REGION"], inventory.vault.map { [[$0.name, $0.region]] } ?? [])
        case .appliances:
            // One row per reprotect agent, under its appliance; an appliance without agents still shows.
            return table(["APPLIANCE", "HEALTH", "HEARTBEAT", "PROTECTED", "PROCESS SERVERS", "REPROTECT AGENT", "VCENTER", "DATASTORES"],
                         inventory.appliances.flatMap { a -> [[String]] in
                             let head = [a.name, a.health.rawValue, a.lastHeartbeat.map(ISO8601.format) ?? "-", "\(a.protectedItems)",
                                         a.processServers.joined(separator: ",")]
                             if a.reprotectAgents.isEmpty { return [head + ["-", "-", "-"]] }
                             return a.reprotectAgents.map { r in
                                 head + ["\(r.name) (\(r.health.rawValue))", r.vcenter, r.accessibleDatastores.joined(separator: ",")]
                             }
                         })
        case .logStorageAccounts:
            return table(["NAME", "REGION", "SOFT DELETE"], inventory.logStorageAccounts.map { [$0.name, $0.region, yes($0.softDelete)] })
        case .failbackPolicies:
            return table(["NAME", "KIND", "RPO THRESHOLD", "RETENTION", "APP-CONSISTENT EVERY"], inventory.failbackPolicies.map {
                [$0.name, $0.kind.rawValue, "\($0.rpoThresholdMinutes) min", "\($0.recoveryPointRetentionMinutes) min",
                 "\($0.appConsistentFrequencyMinutes) min"]
            })
        case .runAsAccounts:
            return table(["NAME", "ID"], inventory.runAsAccounts.map { [$0.name, $0.armID ?? "-"] })
        }
    }

    private static func describe(_ volume: Volume) -> String {
        var words = [volume.path, volume.filesystem ?? "file system unknown", "\(volume.capacityGB) GB"]
        if let free = volume.freeGB { words.append("\(free) GB free") }
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
