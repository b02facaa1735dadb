import Foundation
import RPLInventory
import RPLSource

/// Fills a `VaultEstate` resource by resource: the vault, vCenters and
/// fabrics (configuration server, process servers, master targets,
/// appliances, run-as accounts, datastores) and failback policies here;
/// protected items in ASRMachineMapping.swift.
struct ASRMapper {
    var estate: VaultEstate
    var skipped: [ASRSkip] = []
    var renamed: [String] = []
    /// Every id a reprotect agent may name its vCenter by → the vCenter's name.
    var vcenterNames: [String: String] = [:]
    /// Protectable items by id (lowercased).
    var protectable: [String: ASRItem] = [:]

    init(source: String) {
        estate = VaultEstate(source: source)
    }

    /// Runs one resource's mapping; an item it does not understand is left out and noted.
    mutating func record(_ body: (inout ASRMapper) throws(ASRSkip) -> Void) {
        do { try body(&self) } catch { skipped.append(error) }
    }

    /// The vault's name and id from any resource id (`.../vaults/NAME/...`).
    mutating func vaultIdentity(from ids: [String]) {
        for id in ids {
            let parts = id.split(separator: "/", omittingEmptySubsequences: true)
            guard let at = parts.firstIndex(where: { $0.lowercased() == "vaults" }), at + 1 < parts.count else { continue }
            estate.vaultName = String(parts[at + 1])
            estate.vaultARMID = "/" + parts[...(at + 1)].joined(separator: "/")
            return
        }
    }

    mutating func vault(_ item: ASRItem) {
        if let name = item.string("name") { estate.vaultName = name }
        if let id = item.string("id") { estate.vaultARMID = id }
        if let location = item.string("location") { estate.vaultRegion = location }
    }

    // MARK: vCenters

    mutating func vcenter(_ item: ASRItem) throws(ASRSkip) {
        guard let properties = item.child("properties") else { throw item.skip("properties", "missing 'properties'") }
        // The address is what a vCenter pull names it by (the host of its URL).
        let name = try properties.firstString("ipAddress", "friendlyName")
        let vcenter = VCenter(name: name, armID: item.string("id"))
        estate.vcenters.append(Said(vcenter, unsaid: ["account"]))
        for key in [item.string("name"), properties.string("internalId"), properties.string("infrastructureId"),
                    properties.string("friendlyName"), item.string("id")] {
            if let key { vcenterNames[key.lowercased()] = name }
        }
    }

    // MARK: Fabrics

    mutating func fabric(_ item: ASRItem) throws(ASRSkip) {
        guard let details = item.child("properties")?.child("customDetails") else {
            throw item.skip("properties.customDetails", "missing 'properties.customDetails'")
        }
        switch details.string("instanceType") {
        case "VMware": try classicFabric(item, details)
        case "InMageRcm": try modernizedFabric(item, details)
        // Fabrics of other scenarios, or of discovery only: nothing rpl reprotects through.
        case "VMwareV2", "Azure", "HyperVSite", "VMM", "AzureStack", "InMageRcmFailback": return
        case let other?: throw details.skip("instanceType", "fabric instanceType '\(other)' is not one rpl understands")
        case nil: throw details.skip("instanceType", "missing 'instanceType'")
        }
    }

