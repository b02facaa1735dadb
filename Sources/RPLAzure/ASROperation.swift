import Foundation
import RPLSource

/// One Azure Site Recovery action on a protected item, with the body the
/// API models (api-version `ARMClient.apiVersion`) give it. One case per
/// row of the cycle, in both architectures; each is a POST on the item's
/// ARM id answered by a 202 and an ASR job.
public enum ASROperation: Sendable, Equatable {
    /// Classic reprotect Azure → on-prem (`InMage`): the master target, its
    /// process server and retention drive, the failback policy.
    case reprotectClassic(ClassicReprotect)
    /// Modernized reprotect Azure → on-prem (`InMageRcm`).
    case reprotectModernized(reprotectAgentID: String, datastoreName: String, logStorageAccountID: String, policyID: String?)
    /// Classic failback: an unplanned failover with `InMage` (planned
    /// failover does not accept it).
    case failbackClassic(recoveryPointType: String)
    /// Modernized failback: a planned failover with `InMageRcmFailback`.
    case failbackModernized(recoveryPointType: String)
    /// Either architecture, no body.
    case commit
    /// Classic protect to Azure again (`InMageAzureV2`).
    case protectClassic(ClassicProtect)
    /// Modernized protect to Azure again (`InMageRcmFailback` reprotect input).
    case protectModernized(processServerID: String, runAsAccountID: String?, policyID: String)

    public struct ClassicReprotect: Sendable, Equatable {
        public var masterTargetID: String
        public var processServerID: String
        public var retentionDrive: String
        /// The failback (`InMage`) replication policy's ARM id.
        public var profileID: String
        public var runAsAccountID: String?
        public var datastoreName: String?
        /// Volume labels the agent leaves out (the Azure VM's temporary disk).
        public var excludedVolumeLabels: [String]

        public init(masterTargetID: String, processServerID: String, retentionDrive: String, profileID: String,
                    runAsAccountID: String? = nil, datastoreName: String? = nil, excludedVolumeLabels: [String] = []) {
            self.masterTargetID = masterTargetID
            self.processServerID = processServerID
            self.retentionDrive = retentionDrive
            self.profileID = profileID
            self.runAsAccountID = runAsAccountID
            self.datastoreName = datastoreName
            self.excludedVolumeLabels = excludedVolumeLabels
        }
    }

    public struct ClassicProtect: Sendable, Equatable {
        public var masterTargetID: String
        public var processServerID: String
        public var policyID: String
        public var runAsAccountID: String?
        public var storageAccountID: String?
        public var logStorageAccountID: String?

        public init(masterTargetID: String, processServerID: String, policyID: String, runAsAccountID: String? = nil,
                    storageAccountID: String? = nil, logStorageAccountID: String? = nil) {
            self.masterTargetID = masterTargetID
            self.processServerID = processServerID
            self.policyID = policyID
            self.runAsAccountID = runAsAccountID
            self.storageAccountID = storageAccountID
            self.logStorageAccountID = logStorageAccountID
        }
    }

    /// The action's name in the path, after the item's id.
    public var action: String {
        switch self {
        case .reprotectClassic, .reprotectModernized, .protectClassic, .protectModernized: "reProtect"
        case .failbackClassic: "unplannedFailover"
        case .failbackModernized: "plannedFailover"
        case .commit: "failoverCommit"
        }
    }

    /// The job's `scenarioName` in ASR, to find a job already running for an item and action.
    public var jobScenario: String {
        switch self {
        case .reprotectClassic, .reprotectModernized, .protectClassic, .protectModernized: "SwitchReplicationGroupProtection"
        case .failbackClassic: "UnplannedFailover"
        case .failbackModernized: "PlannedFailover"
        case .commit: "CommitFailover"
        }
    }

