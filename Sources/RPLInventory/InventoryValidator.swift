import RPLSource

/// The checks that span records: unique names and references that must land
/// on a record of the right kind. Shared by the JSON importer (which keeps
/// each record's index in the document so paths stay true even when an
/// earlier record was refused) and by the store, for inventories built in code.
struct InventoryValidator {
    var vcenters: [(Int, VCenter)]
    var hosts: [(Int, ESXiHost)]
    var datastores: [(Int, Datastore)]
    var masterTargets: [(Int, MasterTarget)]
    var processServers: [(Int, ProcessServer)]
    var machines: [(Int, Machine)]
    var appliances: [(Int, ReplicationAppliance)] = []
    var logStorageAccounts: [(Int, LogStorageAccount)] = []
    var failbackPolicies: [(Int, FailbackPolicyRecord)] = []
    var runAsAccounts: [(Int, RunAsAccount)] = []
    /// Names of records the importer refused (by top-level key), which
    /// references may still name: their first error explains the rest.
    var refusedNames: [String: Set<String>]

    private var found: [InventoryIssue] = []

    init(vcenters: [(Int, VCenter)], hosts: [(Int, ESXiHost)], datastores: [(Int, Datastore)],
         masterTargets: [(Int, MasterTarget)], processServers: [(Int, ProcessServer)], machines: [(Int, Machine)],
         refusedNames: [String: Set<String>] = [:]) {
        self.vcenters = vcenters
        self.hosts = hosts
        self.datastores = datastores
        self.masterTargets = masterTargets
        self.processServers = processServers
        self.machines = machines
        self.refusedNames = refusedNames
    }

    init(_ inventory: Inventory) {
        func indexed<T>(_ items: [T]) -> [(Int, T)] { Array(items.enumerated().map { ($0.offset, $0.element) }) }
        self.init(vcenters: indexed(inventory.vcenters), hosts: indexed(inventory.hosts),
                  datastores: indexed(inventory.datastores), masterTargets: indexed(inventory.masterTargets),
                  processServers: indexed(inventory.processServers), machines: indexed(inventory.machines))
        appliances = indexed(inventory.appliances)
        logStorageAccounts = indexed(inventory.logStorageAccounts)
        failbackPolicies = indexed(inventory.failbackPolicies)
        runAsAccounts = indexed(inventory.runAsAccounts)
    }

