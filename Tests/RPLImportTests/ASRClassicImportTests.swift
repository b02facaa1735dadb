import Foundation
import RPLImport
import RPLInventory
import RPLSource
import Testing

/// Where the Site Recovery fixtures are (Tests/Fixtures/asr, see its README).
let asrFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/asr")

func readJSON(_ folder: String, _ file: String) throws -> JSONValue {
    try JSONValue.parse(Array(Data(contentsOf: asrFixtures.appendingPathComponent(folder).appendingPathComponent(file))))
}

/// The recorded classic responses import, and every fact rpl takes from them
/// is the recorded value, read back from the recorded JSON itself.
@Suite struct ASRClassicImportTests {
    static func imported(_ folder: String = "classic") throws -> ASRImport.Outcome {
        let directory = asrFixtures.appendingPathComponent(folder).path
        return try ASRImport.estate(from: ARMResponses.readFolder(directory), source: directory)
    }

    static func customDetails() throws -> JSONValue {
        try #require(readJSON("classic", "fabrics.json")["value"]?.arrayValue?.first?["properties"]?["customDetails"])
    }

    @Test func theConfigurationServerProcessServersAndRunAsAccountsAreTheRecordedOnes() throws {
        let estate = try Self.imported().estate
        let fabric = try #require(readJSON("classic", "fabrics.json")["value"]?.arrayValue?.first)
        #expect(estate.configurationServer?.name == fabric["properties"]?["friendlyName"]?.stringValue)
        #expect(estate.configurationServer?.armID == fabric["id"]?.stringValue)
        let servers = try #require(Self.customDetails()["processServers"]?.arrayValue)
        #expect(estate.processServers.count == servers.count)
        for server in servers {
            let id = try #require(server["id"]?.stringValue)
            let record = try #require(estate.processServers.first { $0.record.armID == id }?.record)
            // Named after their hosts, as the master targets on the same machines are: the process server gives way.
            #expect(record.name == (server["friendlyName"]?.stringValue ?? "") + "-ps")
            // Heartbeats a minute or two before the configuration server's own.
            #expect(record.heartbeat)
        }
        let accounts = try #require(Self.customDetails()["runAsAccounts"]?.arrayValue)
        #expect(estate.runAsAccounts.map(\.name) == accounts.map { $0["accountName"]?.stringValue ?? "" })
        #expect(estate.runAsAccounts.map(\.armID) == accounts.map { $0["accountId"]?.stringValue })
    }

    @Test func masterTargetsKeepTheirRetentionVolumesInGBWithoutAFileSystem() throws {
        let estate = try Self.imported().estate
        let targets = try #require(Self.customDetails()["masterTargetServers"]?.arrayValue)
        #expect(estate.masterTargets.count == targets.count)
        for target in targets {
            let record = try #require(estate.masterTargets.first { $0.record.armID == target["id"]?.stringValue }?.record)
            #expect(record.name == target["name"]?.stringValue)
            #expect(record.os == .windows && target["osType"]?.stringValue == "Windows")
            #expect(record.attachedDisks == target["diskCount"]?.intValue)
            let volumes = try #require(target["retentionVolumes"]?.arrayValue)
            #expect(record.volumes.count == volumes.count)
            for (volume, recorded) in zip(record.volumes, volumes) {
                #expect(volume.path == (recorded["volumeName"]?.stringValue ?? "") + ":")
                #expect(volume.filesystem == nil, "Site Recovery does not say the file system: it stays unknown")
                guard case let .number(capacity)? = recorded["capacityInBytes"], case let .number(free)? = recorded["freeSpaceInBytes"] else {
                    Issue.record("the recorded volume has no sizes")
                    continue
                }
                #expect(volume.capacityGB == Int(capacity / 1_073_741_824))
                #expect(volume.freeGB == Int(free / 1_073_741_824))
            }
        }
        #expect(estate.masterTargets.first { $0.record.name == "V2A-PS-200" }?.record.volumes.map(\.capacityGB) == [9])
    }

    /// The strings are GB: 2047.75 is a 2 TiB VMFS datastore less its metadata.
    @Test func classicDatastoreCapacityAndFreeSpaceAreStringsOfGB() throws {
        let estate = try Self.imported().estate
        let recorded = try #require(Self.customDetails()["masterTargetServers"]?.arrayValue?.flatMap { $0["dataStores"]?.arrayValue ?? [] })
        #expect(!recorded.isEmpty)
        for store in recorded {
            let record = try #require(estate.datastores.first { $0.record.name == store["symbolicName"]?.stringValue }?.record)
            #expect(record.capacityGB == Int(Double(store["capacity"]?.stringValue ?? "") ?? -1))
            #expect(record.freeGB == Int(Double(store["freeSpace"]?.stringValue ?? "") ?? -1))
            #expect(record.type == .vmfs && store["type"]?.stringValue == "VMFS")
        }
        #expect(estate.datastores.first { $0.record.name == "DS-77" }?.record.capacityGB == 2047)
    }

