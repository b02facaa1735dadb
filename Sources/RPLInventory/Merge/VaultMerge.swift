/// Old inventory + what a vault said → new inventory. Records are matched
/// by ARM id, then (machines) by the on-prem VM's identity, then by name;
/// a matched record keeps its name (plans name it) and every fact the vault
/// does not own: what a vCenter pull or the user said (hosts, mounts,
/// snapshots, tools, churn, ...). docs/inventory.md ("Importing from the
/// vault") states the rules; the caller validates the result.
extension InventoryMerge {
    public struct VaultResult: Sendable {
        public var inventory: Inventory
        /// Things the user should know that are not changes.
        public var notes: [String]
        /// What rpl assumed for records it created: "churn_gb_per_day (10) for 2 machines: web, db".
        public var assumed: [String]
    }

    public static func merge(_ old: Inventory, withVault pulled: VaultEstate) -> VaultResult {
        var merger = VaultMerger(old: old, pulled: pulled)
        var new = old
        new.vault = merger.vault()
        new.configurationServer = merger.configurationServer()
        new.update { records in merger.merge(&records) }
        return VaultResult(inventory: new, notes: merger.notes, assumed: merger.assumedLines())
    }
}

/// ARM ids compare without case: ARM itself answers `/Subscriptions/` and `/subscriptions/` alike.
func sameARMID(_ a: String?, _ b: String?) -> Bool {
    guard let a, let b else { return false }
    return a.lowercased() == b.lowercased()
}

private struct VaultMerger {
    let old: Inventory
    let pulled: VaultEstate
    var notes: [String] = []
    /// (kind, key, default) → names of the records created with that default.
    var assumed: [String: [String]] = [:]
    var assumedOrder: [String] = []
    /// The vault's name of a datastore → the inventory's, for those matched by UUID under another name.
    var datastoreNames: [String: String] = [:]

    init(old: Inventory, pulled: VaultEstate) {
        self.old = old
        self.pulled = pulled
    }

    mutating func assume(_ kind: String, _ name: String, _ keys: [String], defaults: [String: String]) {
        for key in keys {
            let line = "\(key) (\(defaults[key] ?? "default"))\u{0}\(kind)"
            if assumed[line] == nil { assumedOrder.append(line) }
            assumed[line, default: []].append(name)
        }
    }

    func assumedLines() -> [String] {
        assumedOrder.map { line in
            let parts = line.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            let names = assumed[line] ?? []
            // A few names say which records; a 300-machine import must not print 300 of them per fact.
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
            return "\(parts[0]) for \(names.count) \(parts[1])\(names.count == 1 ? "" : "s"): \(shown)"
        }
    }

    mutating func vault() -> Vault? {
        guard let name = pulled.vaultName else { return old.vault }
        if let region = pulled.vaultRegion { return Vault(name: name, region: region, armID: pulled.vaultARMID) }
        if var vault = old.vault {
            vault.armID = pulled.vaultARMID ?? vault.armID
            return vault
        }
        notes.append("vault \(name): its region is unknown (save the vault resource itself, GET on the vault's id); no vault record")
        return nil
    }

    func configurationServer() -> ConfigurationServer? {
        guard var server = pulled.configurationServer else { return old.configurationServer }
        if let previous = old.configurationServer { server.site = previous.site }
        return server
    }

    mutating func merge(_ records: inout Inventory.Records) {
        mergeVCenters(&records)
        mergeDatastores(&records)
        mergeProcessServers(&records)
        mergeMasterTargets(&records)
        mergeAppliances(&records)
        mergeLogStorageAccounts(&records)
        mergePolicies(&records)
        if !pulled.runAsAccounts.isEmpty || pulled.complete.contains("run_as_accounts") { records.runAsAccounts = pulled.runAsAccounts }
        mergeMachines(&records)
    }

