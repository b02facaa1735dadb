import Foundation
import RPLInventory

/// The inventory snapshot's record layout: every stored field of every
/// record, in the order of its initializer's parameters (the decoder
/// reads them as the initializer's arguments, left to right). A field added to a model struct goes in
/// both `encode` and `decode` of its record here (and bumps `layoutVersion`);
/// `InventorySnapshotTests` fails until it does.
enum InventorySnapshotCodec {
    /// Bumped by hand whenever the layout below changes.
    static let layoutVersion = 6

    /// What a stored snapshot must have been written with to be read: the
    /// layout and every enumeration's cases in order.
    static let formatKey: String = {
        func cases<E: CaseIterable & RawRepresentable>(_: E.Type) -> String where E.RawValue == String {
            E.allCases.map(\.rawValue).joined(separator: ",")
        }
        return ([
            "layout \(layoutVersion)", cases(Site.self), cases(OSFamily.self), cases(NetworkLink.self),
            cases(VCenterAccount.self), cases(HostEdition.self), cases(DatastoreType.self), cases(MountAccess.self),
            cases(SCSIController.self), cases(VolumePurpose.self), cases(MachineKind.self), cases(MachineState.self),
            cases(Architecture.self), cases(ComponentHealth.self), cases(FailbackPolicyKind.self),
        ]).joined(separator: ";")
    }()