    /// Classic: the configuration server's fabric lists its process servers, master targets and run-as accounts.
    mutating func classicFabric(_ item: ASRItem, _ details: ASRItem) throws(ASRSkip) {
        let fabricName = try (item.child("properties")?.string("friendlyName") ?? details.string("hostName"))
            .orElse { () throws(ASRSkip) in try item.firstString("name") }
        estate.configurationServer = ConfigurationServer(name: fabricName, armID: item.string("id"))
        estate.complete.formUnion(["process_servers", "master_targets", "run_as_accounts"])
        let reference = details.string("lastHeartbeat").flatMap(ASRMapper.date)
        for server in details.list("processServers") {
            record { m throws(ASRSkip) in
                let name = try server.required("friendlyName")
                let heartbeat = ASRMapper.fresh(server.string("lastHeartbeat"), reference: reference)
                    ?? (server.string("health") == "Normal")
                m.estate.processServers.append(Said(ProcessServer(name: name, site: .onprem, heartbeat: heartbeat, armID: server.string("id")),
                                                    unsaid: ["site", "reaches_configuration_server"]))
            }
        }
        for target in details.list("masterTargetServers") {
            record { m throws(ASRSkip) in try m.masterTarget(target) }
        }
        for account in details.list("runAsAccounts") {
            record { m throws(ASRSkip) in
                m.estate.runAsAccounts.append(RunAsAccount(name: try account.required("accountName"), armID: account.string("accountId")))
            }
        }
    }

    mutating func masterTarget(_ target: ASRItem) throws(ASRSkip) {
        let name = try target.required("name")
        let os = try ASRMapper.os(target, key: "osType")
        let attached = try target.count("diskCount") ?? 0
        var volumes: [Volume] = []
        for volume in target.list("retentionVolumes") {
            record { _ throws(ASRSkip) in
                let label = try volume.required("volumeName")
                guard let capacity = try volume.count("capacityInBytes") else { throw volume.skip("capacityInBytes", "missing 'capacityInBytes'") }
                // Site Recovery names a Windows volume by its letter alone ("F"); rpl's paths are "F:".
                let path = os == .windows && label.count == 1 ? label + ":" : label
                volumes.append(Volume(path: path, filesystem: nil, capacityGB: ASRMapper.gigabytes(capacity),
                                      freeGB: try volume.count("freeSpaceInBytes").map(ASRMapper.gigabytes)))
            }
        }
        for store in target.list("dataStores") {
            record { m throws(ASRSkip) in try m.classicDatastore(store) }
        }
        estate.masterTargets.append(Said(
            MasterTarget(name: name, os: os, host: "", attachedDisks: attached, volumes: volumes, armID: target.string("id")),
            unsaid: ["vmware_tools", "disk_enable_uuid", "snapshots", "scsi_controller", "storage_vmotion"]))
    }

    /// `capacity` and `freeSpace` are strings of GB (docs/inventory.md says why): rounded down.
    mutating func classicDatastore(_ store: ASRItem) throws(ASRSkip) {
        let name = try store.required("symbolicName")
        guard let capacity = Double(try store.required("capacity")).flatMap(ASRItem.whole) else { throw store.skip("capacity", "not a number of GB") }
        guard let free = Double(try store.required("freeSpace")).flatMap(ASRItem.whole) else { throw store.skip("freeSpace", "not a number of GB") }
        let type: DatastoreType = switch store.string("type")?.lowercased() {
        case "vmfs": .vmfs
        case "nfs": .nfs
        case "vsan": .vsan
        default: .other
        }
        guard !estate.datastores.contains(where: { $0.record.name == name }) else { return }
        estate.datastores.append(Said(Datastore(name: name, type: type, freeGB: free, capacityGB: capacity, uuid: store.string("uuid"))))
    }

    /// A datastore the vault only names: the vCenter (or the user) says the rest.
    mutating func namedDatastore(_ name: String) {
        guard !estate.datastores.contains(where: { $0.record.name == name }) else { return }
        estate.datastores.append(Said(Datastore(name: name), unsaid: ["type", "free_gb"]))
    }

