import RPLInventory

/// An enumeration the inventory snapshot stores as its case's position
/// (the format key lists every case in order: a reordered enumeration
/// makes old snapshots stale, never misread).
protocol SnapshotEnumeration: CaseIterable, Equatable where AllCases == [Self] {
    /// `allCases`, built once: a synthesized `allCases` builds a new array on
    /// every call, and a machine decodes five enumerations.
    static var snapshotCases: [Self] { get }
}

extension Site: SnapshotEnumeration { static let snapshotCases = allCases }
extension OSFamily: SnapshotEnumeration { static let snapshotCases = allCases }
extension NetworkLink: SnapshotEnumeration { static let snapshotCases = allCases }
extension VCenterAccount: SnapshotEnumeration { static let snapshotCases = allCases }
extension HostEdition: SnapshotEnumeration { static let snapshotCases = allCases }
extension DatastoreType: SnapshotEnumeration { static let snapshotCases = allCases }
extension MountAccess: SnapshotEnumeration { static let snapshotCases = allCases }
extension SCSIController: SnapshotEnumeration { static let snapshotCases = allCases }
extension VolumePurpose: SnapshotEnumeration { static let snapshotCases = allCases }
extension MachineKind: SnapshotEnumeration { static let snapshotCases = allCases }
extension MachineState: SnapshotEnumeration { static let snapshotCases = allCases }
extension Architecture: SnapshotEnumeration { static let snapshotCases = allCases }
extension ComponentHealth: SnapshotEnumeration { static let snapshotCases = allCases }
extension FailbackPolicyKind: SnapshotEnumeration { static let snapshotCases = allCases }