    static func encode(_ inventory: Inventory) -> [UInt8] {
        var w = SnapshotWriter()
        w.optional(inventory.network) { w, n in
            w.enumeration(n.link)
            w.int(n.bandwidthMbps)
        }
        w.optional(inventory.configurationServer) { w, c in
            w.string(c.name)
            w.enumeration(c.site)
            w.optional(c.armID) { $0.string($1) }
        }
        w.optional(inventory.vault) { w, v in
            w.string(v.name)
            w.string(v.region)
            w.optional(v.armID) { $0.string($1) }
        }
        w.array(inventory.vcenters) { w, v in
            w.string(v.name)
            w.enumeration(v.account)
            w.bool(v.discovered)
            w.optional(v.version) { $0.string($1) }
            w.optional(v.apiType) { $0.string($1) }
            w.optional(v.armID) { $0.string($1) }
        }
        w.array(inventory.hosts) { w, h in
            w.string(h.name)
            w.string(h.vcenter)
            w.enumeration(h.edition)
            w.optional(h.version) { $0.string($1) }
        }
        w.array(inventory.datastores) { w, d in
            w.string(d.name)
            w.enumeration(d.type)
            w.int(d.freeGB)
            w.optional(d.capacityGB) { $0.int($1) }
            w.array(d.mounts) { w, m in
                w.string(m.host)
                w.enumeration(m.access)
            }
            w.optional(d.uuid) { $0.string($1) }
        }
        w.array(inventory.masterTargets) { w, t in
            w.string(t.name)
            w.enumeration(t.os)
            w.string(t.host)
            w.enumeration(t.site)
            w.bool(t.vmwareTools)
            w.bool(t.diskEnableUUID)
            w.int(t.snapshots)
            w.enumeration(t.scsiController)
            w.bool(t.storageVMotion)
            w.strings(t.diskUUIDs)
            w.int(t.attachedDisks)
            w.array(t.volumes) { w, v in
                w.string(v.path)
                w.optional(v.filesystem) { $0.string($1) }
                w.int(v.capacityGB)
                w.bool(v.locked)
                w.bool(v.cache)
                w.enumeration(v.purpose)
                w.optional(v.freeGB) { $0.int($1) }
            }
            encode(t.identity, &w)
            w.optional(t.armID) { $0.string($1) }
        }
        w.array(inventory.processServers) { w, p in
            w.string(p.name)
            w.enumeration(p.site)
            w.bool(p.reachesConfigurationServer)
            w.bool(p.heartbeat)
            w.optional(p.armID) { $0.string($1) }
        }
        // The names apart, ahead of the machines: the reader indexes them on one
        // thread while the other decodes machines. (They too decode in halves.)
        w.arrayInTwoParts(inventory.machines, firstPartCount: inventory.machines.count / 2) { w, m in w.string(m.name) }
        w.arrayInTwoParts(inventory.machines, firstPartCount: machinesBesideTheIndex(inventory.machines.count)) { w, m in
            w.enumeration(m.kind)
            w.enumeration(m.os)
            w.string(m.osVersion)
            w.enumeration(m.state)
            w.bool(m.inConfigurationServer)
            w.bool(m.agentRegistered)
            w.optional(m.bootedInAzureAt) { $0.date($1) }
            w.optional(m.replicationGroup) { $0.string($1) }
            w.int(m.disks)
            w.int(m.diskGB)
            w.strings(m.diskUUIDs)
            w.bool(m.staticIP)
            let vm = m.onpremVM
            w.bool(vm.exists)
            w.optional(vm.host) { $0.string($1) }
            w.strings(vm.datastores)
            w.int(vm.snapshots)
            encode(vm.identity, &w)
            w.optional(vm.poweredOn) { $0.bool($1) }
            w.int(m.churnGBPerDay)
            w.enumeration(m.architecture)
            let f = m.forwardReplication
            w.bool(f.failoverCommitted)
            w.bool(f.agentReregistered)
            w.enumeration(f.health)
            w.bool(f.initialReplicationComplete)
            w.bool(f.resyncRequired)
            w.int(f.recoveryPoints)
            w.optional(f.disksAtFailover) { $0.int($1) }
            w.optional(f.diskGBAtFailover) { $0.int($1) }
            w.bool(f.plannedFailoverFailed)
            w.optional(m.armID) { $0.string($1) }
            w.optional(m.inUse.processServer) { $0.string($1) }
            w.optional(m.inUse.masterTarget) { $0.string($1) }
            w.optional(m.inUse.reprotectAgent) { $0.string($1) }
        }
        w.array(inventory.appliances) { w, a in
            w.string(a.name)
            w.enumeration(a.health)
            w.optional(a.lastHeartbeat) { $0.date($1) }
            w.int(a.protectedItems)
            w.strings(a.processServers)
            w.array(a.reprotectAgents) { w, r in
                w.string(r.name)
                w.enumeration(r.health)
                w.optional(r.lastHeartbeat) { $0.date($1) }
                w.string(r.vcenter)
                w.strings(r.accessibleDatastores)
                w.optional(r.armID) { $0.string($1) }
            }
            w.optional(a.armID) { $0.string($1) }
        }
        w.array(inventory.logStorageAccounts) { w, l in
            w.string(l.name)
            w.string(l.region)
            w.bool(l.softDelete)
            w.optional(l.armID) { $0.string($1) }
        }
        w.array(inventory.failbackPolicies) { w, p in
            w.string(p.name)
            w.enumeration(p.kind)
            w.int(p.rpoThresholdMinutes)
            w.int(p.recoveryPointRetentionMinutes)
            w.int(p.appConsistentFrequencyMinutes)
            w.optional(p.armID) { $0.string($1) }
        }
        w.array(inventory.runAsAccounts) { w, r in
            w.string(r.name)
            w.optional(r.armID) { $0.string($1) }
        }
        return w.finished()
    }

    private static func encode(_ identity: VMIdentity, _ w: inout SnapshotWriter) {
        w.optional(identity.instanceUUID) { $0.string($1) }
        w.optional(identity.biosUUID) { $0.string($1) }
    }

    private static func identity(_ r: inout SnapshotReader) throws(SnapshotDamaged) -> VMIdentity {
        VMIdentity(instanceUUID: try r.optional { r throws(SnapshotDamaged) in try r.string() },
                   biosUUID: try r.optional { r throws(SnapshotDamaged) in try r.string() })
    }