    /// Modernized: the appliances' components, each on the appliance whose BIOS id it shares.
    mutating func modernizedFabric(_ item: ASRItem, _ details: ASRItem) throws(ASRSkip) {
        let fabricID = item.string("id")
        estate.complete.formUnion(["process_servers", "replication_appliances"])
        var appliances: [ReplicationAppliance] = []
        var applianceOf: [String: Int] = [:]
        func applianceIndex(for component: ASRItem, name: String) -> Int {
            let key = (component.string("biosId") ?? component.string("fqdn") ?? name).lowercased()
            if let index = applianceOf[key] { return index }
            appliances.append(ReplicationAppliance(name: component.string("fqdn").map { String($0.prefix { $0 != "." }) } ?? name,
                                                   armID: fabricID))
            applianceOf[key] = appliances.count - 1
            return appliances.count - 1
        }
        for server in details.list("processServers") {
            record { m throws(ASRSkip) in
                let name = try server.required("name")
                let health = try ASRMapper.health(server)
                let heartbeat = server.string("lastHeartbeatUtc").flatMap(ASRMapper.date)
                let items = try server.count("protectedItemCount") ?? 0
                let index = applianceIndex(for: server, name: name)
                appliances[index].processServers.append(name)
                appliances[index].lastHeartbeat = heartbeat
                appliances[index].health = ASRMapper.worst(appliances[index].health, health)
                // Capped: a sum of absurd counts must not overflow.
                appliances[index].protectedItems = min(appliances[index].protectedItems + items, Int(Int32.max))
                m.estate.processServers.append(Said(ProcessServer(name: name, site: .onprem, heartbeat: heartbeat != nil && health != .critical,
                                                                  armID: server.string("id")),
                                                    unsaid: ["reaches_configuration_server"]))
            }
        }
        for agent in details.list("reprotectAgents") {
            record { m throws(ASRSkip) in
                let name = try agent.required("name")
                let vcenterID = try agent.required("vcenterId")
                guard let vcenter = m.vcenterNames[vcenterID.lowercased()] else {
                    throw agent.skip("vcenterId", "'\(vcenterID)' is the id of no replicationvCenters resource given")
                }
                let datastores = agent.json["accessibleDatastores"]?.arrayValue?.compactMap(\.stringValue) ?? []
                datastores.forEach { m.namedDatastore($0) }
                let index = applianceIndex(for: agent, name: name)
                let health = try ASRMapper.health(agent)
                appliances[index].health = ASRMapper.worst(appliances[index].health, health)
                appliances[index].reprotectAgents.append(ReprotectAgent(
                    name: name, health: health, lastHeartbeat: agent.string("lastHeartbeatUtc").flatMap(ASRMapper.date),
                    vcenter: vcenter, accessibleDatastores: datastores, armID: agent.string("id")))
            }
        }
        // The appliance's other components count for its health.
        for key in ["replicationAgents", "pushInstallers", "rcmProxies", "marsAgents", "dras"] {
            for component in details.list(key) {
                guard let name = component.string("name"), let health = try? ASRMapper.health(component) else { continue }
                let index = applianceIndex(for: component, name: name)
                appliances[index].health = ASRMapper.worst(appliances[index].health, health)
            }
        }
        estate.appliances += appliances
    }

    // MARK: Policies

    mutating func policy(_ item: ASRItem) throws(ASRSkip) {
        guard let details = item.child("properties")?.child("providerSpecificDetails") else {
            throw item.skip("properties.providerSpecificDetails", "missing 'properties.providerSpecificDetails'")
        }
        let kind: FailbackPolicyKind
        switch details.string("instanceType") {
        case "InMage": kind = .inMage
        case "InMageRcmFailback": kind = .inMageRcmFailback
        case nil: throw details.skip("instanceType", "missing 'instanceType'")
        default: return  // a forward policy (InMageAzureV2, InMageRcm) or another scenario's
        }
        let name = try (item.child("properties")?.string("friendlyName")).orElse { () throws(ASRSkip) in try item.firstString("name") }
        var policy = FailbackPolicyRecord(name: name, kind: kind, armID: item.string("id"))
        var unsaid: [String] = []
        // `recoveryPointHistory` is in minutes, like the threshold and the frequency.
        if let minutes = try details.count("recoveryPointThresholdInMinutes") {
            // A threshold of 0 minutes would alert on every recovery point: no policy Site Recovery accepts.
            guard minutes > 0 else { throw details.skip("recoveryPointThresholdInMinutes", "an RPO threshold of 0 minutes") }
            policy.rpoThresholdMinutes = minutes
        } else {
            unsaid.append("rpo_threshold_minutes")
        }
        if let minutes = try details.count("recoveryPointHistory") { policy.recoveryPointRetentionMinutes = minutes } else {
            unsaid.append("recovery_point_retention_minutes")
        }
        if let minutes = try details.count("appConsistentFrequencyInMinutes") { policy.appConsistentFrequencyMinutes = minutes } else {
            unsaid.append("app_consistent_frequency_minutes")
        }
        estate.failbackPolicies.append(Said(policy, unsaid: unsaid))
    }

