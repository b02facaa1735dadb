/// What a Recovery Services vault says about the estate, in the inventory
/// model's terms: the input of `InventoryMerge.merge(_:withVault:)`, as
/// `PulledEstate` is a vCenter's. A record carries the keys of the import
/// format the vault did not say (`unsaid`): a record the merge creates keeps
/// their defaults and lists them; a record it updates keeps its own values.
public struct VaultEstate: Sendable, Equatable {
    /// Where the facts come from, for messages (a folder, a vault's URL).
    public var source: String
    /// The vault's name and ARM id, from any of its resources' ids; its region only from the vault resource itself.
    public var vaultName: String?
    public var vaultARMID: String?
    public var vaultRegion: String?
    public var configurationServer: ConfigurationServer?
    public var vcenters: [Said<VCenter>] = []
    /// Without mounts: which host mounts a datastore is the vCenter's to say.
    public var datastores: [Said<Datastore>] = []
    public var processServers: [Said<ProcessServer>] = []
    /// A machine's `onprem_vm.identity` holds the vault's VM id, to match by only; its
    /// `inUse` holds Site Recovery's component ids, which the merge turns into the
    /// names of the records with those ids (`arm_id`).
    /// `host` is empty: Site Recovery does not say on which ESXi host a master target runs.
    public var masterTargets: [Said<MasterTarget>] = []
    public var machines: [Said<Machine>] = []
    public var appliances: [ReplicationAppliance] = []
    /// `region` is empty until the merge gives it the vault's (Site Recovery names the account by id only).
    public var logStorageAccounts: [LogStorageAccount] = []
    public var failbackPolicies: [Said<FailbackPolicyRecord>] = []
    public var runAsAccounts: [RunAsAccount] = []
    /// Kinds of record whose whole list the source answered ("machines", "master_targets", ...): only
    /// there does a record the vault no longer has count as removed.
    public var complete: Set<String> = []

    public init(source: String) {
        self.source = source
    }
}

/// A record with the import format's keys its source did not say
/// (`"static_ip"`, `"forward_replication.recovery_points"`).
public struct Said<Record: Sendable & Equatable>: Sendable, Equatable {
    public var record: Record
    public var unsaid: [String]

    public init(_ record: Record, unsaid: [String] = []) {
        self.record = record
        self.unsaid = unsaid
    }
}