    /// `recoveryPointHistory` is minutes: 1440 is the day Site Recovery keeps by default.
    @Test func theFailbackPolicyIsTheInMageOneInMinutes() throws {
        let estate = try Self.imported().estate
        let recorded = try readJSON("classic", "policy-Ploicyv2a-failback.json")
        let details = try #require(recorded["properties"]?["providerSpecificDetails"])
        #expect(estate.failbackPolicies.count == 1, "the InMageAzureV2 policy is a forward one")
        let policy = try #require(estate.failbackPolicies.first?.record)
        #expect(policy.kind == .inMage)
        #expect(policy.name == recorded["name"]?.stringValue)
        #expect(policy.armID == recorded["id"]?.stringValue)
        #expect(policy.rpoThresholdMinutes == details["recoveryPointThresholdInMinutes"]?.intValue)
        #expect(policy.recoveryPointRetentionMinutes == details["recoveryPointHistory"]?.intValue)
        #expect(policy.appConsistentFrequencyMinutes == details["appConsistentFrequencyInMinutes"]?.intValue)
        #expect(policy.recoveryPointRetentionMinutes == 1440)
    }

    @Test func protectedItemsBecomeMachinesWithTheirRecordedFacts() throws {
        let outcome = try Self.imported()
        #expect(outcome.skipped.isEmpty, "\(outcome.skipped)")
        let items = try #require(readJSON("classic", "protectedItems.json")["value"]?.arrayValue)
        #expect(outcome.estate.machines.count == items.count)
        for item in items {
            let properties = try #require(item["properties"])
            let details = try #require(properties["providerSpecificDetails"])
            let machine = try #require(outcome.estate.machines.first { $0.record.armID == item["id"]?.stringValue }?.record)
            #expect(machine.name == properties["friendlyName"]?.stringValue)
            #expect(machine.replicationGroup == details["multiVmGroupName"]?.stringValue)
            #expect(machine.architecture == .classic)
            #expect(machine.onpremVM.datastores == details["datastores"]?.arrayValue?.compactMap(\.stringValue))
            #expect(machine.forwardReplication.health == .normal && properties["replicationHealth"]?.stringValue == "Normal")
            if let version = details["osVersion"]?.stringValue { #expect(machine.osVersion == version) }
        }
        let failedBack = try #require(outcome.estate.machines.first { $0.record.name == "V2A-W2K16-201" }?.record)
        // InMage (replicating back) and UnplannedFailoverCommitted: the failback is committed.
        #expect(failedBack.state == .committed)
        // Its list entry has no osDetails; the protectable item discovery saw says WINDOWS.
        #expect(failedBack.os == .windows)
        #expect(failedBack.onpremVM.poweredOn == false)
        let forward = try #require(outcome.estate.machines.first { $0.record.name == "V2A-W2K19-202" }?.record)
        #expect(forward.state == .protected)
        #expect(forward.onpremVM.identity.biosUUID == "d375a4fa-963a-11eb-a892-000d3ad78fab")
    }

    @Test func aFailedOverItemIsFailedOverWithItsBootTimeAndDisks() throws {
        let estate = try Self.imported("classic-failed-over").estate
        let recorded = try readJSON("classic-failed-over", "V2A-W2K16-201-new.json")
        let details = try #require(recorded["properties"]?["providerSpecificDetails"])
        let machine = try #require(estate.machines.first?.record)
        #expect(machine.state == .failedOver)
        #expect(machine.forwardReplication.failoverCommitted)
        // To the millisecond, the import format's precision.
        let failover = try #require(ISO8601.parse(recorded["properties"]?["lastSuccessfulFailoverTime"]?.stringValue ?? ""))
        let booted = try #require(machine.bootedInAzureAt)
        #expect(abs(booted.timeIntervalSince(failover)) < 0.001)
        let disks = try #require(details["protectedDisks"]?.arrayValue)
        #expect(machine.disks == disks.count)
        let total = disks.compactMap { disk -> Double? in
            if case let .number(n)? = disk["diskCapacityInBytes"] { return n }
            return nil
        }.reduce(0, +)
        #expect(machine.diskGB == Int((total / Double(disks.count) / 1_073_741_824).rounded(.up)))
    }
}
