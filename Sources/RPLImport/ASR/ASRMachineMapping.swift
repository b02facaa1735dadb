import Foundation
import RPLInventory
import RPLSource

/// A replication protected item → a machine. The provider (`instanceType`)
/// says the architecture and the direction: `InMageAzureV2` and `InMageRcm`
/// replicate on-premises → Azure (classic, modernized), `InMage` and
/// `InMageRcmFailback` Azure → on-premises.
extension ASRMapper {
    struct Provider {
        var architecture: Architecture
        /// Replicating back to on-premises (the failback providers).
        var reverse: Bool
    }

    static func provider(_ details: ASRItem) throws(ASRSkip) -> Provider {
        switch details.string("instanceType") {
        case "InMageAzureV2": Provider(architecture: .classic, reverse: false)
        case "InMage": Provider(architecture: .classic, reverse: true)
        case "InMageRcm": Provider(architecture: .modernized, reverse: false)
        case "InMageRcmFailback": Provider(architecture: .modernized, reverse: true)
        case let other?: throw details.skip("instanceType", "provider '\(other)' is not one of VMware's (InMageAzureV2, InMage, InMageRcm, InMageRcmFailback)")
        case nil: throw details.skip("instanceType", "missing 'instanceType'")
        }
    }

    mutating func protectedItem(_ item: ASRItem) throws(ASRSkip) {
        guard let properties = item.child("properties") else { throw item.skip("properties", "missing 'properties'") }
        guard let details = properties.child("providerSpecificDetails") else {
            throw properties.skip("providerSpecificDetails", "missing 'providerSpecificDetails'")
        }
        let provider = try Self.provider(details)
        let name = try properties.string("friendlyName").orElse { () throws(ASRSkip) in try item.firstString("name") }
        let os: OSFamily
        // A list's entry may leave `osDetails` out where a GET of the item has it; discovery (the protectable item) knows it too.
        let discovery = properties.string("protectableItemId").flatMap { protectable[$0.lowercased()]?.child("properties")?.child("customDetails") }
        if let osDetails = details.child("osDetails") {
            os = try Self.os(osDetails, key: "osType")
        } else if details.string("osType") == nil, let discovery, discovery.string("osType") != nil {
            os = try Self.os(discovery, key: "osType")
        } else {
            os = try Self.os(details, key: "osType")
        }
        var unsaid: [String] = ["churn_gb_per_day"]
        var forward = ForwardReplication()
        let (state, committed) = try Self.state(properties, provider: provider)
        forward.failoverCommitted = committed
        var machine = Machine(name: name, os: os, state: state, architecture: provider.architecture, armID: item.string("id"))
        // How the machine was discovered for its protection to Azure; a failback provider describes the Azure VM instead.
        if provider.reverse {
            unsaid.append("kind")
        } else {
            machine.kind = details.string("discoveryType") == "Physical" ? .physical : .vmwareVM
        }
        if let version = details.string("osVersion") ?? details.string("osName") ?? details.child("discoveredVmDetails")?.string("osName") {
            machine.osVersion = version
        } else {
            unsaid.append("os_version")
        }
        machine.replicationGroup = details.string("multiVmGroupName")
        // The components it goes through now, by Site Recovery's ids (the models: classic processServerId and
        // masterTargetId, InMageRcm processServerId, InMageRcmFailback reprotectAgentId): the merge names them.
        machine.inUse = ComponentsInUse(processServer: details.string("processServerId"), masterTarget: details.string("masterTargetId"),
                                        reprotectAgent: details.string("reprotectAgentId"))

        // Disks: their count and the mean size (the schedule uses the total).
        let disks = details.list("protectedDisks")
        // A size that is no count (negative, not finite) makes the disks unknown rather than trap.
        let sizes = disks.compactMap { ($0.number("capacityInBytes") ?? $0.number("diskCapacityInBytes")).flatMap(ASRItem.whole).map(Double.init) }
        if !sizes.isEmpty, sizes.count == disks.count {
            machine.disks = sizes.count
            let total = sizes.reduce(0, +)
            machine.diskGB = Int((total / Double(sizes.count) / 1_073_741_824).rounded(.up))
        } else {
            unsaid += ["disks", "disk_gb"]
        }
        let uuids = disks.compactMap { $0.string("diskUuid") }
        if !uuids.isEmpty, uuids.count == disks.count { machine.diskUUIDs = uuids } else { unsaid.append("disk_uuids") }

        // A static address on-premises (classic: the NIC's IP configurations).
        let configurations = details.list("vmNics").flatMap { $0.list("ipConfigs") }
        let types = configurations.compactMap { $0.string("ipAddressType") }
            + details.list("vmNics").compactMap { $0.string("sourceIPAddressType") }
        if types.isEmpty { unsaid.append("static_ip") } else { machine.staticIP = types.contains { $0.lowercased() == "static" } }

        if let failover = properties.string("lastSuccessfulFailoverTime").flatMap(Self.date), [.failedOver, .reprotecting, .reprotected].contains(state) {
            machine.bootedInAzureAt = failover
        } else if [.failedOver, .reprotecting, .reprotected].contains(state) {
            unsaid.append("booted_in_azure_at")
        }

        // The on-prem VM: its identity and datastores as Site Recovery knows them; the vCenter says the rest.
        var vm = OnPremVM(exists: true)
        if let discovered = details.child("discoveredVmDetails") {
            if let deleted = discovered.bool("isDeleted") { vm.exists = !deleted } else { unsaid.append("onprem_vm.exists") }
            vm.datastores = discovered.json["datastores"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let power = discovered.string("powerStatus")?.lowercased() { vm.poweredOn = power == "on" || power == "poweredon" }
        } else {
            if let power = discovery?.string("poweredOn")?.lowercased() { vm.poweredOn = power == "on" }
            unsaid.append("onprem_vm.exists")
            vm.datastores = details.json["datastores"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        if provider.reverse, let target = details.string("targetDataStoreName"), !vm.datastores.contains(target) {
            vm.datastores.append(target)
        }
        // Site Recovery's VM id: the merge matches it against the UUIDs a vCenter pull recorded, never stores it.
        if machine.kind == .vmwareVM, let id = details.string("vmId") ?? details.string("infrastructureVmId") {
            vm.identity = VMIdentity(biosUUID: id)
        }
        vm.datastores.forEach { namedDatastore($0) }
        unsaid.append("onprem_vm.snapshots")
        machine.onpremVM = vm

        // Forward replication's health and the agent's registration after failover.
        forward.health = try Self.health(ASRItem(source: properties.source, path: properties.path,
                                                 json: .object([("health", properties.json["replicationHealth"] ?? .null)])))
        if let registered = details.bool("isAgentRegistrationSuccessfulAfterFailover") {
            forward.agentReregistered = registered
        } else {
            unsaid.append("forward_replication.agent_reregistered")
        }
        if let resync = details.string("resyncRequired")?.lowercased() {
            forward.resyncRequired = resync == "true" || resync == "yes" || resync == "required"
        } else {
            forward.resyncRequired = disks.contains { $0.string("resyncRequired")?.lowercased() == "required" }
        }
        if let percentage = details.number("initialReplicationProgressPercentage") {
            forward.initialReplicationComplete = percentage >= 100
        } else if let stage = details.string("protectionStage") {
            forward.initialReplicationComplete = stage == "DifferentialSync"
        }
        if details.string("lastRecoveryPointReceived") != nil || details.string("lastRecoveryPointId") != nil
            || details.string("retentionWindowEnd") != nil {
            forward.recoveryPoints = 1
        } else {
            unsaid.append("forward_replication.recovery_points")
        }
        // A failback (planned failover) that failed must be cancelled before it is retried.
        forward.plannedFailoverFailed = details.string("lastPlannedFailoverStatus") == "Failed"
        machine.forwardReplication = forward

        if let account = details.string("logStorageAccountId"), provider.architecture == .modernized {
            let accountName = String(account.split(separator: "/").last ?? Substring(account))
            if !estate.logStorageAccounts.contains(where: { $0.name == accountName }) {
                estate.logStorageAccounts.append(LogStorageAccount(name: accountName, region: "", armID: account))
            }
        }
        estate.machines.append(Said(machine, unsaid: unsaid))
    }

    /// The machine's place in the failback life cycle, and whether its failover
    /// is committed, from `protectionState` (the direction from the provider).
    static func state(_ properties: ASRItem, provider: Provider) throws(ASRSkip) -> (MachineState, Bool) {
        let state = try properties.required("protectionState")
        let failover = state.contains("Failover") && !state.contains("TestFailover")
        switch (provider.reverse, state) {
        case (_, _) where failover && state.hasSuffix("Committed"):
            return (provider.reverse ? .committed : .failedOver, true)
        case (_, _) where failover && (state.hasSuffix("Completed") || state.hasSuffix("Completing")):
            return (provider.reverse ? .failedBack : .failedOver, false)
        case (_, _) where failover:  // InProgress, Initiated
            return (provider.reverse ? .failingBack : .failedOver, false)
        case (false, _) where state.hasPrefix("SwitchProtection"):
            return (.reprotecting, true)
        case (true, _) where state.hasPrefix("SwitchProtection"):
            return (.protecting, true)
        case (false, "Protected"):
            return (.protected, true)
        case (true, "Protected"):
            return (.reprotected, true)
        case (false, _) where state.contains("Protection") || state.contains("Replication") || state.contains("Resync"):
            return (.protecting, true)
        case (true, _) where state.contains("Protection") || state.contains("Replication") || state.contains("Resync"):
            return (.reprotecting, true)
        default:
            throw properties.skip("protectionState", "protection state '\(state)' is not one rpl understands")
        }
    }
}