    consuming func issues() -> [InventoryIssue] {
        let vcenterNames = unique(vcenters, key: "vcenters", noun: "vCenter", name: \.name)
            .union(refusedNames["vcenters"] ?? [])
        let hostNames = unique(hosts, key: "esxi_hosts", noun: "ESXi host", name: \.name)
            .union(refusedNames["esxi_hosts"] ?? [])
        // Plans name these four the same way, so one name means one record across them.
        var planNames: [String: String] = [:]
        let datastoreNames = unique(datastores, key: "datastores", noun: "datastore", name: \.name, shared: &planNames)
            .union(refusedNames["datastores"] ?? [])
        let masterTargetNames = unique(masterTargets, key: "master_targets", noun: "master target", name: \.name, shared: &planNames)
            .union(refusedNames["master_targets"] ?? [])
        _ = unique(processServers, key: "process_servers", noun: "process server", name: \.name, shared: &planNames)
        _ = unique(machines, key: "machines", noun: "machine", name: \.name, shared: &planNames)
        // Plans name appliances' reprotect agents and log storage accounts too.
        _ = unique(appliances, key: "replication_appliances", noun: "replication appliance", name: \.name, shared: &planNames)
        for (index, appliance) in appliances {
            _ = unique(appliance.reprotectAgents.enumerated().map { ($0.offset, $0.element) }, key: "replication_appliances[\(index)].reprotect_agents",
                       noun: "reprotect agent", name: \.name, shared: &planNames)
        }
        _ = unique(logStorageAccounts, key: "log_storage_accounts", noun: "log storage account", name: \.name,
                   shared: &planNames)
        _ = unique(failbackPolicies, key: "failback_policies", noun: "failback policy", name: \.name)
        _ = unique(runAsAccounts, key: "run_as_accounts", noun: "run-as account", name: \.name)
        let processServerNames = Set(processServers.map(\.1.name)).union(refusedNames["process_servers"] ?? [])
        for (index, appliance) in appliances {
            for (position, server) in appliance.processServers.enumerated() {
                reference(server, in: processServerNames, noun: "process server",
                          at: "replication_appliances[\(index)].process_servers[\(position)]")
            }
            for (position, agent) in appliance.reprotectAgents.enumerated() {
                let path = "replication_appliances[\(index)].reprotect_agents[\(position)]"
                reference(agent.vcenter, in: vcenterNames, noun: "vCenter", at: "\(path).vcenter")
                for (slot, datastore) in agent.accessibleDatastores.enumerated() {
                    reference(datastore, in: datastoreNames, noun: "datastore", at: "\(path).accessible_datastores[\(slot)]")
                }
            }
        }

        let agentNames = Set(appliances.flatMap { $0.1.reprotectAgents.map(\.name) })
        for (index, host) in hosts {
            reference(host.vcenter, in: vcenterNames, noun: "vCenter", at: "esxi_hosts[\(index)].vcenter")
        }
        for (index, datastore) in datastores {
            for mount in datastore.mounts {
                reference(mount.host, in: hostNames, noun: "ESXi host", at: "datastores[\(index)].mounts.\(mount.host)")
            }
        }
        for (index, target) in masterTargets {
            reference(target.host, in: hostNames, noun: "ESXi host", at: "master_targets[\(index)].host")
            for (position, volume) in target.volumes.enumerated() {
                if let first = target.volumes.prefix(position).firstIndex(where: { Volume.samePath($0.path, volume.path, os: target.os) }) {
                    found.append(InventoryIssue(path: "master_targets[\(index)].volumes[\(position)].path",
                                                 message: "duplicate volume '\(volume.path)' (first at master_targets[\(index)].volumes[\(first)])"))
                }
            }
        }
        for (index, machine) in machines {
            if let host = machine.onpremVM.host {
                reference(host, in: hostNames, noun: "ESXi host", at: "machines[\(index)].onprem_vm.host")
            }
            for (position, datastore) in machine.onpremVM.datastores.enumerated() {
                reference(datastore, in: datastoreNames, noun: "datastore", at: "machines[\(index)].onprem_vm.datastores[\(position)]")
            }
            if let server = machine.inUse.processServer {
                reference(server, in: processServerNames, noun: "process server", at: "machines[\(index)].process_server")
            }
            if let target = machine.inUse.masterTarget {
                reference(target, in: masterTargetNames, noun: "master target", at: "machines[\(index)].master_target")
            }
            if let agent = machine.inUse.reprotectAgent {
                reference(agent, in: agentNames, noun: "reprotect agent", at: "machines[\(index)].reprotect_agent")
            }
        }
        return found
    }

    /// Reports duplicates; returns the names of the kind.
    private mutating func unique<T>(_ records: [(Int, T)], key: String, noun: String, name: (T) -> String) -> Set<String> {
        var unshared: [String: String] = [:]
        return unique(records, key: key, noun: noun, name: name, shared: &unshared)
    }

    private mutating func unique<T>(_ records: [(Int, T)], key: String, noun: String, name: (T) -> String,
                                    shared: inout [String: String]) -> Set<String> {
        var first: [String: Int] = [:]
        var names = Set<String>()
        for (index, record) in records {
            let recordName = name(record)
            let path = "\(key)[\(index)].name"
            if let earlier = first[recordName] {
                found.append(InventoryIssue(path: path, message: "duplicate \(noun) name '\(recordName)' (first at \(key)[\(earlier)])"))
                continue
            }
            if let other = shared[recordName] {
                found.append(InventoryIssue(path: path, message: "'\(recordName)' is already the name of \(other); plans could not tell them apart"))
            }
            first[recordName] = index
            names.insert(recordName)
        }
        for (recordName, index) in first where shared[recordName] == nil {
            shared[recordName] = "\(article(noun)) \(noun) (\(key)[\(index)])"
        }
        return names
    }

    private mutating func reference(_ name: String, in names: Set<String>, noun: String, at path: String) {
        guard !names.contains(name) else { return }
        found.append(InventoryIssue(path: path, message: "no \(noun) named '\(name)' in the inventory\(Suggestions.hint(for: name, among: names.sorted()))"))
    }

    private func article(_ noun: String) -> String {
        noun.lowercased().first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}

extension Inventory {
    /// Duplicate names and dangling references, with the JSON paths the
    /// import format would have (for inventories built in code).
    public func validationIssues() -> [InventoryIssue] {
        InventoryValidator(self).issues()
    }
}
