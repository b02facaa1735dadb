import RPLAzure
import RPLInventory
import RPLRuntime
import RPLSource

/// Why a step has no request: the inventory lacks an id the request names (RP807).
public struct ASRMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var step: String
    public var missing: String

    public init(step: String, missing: String) {
        self.step = step
        self.missing = missing
    }

    public var description: String {
        "step \(step): \(missing) has no ARM id in the inventory; pull the vault (`rpl inventory pull --vault`) or add its arm_id"
    }
}

/// Which Site Recovery operation each step action is, with the ids the
/// inventory holds: one switch over the step actions, each mapped to the
/// `ASROperation` that builds its body.
public enum ASRStepMapping {
    /// The volume label of an Azure VM's temporary disk, which holds
    /// nothing to fail back (the page file, scratch data) and is left out of
    /// a classic reprotect, as the Azure tools' reprotect leaves it out.
    public static let azureTemporaryDiskLabel = "Temporary Storage"

    /// The recovery point a classic failback fails over to: the latest
    /// crash-consistent point, as the portal's default for a failback.
    public static let classicRecoveryPoint = "LatestTime"

    /// The request of `step`; nil for the steps rpl does itself (manual, wait).
    public static func request(for step: ExecutableStep, in inventory: Inventory) throws(ASRMappingError) -> ASRRequest? {
        func id(_ value: String?, _ what: String) throws(ASRMappingError) -> String {
            guard let value, !value.isEmpty else { throw ASRMappingError(step: step.id, missing: what) }
            return value
        }
        switch step.action {
        case let .reprotect(machine, masterTarget, processServer, datastore, retention):
            let item = try id(inventory.machine(machine)?.armID, "machine \(machine)")
            let operation = ASROperation.reprotectClassic(.init(
                masterTargetID: try id(inventory.masterTarget(masterTarget)?.armID, "master target \(masterTarget)"),
                processServerID: try id(inventory.processServer(processServer)?.armID, "process server \(processServer)"),
                retentionDrive: retentionDrive(retention ?? ""),
                profileID: try id(inventory.failbackPolicy(for: .classic)?.armID, "the classic failback policy"),
                runAsAccountID: runAsAccount(in: inventory),
                datastoreName: datastore,
                excludedVolumeLabels: [azureTemporaryDiskLabel]))
            return operation.request(item: item)
        case let .agentReprotect(reprotect):
            let item = try id(inventory.machine(reprotect.machine)?.armID, "machine \(reprotect.machine)")
            let operation = ASROperation.reprotectModernized(
                reprotectAgentID: try id(inventory.reprotectAgent(reprotect.reprotectAgent)?.agent.armID, "reprotect agent \(reprotect.reprotectAgent)"),
                datastoreName: try id(reprotect.datastore, "the datastore of \(reprotect.machine)'s reprotect"),
                logStorageAccountID: try id(inventory.logStorageAccount(reprotect.logStorageAccount)?.armID,
                                            "log storage account \(reprotect.logStorageAccount)"),
                policyID: try reprotect.policy.map { name throws(ASRMappingError) in try id(inventory.policy(name)?.armID, "policy \(name)") })
            return operation.request(item: item)
        case let .failback(machine, recoveryPoint):
            let record = inventory.machine(machine)
            let item = try id(record?.armID, "machine \(machine)")
            let operation: ASROperation = record?.architecture == .modernized
                ? .failbackModernized(recoveryPointType: (recoveryPoint ?? .crashConsistent).siteRecoveryName)
                : .failbackClassic(recoveryPointType: classicRecoveryPoint)
            return operation.request(item: item)
        case let .commit(machine):
            return ASROperation.commit.request(item: try id(inventory.machine(machine)?.armID, "machine \(machine)"))
        case let .protect(protect):
            let item = try id(inventory.machine(protect.machine)?.armID, "machine \(protect.machine)")
            let processServer = try id(inventory.processServer(protect.processServer)?.armID, "process server \(protect.processServer)")
            let policyRecord = protect.policy.flatMap(inventory.policy) ?? inventory.forwardPolicy(for: protect.architecture)
            let policy = try id(policyRecord?.armID, protect.policy.map { "policy \($0)" } ?? "the \(protect.architecture.rawValue) forward policy")
            let operation: ASROperation = protect.architecture == .modernized
                ? .protectModernized(processServerID: processServer, runAsAccountID: runAsAccount(in: inventory), policyID: policy)
                // The configuration server's own process server is its master target too, as in the recorded request.
                : .protectClassic(.init(masterTargetID: processServer, processServerID: processServer, policyID: policy,
                                        runAsAccountID: runAsAccount(in: inventory)))
            return operation.request(item: item)
        case .manual, .wait:
            return nil
        }
    }

    /// The run-as account a request names: the inventory's first with an id.
    static func runAsAccount(in inventory: Inventory) -> String? {
        inventory.runAsAccounts.first { $0.armID != nil }?.armID
    }

    /// Site Recovery names a Windows retention volume by its drive letter
    /// alone ("F"), a Linux one by its mount point.
    static func retentionDrive(_ volume: String) -> String {
        guard volume.utf8.count >= 2, volume.utf8.dropFirst().first == UInt8(ascii: ":") else { return volume }
        return String(volume.prefix(1)).uppercased()
    }
}
