import Foundation
import RPLInventory

/// One of every record with every field away from its default, so that a
/// field the snapshot codec leaves out reads back different. Each record
/// comes with a reference built from defaults; `fieldsLeftAtDefault` finds
/// any field of the fixture equal to the reference's (a field added to a
/// model struct later, until this fixture sets it).
enum InventorySnapshotFixture {
    static let date = Date(timeIntervalSince1970: 1_795_507_200.25)
    static let network = Network(link: .expressRoutePrivate, bandwidthMbps: 1234)
    static let configurationServer = ConfigurationServer(name: "cs", site: .azure, armID: "/arm/cs")
    static let vault = Vault(name: "vault", region: "westeurope", armID: "/arm/vault")
    static let vcenter = VCenter(name: "vc", account: .readOnly, discovered: false, version: "8.0", apiType: "VirtualCenter",
                                 armID: "/arm/vc")
    static let host = ESXiHost(name: "esx", vcenter: "vc", edition: .evaluation, version: "8.0.2")
    static let datastore = Datastore(name: "ds", type: .nfs, freeGB: 500, capacityGB: 900, mounts: [(host: "esx", access: .readWrite)],
                                     uuid: "5f1e2d3c-vmfs")
    static let volume = Volume(path: "/retention", filesystem: "ext4", capacityGB: 700, locked: true, cache: true,
                               purpose: .replicationTarget, freeGB: 300)
    static let identity = VMIdentity(instanceUUID: "inst-1", biosUUID: "bios-1")
    static let masterTarget = MasterTarget(
        name: "mt", os: .windows, host: "esx", site: .azure, vmwareTools: false, diskEnableUUID: false, snapshots: 2,
        scsiController: .paravirtual, storageVMotion: true, diskUUIDs: ["mt-d0"], attachedDisks: 3, volumes: [volume],
        identity: VMIdentity(instanceUUID: "inst-mt", biosUUID: "bios-mt"), armID: "/arm/mt")
    static let processServer = ProcessServer(name: "ps", site: .azure, reachesConfigurationServer: false, heartbeat: false,
                                             armID: "/arm/ps")
    static let onpremVM = OnPremVM(exists: false, host: "esx", datastores: ["ds"], snapshots: 3, identity: identity, poweredOn: false)
    static let forwardReplication = ForwardReplication(
        failoverCommitted: false, agentReregistered: false, health: .warning, initialReplicationComplete: false,
        resyncRequired: true, recoveryPoints: 7, disksAtFailover: 2, diskGBAtFailover: 90, plannedFailoverFailed: true)
    static let machine = Machine(
        name: "vm", kind: .physical, os: .windows, osVersion: "2022", state: .reprotected, inConfigurationServer: false,
        agentRegistered: false, bootedInAzureAt: date, replicationGroup: "group", disks: 2, diskGB: 100, diskUUIDs: ["vm-d0", "vm-d1"],
        staticIP: true, onpremVM: onpremVM, churnGBPerDay: 25, architecture: .modernized, forwardReplication: forwardReplication,
        armID: "/arm/vm", inUse: ComponentsInUse(processServer: "ps", masterTarget: "mt", reprotectAgent: "agent"))
    static let reprotectAgent = ReprotectAgent(name: "agent", health: .warning, lastHeartbeat: date, vcenter: "vc",
                                               accessibleDatastores: ["ds"], armID: "/arm/agent")
    static let appliance = ReplicationAppliance(name: "appliance", health: .critical, lastHeartbeat: date, protectedItems: 5,
                                                processServers: ["ps"], reprotectAgents: [reprotectAgent],
                                                armID: "/arm/appliance")
    static let logStorageAccount = LogStorageAccount(name: "logs", region: "westeurope", softDelete: true, armID: "/arm/logs")
    static let failbackPolicy = FailbackPolicyRecord(name: "policy", kind: .inMageRcmFailback, rpoThresholdMinutes: 11,
                                                     recoveryPointRetentionMinutes: 22, appConsistentFrequencyMinutes: 33,
                                                     armID: "/arm/policy")
    static let runAsAccount = RunAsAccount(name: "account", armID: "/arm/account")

    static let inventory = Inventory(
        network: network, configurationServer: configurationServer, vcenters: [vcenter], hosts: [host], datastores: [datastore],
        masterTargets: [masterTarget], processServers: [processServer],
        machines: [machine, Machine(name: "plain", os: .linux)], vault: vault, appliances: [appliance],
        logStorageAccounts: [logStorageAccount], failbackPolicies: [failbackPolicy], runAsAccounts: [runAsAccount])

    /// Each record of the fixture beside one made with every default the initializer has.
    static var recordsAndDefaults: [(name: String, record: Any, defaults: Any)] { [
        ("Network", network, Network(link: .internet)),
        ("ConfigurationServer", configurationServer, ConfigurationServer(name: "")),
        ("Vault", vault, Vault(name: "", region: "")),
        ("VCenter", vcenter, VCenter(name: "")),
        ("ESXiHost", host, ESXiHost(name: "", vcenter: "")),
        ("Datastore", datastore, Datastore(name: "")),
        ("Volume", volume, Volume(path: "", filesystem: nil, capacityGB: 0)),
        ("MasterTarget", masterTarget, MasterTarget(name: "", os: .linux, host: "")),
        ("ProcessServer", processServer, ProcessServer(name: "", site: .onprem)),
        ("Machine", machine, Machine(name: "", os: .linux)),
        ("ReprotectAgent", reprotectAgent, ReprotectAgent(name: "", vcenter: "")),
        ("ReplicationAppliance", appliance, ReplicationAppliance(name: "")),
        ("LogStorageAccount", logStorageAccount, LogStorageAccount(name: "", region: "")),
        ("FailbackPolicyRecord", failbackPolicy, FailbackPolicyRecord(name: "", kind: .inMage)),
        ("RunAsAccount", runAsAccount, RunAsAccount(name: "")),
        // The inventory's own fields: every kind of record present (the name indexes follow from them).
        ("Inventory", inventory, Inventory()),
    ] }

    /// The paths of the fields where `value` and `reference` agree, looking
    /// inside nested structs (a machine's on-prem VM, its identity, ...).
    static func fieldsLeftAtDefault(_ value: Any, _ reference: Any, path: String) -> [String] {
        let mirror = Mirror(reflecting: value)
        let referenceMirror = Mirror(reflecting: reference)
        guard mirror.displayStyle == .struct, !mirror.children.isEmpty, !(value is Date) else {
            return String(reflecting: value) == String(reflecting: reference) ? [path] : []
        }
        return zip(mirror.children, referenceMirror.children).flatMap { field, referenceField in
            fieldsLeftAtDefault(field.value, referenceField.value, path: "\(path).\(field.label ?? "?")")
        }
    }
}