    // MARK: Finishing

    /// Plans name machines, master targets, process servers, appliances and
    /// reprotect agents the same way: Site Recovery names a process server
    /// after its host, which is often a master target's or an appliance's
    /// name too. Such a process server becomes NAME-ps, an agent NAME-ra.
    mutating func finish() {
        var taken = Set(estate.machines.map(\.record.name) + estate.masterTargets.map(\.record.name) + estate.appliances.map(\.name))
        var serverNames: [String: String] = [:]
        for index in estate.processServers.indices {
            let name = estate.processServers[index].record.name
            guard taken.contains(name) else { taken.insert(name); continue }
            estate.processServers[index].record.name = name + "-ps"
            serverNames[name] = name + "-ps"
            renamed.append("process server \(name) is \(name)-ps (a master target or appliance has its name)")
            taken.insert(name + "-ps")
        }
        for a in estate.appliances.indices {
            estate.appliances[a].processServers = estate.appliances[a].processServers.map { serverNames[$0] ?? $0 }
            for r in estate.appliances[a].reprotectAgents.indices {
                let name = estate.appliances[a].reprotectAgents[r].name
                guard taken.contains(name) else { taken.insert(name); continue }
                estate.appliances[a].reprotectAgents[r].name = name + "-ra"
                renamed.append("reprotect agent \(name) is \(name)-ra (another record has its name)")
                taken.insert(name + "-ra")
            }
        }
    }

    // MARK: Values

    static func os(_ item: ASRItem, key: String) throws(ASRSkip) -> OSFamily {
        switch item.string(key)?.lowercased() {
        case "windows": .windows
        case "linux": .linux
        case let other?: throw item.skip(key, "OS type '\(other)' is neither Windows nor Linux")
        case nil: throw item.skip(key, "missing '\(key)'")
        }
    }

    static func health(_ item: ASRItem) throws(ASRSkip) -> ComponentHealth {
        switch item.string("health") {
        case "Normal", "None", nil: .normal
        case "Warning": .warning
        case "Critical": .critical
        case let other?: throw item.skip("health", "health '\(other)' is not Normal, Warning or Critical")
        }
    }

    /// At the import format's precision (milliseconds; Site Recovery writes ten-millionths), so that
    /// what an import stores is exactly what `show --format json` writes and a JSON import reads back.
    static func date(_ text: String) -> Date? { ISO8601.parse(text).flatMap { ISO8601.parse(ISO8601.format($0)) } }

    /// A heartbeat within 15 minutes of the newest the fabric reports (Site
    /// Recovery's own limit); nil when either is unknown.
    static func fresh(_ heartbeat: String?, reference: Date?) -> Bool? {
        guard let heartbeat = heartbeat.flatMap(date), let reference else { return nil }
        return reference.timeIntervalSince(heartbeat) <= 15 * 60
    }

    /// The worse of two healths.
    static func worst(_ a: ComponentHealth, _ b: ComponentHealth) -> ComponentHealth {
        a == .critical || b == .critical ? .critical : a == .warning || b == .warning ? .warning : .normal
    }

    /// Bytes → GB (2^30 bytes), rounded down.
    static func gigabytes(_ bytes: Int) -> Int { bytes / 1_073_741_824 }
}