    /// The position of the old record with this ARM id, else this name.
    func match<T>(_ list: [T], armID: String?, name: String, _ arm: (T) -> String?, _ named: (T) -> String) -> Int? {
        if armID != nil, let position = list.firstIndex(where: { sameARMID(arm($0), armID) }) { return position }
        return list.firstIndex { named($0) == name }
    }

    /// Records with an ARM id that the vault no longer lists, in a kind it answered in full.
    func removeGone<T>(_ list: inout [T], kind: String, seen: [Int], _ arm: (T) -> String?) {
        guard pulled.complete.contains(kind) else { return }
        let kept = Set(seen)
        list = list.enumerated().filter { position, record in
            kept.contains(position) || arm(record) == nil
        }.map(\.element)
    }

    mutating func mergeVCenters(_ records: inout Inventory.Records) {
        for said in pulled.vcenters {
            let vcenter = said.record
            if let position = records.vcenters.firstIndex(where: { sameARMID($0.armID, vcenter.armID) })
                ?? records.vcenters.firstIndex(where: { $0.name.lowercased() == vcenter.name.lowercased() }) {
                records.vcenters[position].armID = vcenter.armID
            } else {
                records.vcenters.append(vcenter)
                assume("vCenter", vcenter.name, said.unsaid, defaults: ["account": "admin"])
            }
        }
    }

    mutating func mergeDatastores(_ records: inout Inventory.Records) {
        for said in pulled.datastores {
            let datastore = said.record
            if let position = records.datastorePosition(uuid: datastore.uuid, name: datastore.name) {
                // A datastore the vault only names (a reprotect agent reaches it) changes nothing.
                guard !said.unsaid.contains("free_gb") else { continue }
                let name = records.datastores[position].name
                if name != datastore.name {
                    // The vCenter names datastores; Site Recovery may remember an older name.
                    datastoreNames[datastore.name] = name
                    notes.append("datastore \(name): Site Recovery calls it \(datastore.name) (same UUID); the inventory's name is kept")
                }
                records.datastores[position].uuid = datastore.uuid ?? records.datastores[position].uuid
                records.datastores[position].type = datastore.type
                records.datastores[position].freeGB = datastore.freeGB
                records.datastores[position].capacityGB = datastore.capacityGB
            } else {
                records.datastores.append(datastore)
                assume("datastore", datastore.name, said.unsaid, defaults: ["type": "vmfs", "free_gb": "0"])
            }
        }
    }

    mutating func mergeProcessServers(_ records: inout Inventory.Records) {
        var seen: [Int] = []
        for said in pulled.processServers {
            let server = said.record
            if let position = match(records.processServers, armID: server.armID, name: server.name, \.armID, \.name) {
                records.processServers[position].heartbeat = server.heartbeat
                records.processServers[position].armID = server.armID
                seen.append(position)
            } else {
                seen.append(records.processServers.count)
                records.processServers.append(server)
                assume("process server", server.name, said.unsaid,
                       defaults: ["site": server.site.rawValue, "reaches_configuration_server": "true"])
            }
        }
        removeGone(&records.processServers, kind: "process_servers", seen: seen, \.armID)
    }

    mutating func mergeMasterTargets(_ records: inout Inventory.Records) {
        var seen: [Int] = []
        for said in pulled.masterTargets {
            let target = said.record
            guard let position = match(records.masterTargets, armID: target.armID, name: target.name, \.armID, \.name) else {
                notes.append("master target \(target.name): Site Recovery does not say on which ESXi host it runs; "
                    + "not added (give it in the inventory, with its host, and import again)")
                continue
            }
            seen.append(position)
            var merged = records.masterTargets[position]
            merged.os = target.os
            merged.attachedDisks = target.attachedDisks
            merged.armID = target.armID
            for volume in target.volumes {
                if let at = merged.volumes.firstIndex(where: { Volume.samePath($0.path, volume.path, os: merged.os) }) {
                    merged.volumes[at].capacityGB = volume.capacityGB
                    merged.volumes[at].freeGB = volume.freeGB
                    if let filesystem = volume.filesystem { merged.volumes[at].filesystem = filesystem }
                } else {
                    merged.volumes.append(volume)
                }
            }
            records.masterTargets[position] = merged
        }
        removeGone(&records.masterTargets, kind: "master_targets", seen: seen, \.armID)
    }