    public var body: JSONValue? {
        switch self {
        case let .reprotectClassic(input):
            var details: [(String, JSONValue)] = [
                ("instanceType", .string("InMage")),
                ("masterTargetId", .string(input.masterTargetID)),
                ("processServerId", .string(input.processServerID)),
                ("retentionDrive", .string(input.retentionDrive)),
            ]
            if let runAs = input.runAsAccountID { details.append(("runAsAccountId", .string(runAs))) }
            if let datastore = input.datastoreName { details.append(("datastoreName", .string(datastore))) }
            if !input.excludedVolumeLabels.isEmpty {
                let options = input.excludedVolumeLabels.map { label in
                    JSONValue.object([("volumeLabel", .string(label)), ("onlyExcludeIfSingleVolume", .string("Yes"))])
                }
                details.append(("diskExclusionInput", .object([("volumeOptions", .array(options))])))
            }
            details.append(("profileId", .string(input.profileID)))
            return ASROperation.reverseReplication(details)
        case let .reprotectModernized(agent, datastore, logStorage, policy):
            var details: [(String, JSONValue)] = [
                ("instanceType", .string("InMageRcm")),
                ("reprotectAgentId", .string(agent)),
                ("datastoreName", .string(datastore)),
                ("logStorageAccountId", .string(logStorage)),
            ]
            if let policy { details.append(("policyId", .string(policy))) }
            return ASROperation.reverseReplication(details)
        case let .failbackClassic(recoveryPoint):
            return .object([("properties", .object([
                ("failoverDirection", .string("PrimaryToRecovery")),
                ("sourceSiteOperations", .string("NotRequired")),
                ("providerSpecificDetails", .object([("instanceType", .string("InMage")), ("recoveryPointType", .string(recoveryPoint))])),
            ]))])
        case let .failbackModernized(recoveryPoint):
            return .object([("properties", .object([
                ("providerSpecificDetails", .object([("instanceType", .string("InMageRcmFailback")),
                                                     ("recoveryPointType", .string(recoveryPoint))])),
            ]))])
        case .commit:
            return nil
        case let .protectClassic(input):
            var details: [(String, JSONValue)] = [
                ("instanceType", .string("InMageAzureV2")),
                ("masterTargetId", .string(input.masterTargetID)),
                ("processServerId", .string(input.processServerID)),
            ]
            if let storage = input.storageAccountID { details.append(("storageAccountId", .string(storage))) }
            if let logStorage = input.logStorageAccountID { details.append(("logStorageAccountId", .string(logStorage))) }
            if let runAs = input.runAsAccountID { details.append(("runAsAccountId", .string(runAs))) }
            details.append(("policyId", .string(input.policyID)))
            return ASROperation.reverseReplication(details)
        case let .protectModernized(processServer, runAs, policy):
            var details: [(String, JSONValue)] = [("instanceType", .string("InMageRcmFailback")), ("processServerId", .string(processServer))]
            if let runAs { details.append(("runAsAccountId", .string(runAs))) }
            details.append(("policyId", .string(policy)))
            return ASROperation.reverseReplication(details)
        }
    }

    /// Reprotect's envelope: the failover direction is always
    /// `RecoveryToPrimary` (from where the item runs now back to the other side).
    private static func reverseReplication(_ details: [(String, JSONValue)]) -> JSONValue {
        .object([("properties", .object([
            ("failoverDirection", .string("RecoveryToPrimary")),
            ("providerSpecificDetails", .object(details)),
        ]))])
    }

    /// The request for the protected item `itemID`.
    public func request(item itemID: String) -> ASRRequest {
        ASRRequest(method: "POST", item: itemID, action: action, body: body, jobScenario: jobScenario)
    }
}

/// A request as rpl would send it: what `--dry-run` prints.
public struct ASRRequest: Sendable, Equatable {
    public var method: String
    /// The protected item's ARM id.
    public var item: String
    public var action: String
    public var body: JSONValue?
    /// The `scenarioName` of the job the request starts.
    public var jobScenario: String

    public var path: String { "\(item)/\(action)" }

    /// The vault the item belongs to: the part of its id before `/replicationFabrics/`.
    public var vault: String {
        guard let range = item.range(of: "/replicationFabrics/", options: .caseInsensitive) else { return item }
        return String(item[..<range.lowerBound])
    }

    /// The item's own name: the last segment of its id.
    public var itemName: String { item.split(separator: "/").last.map(String.init) ?? item }
}
