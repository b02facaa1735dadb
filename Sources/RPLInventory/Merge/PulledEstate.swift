/// What one source (a vCenter today; the ASR vault later) says about the
/// estate, in the inventory model's own terms: the input of
/// `InventoryMerge`. A source fills what it knows; the merge decides what
/// it changes in the inventory.
public struct PulledEstate: Sendable, Equatable {
    /// Where the facts come from, for messages ("https://vc01/sdk").
    public var source: String
    /// The vCenter the facts come from; its hosts carry its name.
    public var vcenter: VCenter
    public var hosts: [ESXiHost]
    /// Each with the mounts on this vCenter's hosts.
    public var datastores: [Datastore]
    /// Every VM found (templates left out), machines and master targets alike.
    public var vms: [PulledVM]

    public init(source: String, vcenter: VCenter, hosts: [ESXiHost] = [], datastores: [Datastore] = [], vms: [PulledVM] = []) {
        self.source = source
        self.vcenter = vcenter
        self.hosts = hosts
        self.datastores = datastores
        self.vms = vms
    }
}

/// A VM as a vCenter sees it.
public struct PulledVM: Sendable, Equatable {
    public var name: String
    public var identity: VMIdentity
    public var host: String?
    public var datastores: [String]
    public var snapshots: Int
    public var poweredOn: Bool?
    /// Tools installed and running; nil when the source does not say.
    public var vmwareTools: Bool?
    /// `disk.EnableUUID` is TRUE in its advanced settings (absent counts as false, as in vSphere).
    public var diskEnableUUID: Bool
    /// The first SCSI controller of a kind rpl knows; nil when it has none of them.
    public var scsiController: SCSIController?

    public init(name: String, identity: VMIdentity = VMIdentity(), host: String? = nil, datastores: [String] = [],
                snapshots: Int = 0, poweredOn: Bool? = nil, vmwareTools: Bool? = nil, diskEnableUUID: Bool = false,
                scsiController: SCSIController? = nil) {
        self.name = name
        self.identity = identity
        self.host = host
        self.datastores = datastores
        self.snapshots = snapshots
        self.poweredOn = poweredOn
        self.vmwareTools = vmwareTools
        self.diskEnableUUID = diskEnableUUID
        self.scsiController = scsiController
    }
}
