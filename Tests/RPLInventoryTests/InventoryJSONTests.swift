import Foundation
import RPLInventory
import RPLSource
import Testing

/// A small valid document; tests change one thing in it at a time.
let smallDocument = """
    {
      "network": {"link": "s2s-vpn"},
      "configuration_server": {"name": "cs01"},
      "vcenters": [{"name": "vc01"}],
      "esxi_hosts": [{"name": "esx01", "vcenter": "vc01"}],
      "datastores": [{"name": "ds1", "mounts": {"esx01": "read-write"}}],
      "master_targets": [{"name": "mt1", "os": "linux", "host": "esx01",
                          "volumes": [{"path": "/mnt/retention", "filesystem": "ext4", "capacity_gb": 500}]}],
      "process_servers": [{"name": "ps-azure", "site": "azure"}],
      "machines": [{"name": "web", "os": "linux", "onprem_vm": {"host": "esx01", "datastores": ["ds1"]}}]
    }
    """

/// The issues of a document that must be refused.
func issues(of text: String) -> [InventoryIssue] {
    do {
        _ = try InventoryJSON.decode(Array(text.utf8))
        Issue.record("the document was accepted")
        return []
    } catch {
        return error.issues
    }
}

func decode(_ text: String) throws -> Inventory {
    try InventoryJSON.decode(Array(text.utf8))
}

/// `smallDocument` with one substring replaced (the substring must be there).
func small(replacing old: String, with new: String) -> String {
    precondition(smallDocument.contains(old), "the fixture has no '\(old)'")
    return smallDocument.replacingOccurrences(of: old, with: new)
}

@Suite struct InventoryJSONTests {
    @Test func smallDocumentDecodes() throws {
        let inventory = try decode(smallDocument)
        #expect(inventory.machines.map(\.name) == ["web"])
        #expect(inventory.masterTarget("mt1")?.volumes.first?.capacityGB == 500)
        #expect(inventory.datastore("ds1")?.access(on: "esx01") == .readWrite)
    }