    // The reads below name their error type: a closure left to infer it would throw `any Error`.
    private static func text(_ r: inout SnapshotReader) throws(SnapshotDamaged) -> String { try r.string() }
    private static func optionalText(_ r: inout SnapshotReader) throws(SnapshotDamaged) -> String? { try r.optional(text) }
    private static func optionalInt(_ r: inout SnapshotReader) throws(SnapshotDamaged) -> Int? {
        try r.optional { r throws(SnapshotDamaged) in try r.int() }
    }
    private static func optionalDate(_ r: inout SnapshotReader) throws(SnapshotDamaged) -> Date? {
        try r.optional { r throws(SnapshotDamaged) in try r.date() }
    }

    /// The singular records and the record arrays, for the caller to amend before indexing them once.
    struct Decoded {
        var network: Network?
        var configurationServer: ConfigurationServer?
        var vault: Vault?
        var records = Inventory.Records()
        /// Built from the machines' names while they decoded.
        var machineIndex: NameIndex
    }

    /// How many machines the thread that builds the machine index decodes
    /// (the other decodes the rest): indexing a machine's name costs some 390
    /// instructions, decoding a machine 1,300 (measured on 50,000).
    private static func machinesBesideTheIndex(_ count: Int) -> Int { count * 7 / 20 }

    /// One machine, `name` from the names column, into the array's storage
    /// (not into a value then copied there).
    private static func machine(_ r: inout SnapshotReader, named name: String, into m: UnsafeMutablePointer<Machine>)
        throws(SnapshotDamaged) {
        m.initialize(to: Machine(
            name: name, kind: try r.enumeration(), os: try r.enumeration(), osVersion: try r.string(),
            state: try r.enumeration(), inConfigurationServer: try r.bool(), agentRegistered: try r.bool(),
            bootedInAzureAt: try optionalDate(&r), replicationGroup: try optionalText(&r), disks: try r.int(),
            diskGB: try r.int(), diskUUIDs: try r.strings(), staticIP: try r.bool(),
            onpremVM: OnPremVM(exists: try r.bool(), host: try optionalText(&r), datastores: try r.strings(),
                               snapshots: try r.int(), identity: try identity(&r),
                               poweredOn: try r.optional { r throws(SnapshotDamaged) in try r.bool() }),
            churnGBPerDay: try r.int(), architecture: try r.enumeration(),
            forwardReplication: ForwardReplication(
                failoverCommitted: try r.bool(), agentReregistered: try r.bool(), health: try r.enumeration(),
                initialReplicationComplete: try r.bool(), resyncRequired: try r.bool(), recoveryPoints: try r.int(),
                disksAtFailover: try optionalInt(&r), diskGBAtFailover: try optionalInt(&r),
                plannedFailoverFailed: try r.bool()),
            armID: try optionalText(&r),
            inUse: ComponentsInUse(processServer: try optionalText(&r), masterTarget: try optionalText(&r),
                                   reprotectAgent: try optionalText(&r))))
    }

