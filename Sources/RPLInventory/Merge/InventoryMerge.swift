/// Old inventory + what a source pulled → new inventory, the same for every
/// source. Records are matched by identity: a machine's on-premises VM and
/// a master target's VM by instance UUID or BIOS UUID when the inventory
/// has one, else by name; datastores by UUID, else name; hosts by name. What the source
/// does not know keeps its value. docs/inventory.md ("Pulling from a
/// vCenter") states every rule; the result is validated by the caller
/// (the store will not write an inventory that does not validate).
public enum InventoryMerge {
    public struct Result: Sendable {
        public var inventory: Inventory
        /// Things the user should know that are not changes ("mt2: not found in the vCenter, kept").
        public var notes: [String]
    }

    public static func merge(_ old: Inventory, with pulled: PulledEstate) -> Result {
        var new = old
        // The records change together; `update` reindexes once at the end.
        let notes = new.update { records in merge(&records, old: old, with: pulled) }
        return Result(inventory: new, notes: notes)
    }

    private static func merge(_ records: inout Inventory.Records, old: Inventory, with pulled: PulledEstate) -> [String] {
        var notes: [String] = []
        let vcenterName = mergeVCenter(&records, pulled.vcenter)

        // Hosts of this vCenter before the pull and after it: the scope of "not found".
        let pulledHosts = Set(pulled.hosts.map(\.name))
        let formerHosts = Set(old.hosts.filter { $0.vcenter == vcenterName }.map(\.name))
        let scope = pulledHosts.union(formerHosts)

        for var host in pulled.hosts {
            host.vcenter = vcenterName
            if let position = records.hosts.firstIndex(where: { $0.name == host.name }) {
                records.hosts[position] = host
            } else {
                records.hosts.append(host)
            }
        }
        records.hosts.removeAll { formerHosts.contains($0.name) && !pulledHosts.contains($0.name) }

        notes += mergeDatastores(&records, pulled.datastores, scope: scope)

        let vms = VMLookup(pulled.vms)
        let onlyVCenter = old.vcenters.allSatisfy { $0.name == vcenterName }
        for position in records.machines.indices {
            let machine = records.machines[position]
            if let vm = vms.find(identity: machine.onpremVM.identity, name: machine.name) {
                records.machines[position].onpremVM = OnPremVM(
                    exists: true, host: vm.host, datastores: vm.datastores, snapshots: vm.snapshots,
                    identity: vm.identity, poweredOn: vm.poweredOn)
            } else if machine.onpremVM.host.map(scope.contains) ?? onlyVCenter {
                // Its VM was on this vCenter (or there is no other) and is gone:
                // a reprotect recreates it (alternate location).
                if machine.onpremVM.exists { notes.append("machine \(machine.name): no VM by that identity or name in \(pulled.source); marked as not existing") }
                records.machines[position].onpremVM = OnPremVM(exists: false, identity: machine.onpremVM.identity)
            }
        }

        for position in records.masterTargets.indices {
            let target = records.masterTargets[position]
            guard let vm = vms.find(identity: target.identity, name: target.name) else {
                if target.site == .onprem, scope.contains(target.host) {
                    notes.append("master target \(target.name): no VM by that identity or name in \(pulled.source); its facts are kept")
                }
                continue
            }
            var updated = target
            if let host = vm.host { updated.host = host }
            if let tools = vm.vmwareTools { updated.vmwareTools = tools }
            updated.diskEnableUUID = vm.diskEnableUUID
            updated.snapshots = vm.snapshots
            if let controller = vm.scsiController { updated.scsiController = controller }
            updated.identity = vm.identity
            records.masterTargets[position] = updated
        }

        return notes
    }

    /// The pulled vCenter's record, matched by name without case; returns the name the inventory uses.
    private static func mergeVCenter(_ inventory: inout Inventory.Records, _ pulled: VCenter) -> String {
        if let position = inventory.vcenters.firstIndex(where: { $0.name.lowercased() == pulled.name.lowercased() }) {
            inventory.vcenters[position].version = pulled.version
            inventory.vcenters[position].apiType = pulled.apiType
            inventory.vcenters[position].discovered = true
            return inventory.vcenters[position].name
        }
        inventory.vcenters.append(pulled)
        return pulled.name
    }

    /// A pulled datastore replaces the type, sizes, UUID and the mounts on
    /// this vCenter's hosts; mounts on other hosts stay. One found by UUID
    /// under another name was renamed in the vCenter: it takes the new name,
    /// and so does every reference to it. A datastore all of whose mounts
    /// were on this vCenter's hosts and that the pull no longer lists is gone.
    private static func mergeDatastores(_ inventory: inout Inventory.Records, _ pulled: [Datastore], scope: Set<String>) -> [String] {
        var notes: [String] = []
        let pulledNames = Set(pulled.map(\.name))
        for datastore in pulled {
            if let position = inventory.datastorePosition(uuid: datastore.uuid, name: datastore.name) {
                let previous = inventory.datastores[position]
                if previous.name != datastore.name {
                    notes.append("datastore \(previous.name) is \(datastore.name) in the vCenter (same UUID): renamed")
                    inventory.renameDatastore(previous.name, to: datastore.name)
                }
                var merged = datastore
                merged.uuid = datastore.uuid ?? previous.uuid
                merged.mounts += previous.mounts.filter { !scope.contains($0.host) }
                inventory.datastores[position] = merged
            } else {
                inventory.datastores.append(datastore)
            }
        }
        inventory.datastores.removeAll { datastore in
            !pulledNames.contains(datastore.name) && !datastore.mounts.isEmpty
                && datastore.mounts.allSatisfy { scope.contains($0.host) }
        }
        return notes
    }
}

/// Pulled VMs by instance UUID, BIOS UUID and name.
private struct VMLookup {
    var byInstance: [String: PulledVM] = [:]
    var byBIOS: [String: PulledVM] = [:]
    var byName: [String: PulledVM] = [:]

    init(_ vms: [PulledVM]) {
        // Reversed, so that the first of duplicates wins.
        for vm in vms.reversed() {
            if let id = vm.identity.instanceUUID { byInstance[id.lowercased()] = vm }
            if let id = vm.identity.biosUUID { byBIOS[id.lowercased()] = vm }
            byName[vm.name] = vm
        }
    }

    /// By identity when the record has one (and then only by identity: a
    /// VM that took the name of a deleted one is another VM), else by name.
    func find(identity: VMIdentity, name: String) -> PulledVM? {
        if identity.isEmpty { return byName[name] }
        if let id = identity.instanceUUID?.lowercased(), let vm = byInstance[id] { return vm }
        if let id = identity.biosUUID?.lowercased(), let vm = byBIOS[id] { return vm }
        return nil
    }
}
