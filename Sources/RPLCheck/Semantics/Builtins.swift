import RPLInventory
import RPLSource

/// The native primitives and the inventory as lists. Everything else of
/// the library is written in rpl (stdlib/).
enum Builtins {
    /// The failback policy (docs/language.md, the `policy` clause): selected automatically, not editable.
    static let failbackPolicy: Value = .record([
        ("rpo-threshold", .duration(15 * 60)),
        ("recovery-point-retention", .duration(24 * 3600)),
        ("app-consistent-snapshot-frequency", .duration(60 * 60)),
    ])

    static let listNames = ["machines", "master-targets", "process-servers", "datastores", "hosts", "vcenters"]

    static var names: [String] { listNames + ["failback-policy"] + Builtin.allCases.map(\.rawValue) }

    static func value(named name: String, inventory: Inventory) -> Value? {
        switch name {
        case "machines": .list(inventory.machines.map { .entity(.machine, $0.name) })
        case "master-targets": .list(inventory.masterTargets.map { .entity(.masterTarget, $0.name) })
        case "process-servers": .list(inventory.processServers.map { .entity(.processServer, $0.name) })
        case "datastores": .list(inventory.datastores.map { .entity(.datastore, $0.name) })
        case "hosts": .list(inventory.hosts.map { .entity(.host, $0.name) })
        case "vcenters": .list(inventory.vcenters.map { .entity(.vcenter, $0.name) })
        case "failback-policy": failbackPolicy
        default: Builtin(rawValue: name).map { .builtin($0) }
        }
    }

    /// The fields of an inventory record, as `m.os` reads them and as
    /// `where` puts them in scope.
    static func fields(of kind: EntityKind, _ name: String, inventory: Inventory) -> [(String, Value)] {
        func optional(_ text: String?) -> Value { text.map { .string($0) } ?? .none }
        switch kind {
        case .machine:
            guard let m = inventory.machine(name) else { return [] }
            return [
                ("name", .string(m.name)), ("os", .string(m.os.rawValue)), ("os-version", .string(m.osVersion)),
                ("kind", .string(m.kind.rawValue)), ("state", .string(m.state.rawValue)),
                ("replication-group", optional(m.replicationGroup)), ("disks", .integer(Int64(m.disks))),
                ("disk-size", .size(Int64(m.disks) * Int64(m.diskGB) << 30)), ("static-ip", .bool(m.staticIP)),
                ("agent-registered", .bool(m.agentRegistered)), ("in-configuration-server", .bool(m.inConfigurationServer)),
                ("onprem-vm-exists", .bool(m.onpremVM.exists)),
                // Host values, so `master-targets where host == m.onprem-vm-host`
                // picks a master target beside the VM without naming machines.
                ("onprem-vm-host", m.onpremVM.host.map { .entity(.host, $0) } ?? .none),
                ("onprem-vm-datastores", .list(m.onpremVM.datastores.map { .entity(.datastore, $0) })),
                ("onprem-vm-snapshots", .integer(Int64(m.onpremVM.snapshots))),
            ]
        case .masterTarget:
            guard let t = inventory.masterTarget(name) else { return [] }
            return [
                ("name", .string(t.name)), ("os", .string(t.os.rawValue)), ("host", .entity(.host, t.host)),
                ("site", .string(t.site.rawValue)), ("attached-disks", .integer(Int64(t.attachedDisks))),
                ("snapshots", .integer(Int64(t.snapshots))), ("default-retention", .string(t.defaultRetentionPath)),
                ("volumes", .list(t.volumes.map { .string($0.path) })),
            ]
        case .processServer:
            guard let p = inventory.processServer(name) else { return [] }
            return [("name", .string(p.name)), ("site", .string(p.site.rawValue)), ("heartbeat", .bool(p.heartbeat))]
        case .datastore:
            guard let d = inventory.datastore(name) else { return [] }
            return [
                ("name", .string(d.name)), ("type", .string(d.type.rawValue)), ("free", .size(Int64(d.freeGB) << 30)),
                ("hosts", .list(d.mounts.map { .entity(.host, $0.host) })),
            ]
        case .host:
            guard let h = inventory.host(name) else { return [] }
            return [("name", .string(h.name)), ("vcenter", .entity(.vcenter, h.vcenter)), ("edition", .string(h.edition.rawValue))]
        case .vcenter:
            guard let v = inventory.vcenter(name) else { return [] }
            return [("name", .string(v.name)), ("account", .string(v.account.rawValue)), ("discovered", .bool(v.discovered))]
        case .group:
            return [("name", .string(name))]
        }
    }
}