    mutating func mergeAppliances(_ records: inout Inventory.Records) {
        var seen: [Int] = []
        for var appliance in pulled.appliances {
            for r in appliance.reprotectAgents.indices {
                appliance.reprotectAgents[r].accessibleDatastores = appliance.reprotectAgents[r].accessibleDatastores.map(datastoreName)
            }
            if let position = records.appliances.firstIndex(where: { $0.name == appliance.name }) {
                records.appliances[position] = appliance
                seen.append(position)
            } else {
                seen.append(records.appliances.count)
                records.appliances.append(appliance)
            }
        }
        removeGone(&records.appliances, kind: "replication_appliances", seen: seen, \.armID)
    }

    mutating func mergeLogStorageAccounts(_ records: inout Inventory.Records) {
        for var account in pulled.logStorageAccounts {
            if let position = match(records.logStorageAccounts, armID: account.armID, name: account.name, \.armID, \.name) {
                records.logStorageAccounts[position].armID = account.armID
                continue
            }
            guard let region = pulled.vaultRegion ?? old.vault?.region else {
                notes.append("log storage account \(account.name): its region is unknown and so is the vault's; not added")
                continue
            }
            account.region = region
            records.logStorageAccounts.append(account)
            assume("log storage account", account.name, ["region", "soft_delete"], defaults: ["region": "the vault's, \(region)", "soft_delete": "false"])
        }
    }

    mutating func mergePolicies(_ records: inout Inventory.Records) {
        var seen: [Int] = []
        for said in pulled.failbackPolicies {
            var policy = said.record
            if let position = match(records.failbackPolicies, armID: policy.armID, name: policy.name, \.armID, \.name) {
                let previous = records.failbackPolicies[position]
                if said.unsaid.contains("rpo_threshold_minutes") { policy.rpoThresholdMinutes = previous.rpoThresholdMinutes }
                if said.unsaid.contains("recovery_point_retention_minutes") {
                    policy.recoveryPointRetentionMinutes = previous.recoveryPointRetentionMinutes
                }
                records.failbackPolicies[position] = policy
                seen.append(position)
            } else {
                seen.append(records.failbackPolicies.count)
                records.failbackPolicies.append(policy)
                assume("failback policy", policy.name, said.unsaid,
                       defaults: ["rpo_threshold_minutes": "\(policy.rpoThresholdMinutes)",
                                  "recovery_point_retention_minutes": "\(policy.recoveryPointRetentionMinutes)"])
            }
        }
        removeGone(&records.failbackPolicies, kind: "failback_policies", seen: seen, \.armID)
    }