    static func decode(_ r: inout SnapshotReader) throws(SnapshotDamaged) -> Decoded {
        let network = try r.optional { r throws(SnapshotDamaged) in
            Network(link: try r.enumeration(), bandwidthMbps: try r.int())
        }
        let configurationServer = try r.optional { r throws(SnapshotDamaged) in
            ConfigurationServer(name: try r.string(), site: try r.enumeration(), armID: try optionalText(&r))
        }
        let vault = try r.optional { r throws(SnapshotDamaged) in
            Vault(name: try r.string(), region: try r.string(), armID: try optionalText(&r))
        }
        var records = Inventory.Records()
        records.vcenters = try r.array { r throws(SnapshotDamaged) in
            VCenter(name: try r.string(), account: try r.enumeration(), discovered: try r.bool(), version: try optionalText(&r),
                    apiType: try optionalText(&r), armID: try optionalText(&r))
        }
        records.hosts = try r.array { r throws(SnapshotDamaged) in
            ESXiHost(name: try r.string(), vcenter: try r.string(), edition: try r.enumeration(), version: try optionalText(&r))
        }
        records.datastores = try r.array { r throws(SnapshotDamaged) in
            Datastore(name: try r.string(), type: try r.enumeration(), freeGB: try r.int(), capacityGB: try optionalInt(&r),
                      mounts: try r.array { r throws(SnapshotDamaged) in (host: try r.string(), access: try r.enumeration()) },
                      uuid: try optionalText(&r))
        }
        records.masterTargets = try r.array { r throws(SnapshotDamaged) in
            MasterTarget(
                name: try r.string(), os: try r.enumeration(), host: try r.string(), site: try r.enumeration(),
                vmwareTools: try r.bool(), diskEnableUUID: try r.bool(), snapshots: try r.int(), scsiController: try r.enumeration(),
                storageVMotion: try r.bool(), diskUUIDs: try r.strings(), attachedDisks: try r.int(),
                volumes: try r.array { r throws(SnapshotDamaged) in
                    Volume(path: try r.string(), filesystem: try optionalText(&r), capacityGB: try r.int(),
                           locked: try r.bool(), cache: try r.bool(), purpose: try r.enumeration(), freeGB: try optionalInt(&r))
                },
                identity: try identity(&r), armID: try optionalText(&r))
        }
        records.processServers = try r.array { r throws(SnapshotDamaged) in
            ProcessServer(name: try r.string(), site: try r.enumeration(), reachesConfigurationServer: try r.bool(),
                          heartbeat: try r.bool(), armID: try optionalText(&r))
        }
        let machineNames = try r.arrayInTwoParts(initializing: { r, _, name throws(SnapshotDamaged) in
            name.initialize(to: try r.string())
        }, besideFirstPart: {})
        var machineIndex = NameIndex([])
        records.machines = try r.arrayInTwoParts(initializing: { r, position, m throws(SnapshotDamaged) in
            guard machineNames.indices.contains(position) else { throw SnapshotDamaged() }
            try machine(&r, named: machineNames[position], into: m)
        }, besideFirstPart: { machineIndex = NameIndex(machineNames) })
        guard records.machines.count == machineNames.count else { throw SnapshotDamaged() }
        records.appliances = try r.array { r throws(SnapshotDamaged) in
            ReplicationAppliance(
                name: try r.string(), health: try r.enumeration(), lastHeartbeat: try optionalDate(&r),
                protectedItems: try r.int(), processServers: try r.strings(),
                reprotectAgents: try r.array { r throws(SnapshotDamaged) in
                    ReprotectAgent(name: try r.string(), health: try r.enumeration(), lastHeartbeat: try optionalDate(&r),
                                   vcenter: try r.string(), accessibleDatastores: try r.strings(), armID: try optionalText(&r))
                },
                armID: try optionalText(&r))
        }
        records.logStorageAccounts = try r.array { r throws(SnapshotDamaged) in
            LogStorageAccount(name: try r.string(), region: try r.string(), softDelete: try r.bool(), armID: try optionalText(&r))
        }
        records.failbackPolicies = try r.array { r throws(SnapshotDamaged) in
            FailbackPolicyRecord(name: try r.string(), kind: try r.enumeration(), rpoThresholdMinutes: try r.int(),
                                 recoveryPointRetentionMinutes: try r.int(), appConsistentFrequencyMinutes: try r.int(),
                                 armID: try optionalText(&r))
        }
        records.runAsAccounts = try r.array { r throws(SnapshotDamaged) in
            RunAsAccount(name: try r.string(), armID: try optionalText(&r))
        }
        guard r.isAtEnd else { throw SnapshotDamaged() }
        return Decoded(network: network, configurationServer: configurationServer, vault: vault, records: records,
                       machineIndex: machineIndex)
    }
}