    @Test func unknownKeyIsReportedWithItsPath() {
        let found = issues(of: small(replacing: #""name": "web", "os": "linux""#, with: #""name": "web", "os": "linux", "colour": "blue""#))
        #expect(found.map(\.path) == ["machines[0].colour"])
        #expect(found.first?.message.contains("unknown key 'colour'") == true)
    }

    @Test func unknownKeySuggestsTheNearestKnownOne() {
        let found = issues(of: small(replacing: #""site": "azure""#, with: #""site": "azure", "heartbeet": true"#))
        #expect(found.map(\.path) == ["process_servers[0].heartbeet"])
        #expect(found.first?.message.contains("did you mean 'heartbeat'") == true)
    }

    @Test func unknownTopLevelKey() {
        let found = issues(of: small(replacing: #""network""#, with: #""hosts": [], "network""#))
        #expect(found.map(\.path) == ["hosts"])
    }

    @Test func wrongTypeIsReportedWithItsPath() {
        let found = issues(of: small(replacing: #""name": "web", "os": "linux""#, with: #""name": "web", "os": "linux", "disks": "two""#))
        #expect(found == [InventoryIssue(path: "machines[0].disks", message: "expected a non-negative integer, found string \"two\"")])
    }

    /// A bandwidth of 0 would make every transfer estimate endless (an RTO
    /// of 33,823 hours): refused with its path like any other bad value.
    @Test(arguments: ["0", "-5", "1.5"])
    func bandwidthMustBePositive(value: String) {
        let found = issues(of: small(replacing: #"{"link": "s2s-vpn"}"#, with: #"{"link": "s2s-vpn", "bandwidth_mbps": \#(value)}"#))
        #expect(found.map(\.path) == ["network.bandwidth_mbps"])
        #expect(found.first?.message.contains("expected a positive integer") == true)
    }

    @Test func booleanIsNotANumberNorANumberABoolean() {
        let found = issues(of: small(replacing: #""name": "vc01""#, with: #""name": "vc01", "discovered": 1"#))
        #expect(found.map(\.path) == ["vcenters[0].discovered"])
        let other = issues(of: small(replacing: #""capacity_gb": 500"#, with: #""capacity_gb": true"#))
        #expect(other.map(\.path) == ["master_targets[0].volumes[0].capacity_gb"])
    }

    @Test func badEnumValueNamesTheAllowedOnes() {
        let found = issues(of: small(replacing: #""os": "linux", "host""#, with: #""os": "linus", "host""#))
        #expect(found.map(\.path) == ["master_targets[0].os"])
        #expect(found.first?.message == #"'linus' is not one of "linux", "windows" (did you mean 'linux'?)"#)
    }

    @Test func badMountAccessIsReportedUnderTheHostKey() {
        let found = issues(of: small(replacing: #""esx01": "read-write""#, with: #""esx01": "rw""#))
        #expect(found.map(\.path) == ["datastores[0].mounts.esx01"])
    }

    @Test func danglingMasterTargetHost() {
        let found = issues(of: small(replacing: #""os": "linux", "host": "esx01","#, with: #""os": "linux", "host": "esx09","#))
        #expect(found.map(\.path) == ["master_targets[0].host"])
        #expect(found.first?.message == "no ESXi host named 'esx09' in the inventory (did you mean 'esx01'?)")
    }

    @Test func everyDanglingReferenceIsReported() {
        let text = small(replacing: #"{"name": "esx01", "vcenter": "vc01"}"#, with: #"{"name": "esx01", "vcenter": "vc02"}"#)
            .replacingOccurrences(of: #""mounts": {"esx01": "read-write"}"#, with: #""mounts": {"esx07": "read-write"}"#)
            .replacingOccurrences(of: #"{"host": "esx01", "datastores": ["ds1"]}"#, with: #"{"host": "esx03", "datastores": ["ds1", "ds9"]}"#)
        #expect(issues(of: text).map(\.path) == [
            "esxi_hosts[0].vcenter", "datastores[0].mounts.esx07", "machines[0].onprem_vm.host",
            "machines[0].onprem_vm.datastores[1]",
        ])
    }

    @Test func duplicateNamesInOneKind() {
        let found = issues(of: small(replacing: #""process_servers": [{"name": "ps-azure", "site": "azure"}]"#,
                                     with: #""process_servers": [{"name": "ps-azure", "site": "azure"}, {"name": "ps-azure", "site": "onprem"}]"#))
        #expect(found == [InventoryIssue(path: "process_servers[1].name",
                                         message: "duplicate process server name 'ps-azure' (first at process_servers[0])")])
    }

    @Test func oneNameCannotBeAMachineAndAMasterTarget() {
        let found = issues(of: small(replacing: #"{"name": "web", "os": "linux""#, with: #"{"name": "mt1", "os": "linux""#))
        #expect(found.map(\.path) == ["machines[0].name"])
        #expect(found.first?.message.contains("a master target (master_targets[0])") == true)
    }

    @Test func missingRequiredKeys() {
        let found = issues(of: small(replacing: #"{"name": "web", "os": "linux", "#, with: #"{"#)
            .replacingOccurrences(of: #"{"name": "ps-azure", "site": "azure"}"#, with: #"{"name": "ps-azure"}"#))
        #expect(found.map(\.path) == ["process_servers[0].site", "machines[0].name", "machines[0].os"])
    }

    @Test func allErrorsAreCollectedAndPathsStayTrueAfterARefusedRecord() {
        let text = small(replacing: #""machines": [{"name": "web", "os": "linux", "#,
                         with: #""machines": [{"name": "bad", "os": "solaris"}, {"name": "web", "os": "linux", "colour": 1, "#)
            .replacingOccurrences(of: #""host": "esx01", "datastores""#, with: #""host": "esx02", "datastores""#)
        #expect(issues(of: text).map(\.path) == ["machines[0].os", "machines[1].colour", "machines[1].onprem_vm.host"])
    }

    @Test func nullOnlyWhereTheFormatAllowsIt() throws {
        let accepted = try decode(small(replacing: #"{"name": "web", "os": "linux", "#,
                                        with: #"{"name": "web", "os": "linux", "replication_group": null, "booted_in_azure_at": null, "#))
        #expect(accepted.machines[0].replicationGroup == nil)
        let found = issues(of: small(replacing: #"{"name": "web", "os": "linux", "#, with: #"{"name": "web", "os": "linux", "static_ip": null, "#))
        #expect(found.map(\.path) == ["machines[0].static_ip"])
    }

    @Test func badDateIsReported() {
        let found = issues(of: small(replacing: #"{"name": "web", "os": "linux", "#,
                                     with: #"{"name": "web", "os": "linux", "booted_in_azure_at": "2026-02-30T08:00:00Z", "#))
        #expect(found.map(\.path) == ["machines[0].booted_in_azure_at"])
    }

    @Test func syntaxErrorKeepsLineAndColumn() {
        do {
            _ = try InventoryJSON.decode(Array("{\n  \"machines\": [,]\n}".utf8))
            Issue.record("accepted broken JSON")
        } catch {
            guard case let .syntax(syntax) = error else { Issue.record("not a syntax error: \(error)"); return }
            #expect(syntax.line == 2)
            #expect(syntax.column == 16)
        }
    }

    @Test func missingKeysTakeTheDocumentedDefaults() throws {
        let inventory = try decode(#"""
            {"vcenters": [{"name": "vc"}], "esxi_hosts": [{"name": "h", "vcenter": "vc"}],
             "datastores": [{"name": "d"}],
             "master_targets": [{"name": "mt", "os": "windows", "host": "h",
                                 "volumes": [{"path": "R:", "filesystem": "NTFS", "capacity_gb": 1}]}],
             "process_servers": [{"name": "ps", "site": "onprem"}],
             "machines": [{"name": "m", "os": "windows"}],
             "configuration_server": {"name": "cs"}, "network": {"link": "internet"}}
            """#)
        #expect(inventory.network == Network(link: .internet, bandwidthMbps: 200))
        #expect(inventory.configurationServer == ConfigurationServer(name: "cs", site: .onprem))
        #expect(inventory.vcenters == [VCenter(name: "vc", account: .admin, discovered: true)])
        #expect(inventory.hosts == [ESXiHost(name: "h", vcenter: "vc", edition: .licensed)])
        #expect(inventory.datastores == [Datastore(name: "d", type: .vmfs, freeGB: 0, mounts: [])])
        let target = try #require(inventory.masterTargets.first)
        #expect(target == MasterTarget(name: "mt", os: .windows, host: "h", site: .onprem, vmwareTools: true, diskEnableUUID: true,
                                       snapshots: 0, scsiController: .lsiLogic, storageVMotion: false, diskUUIDs: [],
                                       attachedDisks: 0,
                                       volumes: [Volume(path: "R:", filesystem: "NTFS", capacityGB: 1, locked: false, cache: false,
                                                        purpose: .retention)]))
        #expect(inventory.processServers == [ProcessServer(name: "ps", site: .onprem, reachesConfigurationServer: true, heartbeat: true)])
        #expect(inventory.machines == [Machine(
            name: "m", kind: .vmwareVM, os: .windows, osVersion: "", state: .failedOver, inConfigurationServer: true,
            agentRegistered: true, bootedInAzureAt: nil, replicationGroup: nil, disks: 1, diskGB: 0, diskUUIDs: [],
            staticIP: false, onpremVM: OnPremVM(exists: true, host: nil, datastores: [], snapshots: 0))])
    }

    @Test func emptyDocumentIsAnEmptyInventory() throws {
        let inventory = try decode("{}")
        #expect(inventory == Inventory())
    }

    @Test func encodeThenDecodeGivesTheSameInventory() throws {
        let demo = try DemoInventory.load()
        let text = InventoryJSON.encode(demo).serialized(pretty: true)
        #expect(try decode(text) == demo)

        var changed = demo
        changed.update { records in
            records.machines[0].state = .reprotected
            records.machines[0].bootedInAzureAt = Date(timeIntervalSince1970: 1_700_000_123)
            records.machines[1].onpremVM = OnPremVM(exists: false)
        }
        changed.network = nil
        #expect(try decode(InventoryJSON.encode(changed).serialized()) == changed)
    }

    @Test func machinesEncodeInTheImportShapeWithTheirState() throws {
        var inventory = try decode(smallDocument)
        inventory.update { $0.machines[0].state = .reprotecting }
        guard case let .array(machines) = InventoryJSON.encode(inventory, kind: .machines) else {
            Issue.record("machines are not an array")
            return
        }
        #expect(machines.count == 1)
        #expect(machines[0]["state"] == .string("reprotecting"))
        #expect(machines[0]["onprem_vm"]?["host"] == .string("esx01"))
        #expect(machines[0]["booted_in_azure_at"] == .null)
    }

    @Test func iso8601ParsesAndFormats() throws {
        let date = try #require(ISO8601.parse("2026-11-24T08:00:00Z"))
        #expect(date.timeIntervalSince1970 == 1_795_507_200)
        #expect(ISO8601.format(date) == "2026-11-24T08:00:00Z")
        #expect(ISO8601.parse("2026-11-24T09:30:00+01:30") == date)
        #expect(ISO8601.format(try #require(ISO8601.parse("2024-02-29T23:59:59.250Z"))) == "2024-02-29T23:59:59.250Z")
        #expect(ISO8601.parse("2026-11-24 08:00:00Z") == nil)
        #expect(ISO8601.parse("2026-11-24T08:00:00") == nil)
    }

    @Test func kindSpellings() {
        #expect(InventoryKind(spelling: "master_targets") == .masterTargets)
        #expect(InventoryKind(spelling: "master-targets") == .masterTargets)
        #expect(InventoryKind(spelling: "esxi_hosts") == .hosts)
        #expect(InventoryKind(spelling: "configuration_server") == .configurationServer)
        #expect(InventoryKind(spelling: "Machines") == .machines)
        #expect(InventoryKind(spelling: "volumes") == nil)
    }
}