    mutating func mergeMachines(_ records: inout Inventory.Records) {
        var seen: [Int] = []
        // Looked up, not searched: a vault of thousands of items against an inventory of as many.
        var byARMID: [String: Int] = [:], byUUID: [String: Int] = [:], byName: [String: Int] = [:]
        func remember(_ machine: Machine, at position: Int) {
            if let id = machine.armID?.lowercased(), byARMID[id] == nil { byARMID[id] = position }
            for uuid in [machine.onpremVM.identity.instanceUUID, machine.onpremVM.identity.biosUUID].compactMap({ $0?.lowercased() })
            where byUUID[uuid] == nil { byUUID[uuid] = position }
            if byName[machine.name] == nil { byName[machine.name] = position }
        }
        for (position, machine) in records.machines.enumerated() { remember(machine, at: position) }
        for said in pulled.machines {
            let machine = said.record
            let identity = machine.onpremVM.identity
            let position = machine.armID.flatMap { byARMID[$0.lowercased()] }
                ?? [identity.instanceUUID, identity.biosUUID].compactMap { $0.flatMap { byUUID[$0.lowercased()] } }.first
                ?? byName[machine.name]
            guard let position else {
                seen.append(records.machines.count)
                // The vault's VM id matches a VM a pull recorded, but is not always the VM's UUID (the
                // recorded vault's is the mobility agent's): not kept, a later pull would match by it alone.
                var created = machine
                created.onpremVM.identity = VMIdentity()
                created.onpremVM.datastores = machine.onpremVM.datastores.map(datastoreName)
                created.inUse = Self.components(machine.inUse, in: records)
                remember(created, at: records.machines.count)
                records.machines.append(created)
                assume("machine", machine.name, said.unsaid, defaults: Self.machineDefaults)
                continue
            }
            seen.append(position)
            let previous = records.machines[position]
            var merged = machine
            if previous.name != machine.name {
                notes.append("machine \(previous.name): Site Recovery calls it \(machine.name); the inventory's name is kept")
            }
            merged.name = previous.name
            merged.churnGBPerDay = previous.churnGBPerDay
            // The vCenter's facts about the on-prem VM win over what the vault remembers.
            var vm = previous.onpremVM
            if said.unsaid.contains("onprem_vm.exists") == false { vm.exists = machine.onpremVM.exists }
            if vm.datastores.isEmpty { vm.datastores = machine.onpremVM.datastores.map(datastoreName) }
            if vm.poweredOn == nil { vm.poweredOn = machine.onpremVM.poweredOn }
            merged.onpremVM = vm
            merged.inUse = Self.components(machine.inUse, in: records)
            for key in said.unsaid {
                switch key {
                case "os_version": merged.osVersion = previous.osVersion
                case "static_ip": merged.staticIP = previous.staticIP
                case "in_configuration_server": merged.inConfigurationServer = previous.inConfigurationServer
                case "agent_registered": merged.agentRegistered = previous.agentRegistered
                case "booted_in_azure_at": merged.bootedInAzureAt = previous.bootedInAzureAt
                case "disk_uuids": merged.diskUUIDs = previous.diskUUIDs
                case "disks": merged.disks = previous.disks
                case "disk_gb": merged.diskGB = previous.diskGB
                case "kind": merged.kind = previous.kind
                case "forward_replication.agent_reregistered":
                    merged.forwardReplication.agentReregistered = previous.forwardReplication.agentReregistered
                case "forward_replication.recovery_points":
                    merged.forwardReplication.recoveryPoints = previous.forwardReplication.recoveryPoints
                default: break
                }
            }
            records.machines[position] = merged
        }
        removeGone(&records.machines, kind: "machines", seen: seen, \.armID)
    }

    func datastoreName(_ vaultName: String) -> String { datastoreNames[vaultName] ?? vaultName }

    /// Site Recovery's component ids → the names of the records with those ids; nil where none has it
    /// (a fabric not given, or a forward item's master target, which is in Azure).
    static func components(_ ids: ComponentsInUse, in records: Inventory.Records) -> ComponentsInUse {
        ComponentsInUse(
            processServer: ids.processServer.flatMap { id in records.processServers.first { sameARMID($0.armID, id) }?.name },
            masterTarget: ids.masterTarget.flatMap { id in records.masterTargets.first { sameARMID($0.armID, id) }?.name },
            reprotectAgent: ids.reprotectAgent.flatMap { id in
                records.appliances.lazy.flatMap(\.reprotectAgents).first { sameARMID($0.armID, id) }?.name
            })
    }

    static let machineDefaults: [String: String] = [
        "os_version": "\"\"", "static_ip": "false", "churn_gb_per_day": "\(Machine.standardChurnGBPerDay)",
        "in_configuration_server": "true", "agent_registered": "true", "onprem_vm.exists": "true",
        "onprem_vm.snapshots": "0", "forward_replication.agent_reregistered": "true",
        "forward_replication.recovery_points": "1", "disk_uuids": "[]", "booted_in_azure_at": "null", "disks": "1", "disk_gb": "0", "kind": "vmware-vm",
    ]
}
