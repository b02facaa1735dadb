/// The automatic failback policy that ASR selects for a reprotect from
/// Azure to on-premises: it cannot be edited, so its figures are facts the
/// checker (the `failback-policy` record, RP706) and the time model share.
public enum FailbackPolicy {
    /// Replication lagging further than this raises an alert; it also bounds
    /// the changes not yet on-premises when a failback starts.
    public static let rpoThresholdSeconds: Int64 = 15 * 60
    public static let recoveryPointRetentionSeconds: Int64 = 24 * 3600
    public static let appConsistentSnapshotSeconds: Int64 = 60 * 60
}
