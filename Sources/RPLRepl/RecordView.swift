import RPLCheck
import RPLInventory

/// A bare name at the prompt prints the record it stands for: `web` shows
/// the machine's fields (state, OS, disks, replication group, ...) and
/// where its on-prem VM is, not just "web".
extension ReplSession {
    func recordText(_ kind: EntityKind, _ name: String) -> String? {
        let fields = Checker.fields(of: kind, name, inventory: inventory).filter { $0.0 != "name" }
        guard !fields.isEmpty else { return nil }
        var rows = fields.map { [$0.0, $0.1.display] }
        if kind == .machine, let vm = inventory.machine(name)?.onpremVM, vm.exists {
            rows.append(["onprem-vm", ([vm.host ?? "host unknown"] + vm.datastores).joined(separator: " ")
                         + (vm.snapshots > 0 ? ", \(vm.snapshots) snapshot\(vm.snapshots == 1 ? "" : "s")" : "")])
        }
        return "\(kind.rawValue) \(name)\n" + table(rows)
    }

    /// The kind of record a name stands for in the inventory, if any.
    func entityKind(of name: String) -> EntityKind? {
        if inventory.machine(name) != nil { return .machine }
        if inventory.masterTarget(name) != nil { return .masterTarget }
        if inventory.processServer(name) != nil { return .processServer }
        if inventory.datastore(name) != nil { return .datastore }
        if inventory.host(name) != nil { return .host }
        if inventory.vcenter(name) != nil { return .vcenter }
        return nil
    }
}
