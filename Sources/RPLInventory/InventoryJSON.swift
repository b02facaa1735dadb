import Foundation
import RPLSource

/// The inventory import format of docs/inventory.md, read strictly: an unknown key, a
/// wrong type, a bad enum value, a duplicate name or a dangling reference is
/// an `InventoryIssue` at its JSON path, and every issue is reported, not
/// just the first. Nothing is guessed.
///
/// Defaults of missing keys (the only place they are written down; they are
/// also the defaults of the model's initialisers):
///
/// | record | key | default |
/// |---|---|---|
/// | document | `network`, `configuration_server` | absent (the checker reports RP501 / RP504) |
/// | document | `vcenters`, `esxi_hosts`, `datastores`, `master_targets`, `process_servers`, `machines` | `[]` |
/// | network | `link` | required |
/// | network | `bandwidth_mbps` | `200` |
/// | configuration_server | `name` | required |
/// | configuration_server | `site` | `"onprem"` |
/// | vcenter | `name` | required |
/// | vcenter | `account`, `discovered` | `"admin"`, `true` |
/// | vcenter | `version`, `api_type` | `null` (unknown until a pull) |
/// | esxi_host | `name`, `vcenter` | required |
/// | esxi_host | `edition`, `version` | `"licensed"`, `null` |
/// | datastore | `name` | required |
/// | datastore | `type`, `free_gb`, `capacity_gb`, `mounts` | `"vmfs"`, `0`, `null`, `{}` |
/// | datastore | `uuid` | `null` (unknown until a pull) |
/// | master_target | `name`, `os`, `host` | required |
/// | master_target | `site`, `vmware_tools`, `disk_enable_uuid`, `snapshots` | `"onprem"`, `true`, `true`, `0` |
/// | master_target | `scsi_controller`, `storage_vmotion`, `disk_uuids`, `attached_disks`, `volumes` | `"lsi-logic"`, `false`, `[]`, `0`, `[]` |
/// | master_target | `instance_uuid`, `bios_uuid` | `null` |
/// | volume | `path`, `filesystem`, `capacity_gb` | required (`filesystem` may be `null`: unknown) |
/// | volume | `free_gb` | `null` (unknown) |
/// | volume | `locked`, `cache`, `purpose` | `false`, `false`, `"retention"` |
/// | process_server | `name`, `site` | required |
/// | process_server | `reaches_configuration_server`, `heartbeat` | `true`, `true` |
/// | machine | `name`, `os` | required |
/// | machine | `kind`, `os_version`, `state` | `"vmware-vm"`, `""`, `"failed-over"` |
/// | machine | `in_configuration_server`, `agent_registered` | `true`, `true` |
/// | machine | `booted_in_azure_at`, `replication_group` | `null` (unknown boot time; no group) |
/// | machine | `disks`, `disk_gb`, `disk_uuids`, `static_ip` | `1`, `0`, `[]`, `false` |
/// | machine | `churn_gb_per_day` | `10` |
/// | machine | `onprem_vm` | `{"exists": true}` |
/// | machine | `architecture`, `forward_replication` | `"classic"`, every key's default |
/// | machine | `process_server`, `master_target`, `reprotect_agent` | `null` (unknown until an ASR import) |
/// | forward_replication | `failover_committed`, `agent_reregistered`, `health` | `true`, `true`, `"normal"` |
/// | forward_replication | `initial_replication_complete`, `resync_required`, `recovery_points` | `true`, `false`, `1` |
/// | forward_replication | `disks_at_failover`, `disk_gb_at_failover`, `planned_failover_failed` | `null` (as now), `null`, `false` |
/// | vault | `name`, `region` | required |
/// | replication_appliance | `name` | required |
/// | replication_appliance | `health`, `last_heartbeat`, `protected_items`, `process_servers`, `reprotect_agents` | `"normal"`, `null`, `0`, `[]`, `[]` |
/// | reprotect_agent | `name`, `vcenter` | required |
/// | reprotect_agent | `health`, `last_heartbeat`, `accessible_datastores` | `"normal"`, `null`, `[]` |
/// | log_storage_account | `name`, `region` | required; `soft_delete` `false` |
/// | failback_policy | `name`, `kind` | required; the minutes default to the policy Site Recovery creates (15, 1440, 60) |
/// | run_as_account | `name` | required |
/// | every record a request names | `arm_id` | `null` (unknown until an ASR import) |
/// | onprem_vm | `exists`, `host`, `datastores`, `snapshots` | `true`, `null`, `[]`, `0` |
/// | onprem_vm | `instance_uuid`, `bios_uuid`, `powered_on` | `null` |
///
/// Only `booted_in_azure_at`, `replication_group`, `onprem_vm.host` and the
/// facts a pull fills in (versions, `capacity_gb`, UUIDs, `powered_on`, the
/// components a machine uses) may be
/// `null`; elsewhere `null` is a wrong type. Counts and sizes are
/// non-negative integers. Names are non-empty and unique within their kind,
/// and machines, master targets, process servers and datastores share one
/// namespace, because a plan names them all the same way.
public enum InventoryJSON {
    /// Parses and validates a document.
    public static func decode(_ bytes: [UInt8]) throws(InventoryJSONError) -> Inventory {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw .syntax(error)
        }
        return try decode(value)
    }

    public static func decode(_ value: JSONValue) throws(InventoryJSONError) -> Inventory {
        var decoder = InventoryDecoder()
        let inventory = decoder.document(value)
        if !decoder.issues.isEmpty { throw .invalid(decoder.issues) }
        return inventory
    }
}

// MARK: - The decoder

/// A JSON type or value that was not what the format wants, with the words
/// of the message ("expected a boolean, found string").
private struct Mismatch: Error {
    var message: String
}

/// How one key's value is read: a description for messages and a conversion.
private struct ValueKind<T> {
    var convert: (JSONValue) throws(Mismatch) -> T

    static func typed(_ expected: String, _ read: @escaping (JSONValue) -> T?) -> ValueKind<T> {
        ValueKind { value throws(Mismatch) in
            guard let result = read(value) else { throw Mismatch(message: "expected \(expected), found \(describe(value))") }
            return result
        }
    }
}

private func describe(_ value: JSONValue) -> String {
    switch value {
    case let .string(s): "string \"\(s)\""
    case let .number(n): "number \(JSONValue.number(n).serialized())"
    case let .bool(b): "\(b)"
    default: value.typeName
    }
}

extension ValueKind where T == String {
    static var string: ValueKind { .typed("a string") { $0.stringValue } }
    static var name: ValueKind {
        ValueKind { value throws(Mismatch) in
            guard let text = value.stringValue else { throw Mismatch(message: "expected a name (a string), found \(describe(value))") }
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw Mismatch(message: "a name cannot be empty") }
            return text
        }
    }
}

extension ValueKind where T == Bool {
    static var bool: ValueKind { .typed("a boolean (true or false)") { $0.boolValue } }
}

extension ValueKind where T == Int {
    static var count: ValueKind {
        ValueKind { value throws(Mismatch) in
            guard let n = value.intValue, n >= 0 else {
                throw Mismatch(message: "expected a non-negative integer, found \(describe(value))")
            }
            return n
        }
    }

    /// A rate or a size that divides: zero would make estimates infinite.
    static var positiveCount: ValueKind {
        ValueKind { value throws(Mismatch) in
            guard let n = value.intValue, n > 0 else {
                throw Mismatch(message: "expected a positive integer, found \(describe(value))")
            }
            return n
        }
    }
}

extension ValueKind where T == Date {
    static var date: ValueKind {
        ValueKind { value throws(Mismatch) in
            guard let text = value.stringValue else {
                throw Mismatch(message: "expected an ISO 8601 date-time string, found \(describe(value))")
            }
            guard let date = ISO8601.parse(text) else {
                throw Mismatch(message: "'\(text)' is not an ISO 8601 date-time (like 2026-11-24T08:00:00Z)")
            }
            return date
        }
    }
}

extension ValueKind {
    static func oneOf<E: RawRepresentable & CaseIterable>(_: E.Type) -> ValueKind<E> where E.RawValue == String {
        ValueKind<E> { value throws(Mismatch) in
            let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            guard let text = value.stringValue else { throw Mismatch(message: "expected one of \(allowed), found \(describe(value))") }
            guard let result = E(rawValue: text) else {
                let hint = Suggestions.hint(for: text, among: E.allCases.map(\.rawValue))
                throw Mismatch(message: "'\(text)' is not one of \(allowed)\(hint)")
            }
            return result
        }
    }
}

/// The members of one JSON object whose keys were checked, at a path.
private struct Fields {
    var path: String
    var members: [(String, JSONValue)]

    subscript(key: String) -> JSONValue? { members.first { $0.0 == key }?.1 }

    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

private func indexPath(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

private struct InventoryDecoder {
    var issues: [InventoryIssue] = []
    /// Names of records refused for another reason, by top-level key: a
    /// reference to one of them is not reported again as dangling.
    var refusedNames: [String: Set<String>] = [:]

    mutating func fail(_ path: String, _ message: String) {
        issues.append(InventoryIssue(path: path, message: message))
    }

    /// The object at `path`, with every key outside `allowed` reported.
    mutating func object(_ value: JSONValue, at path: String, what: String, allowed: [String]) -> Fields? {
        guard case let .object(members) = value else {
            fail(path.isEmpty ? "$" : path, "expected \(what) (an object), found \(describe(value))")
            return nil
        }
        let fields = Fields(path: path, members: members)
        for (key, _) in members where !allowed.contains(key) {
            fail(fields.path(key), "unknown key '\(key)' in \(what)\(Suggestions.hint(for: key, among: allowed))")
        }
        return fields
    }

    mutating func required<T>(_ fields: Fields, _ key: String, _ kind: ValueKind<T>, what: String) -> T? {
        guard let value = fields[key] else {
            fail(fields.path(key), "missing: \(what) needs '\(key)'")
            return nil
        }
        return convert(value, kind, at: fields.path(key))
    }

    /// The value, or `fallback` when the key is absent; nil after a reported error.
    mutating func optional<T>(_ fields: Fields, _ key: String, _ kind: ValueKind<T>, default fallback: T) -> T? {
        guard let value = fields[key] else { return fallback }
        return convert(value, kind, at: fields.path(key))
    }

    /// A key that may be absent or `null` (both mean nil); `.failed` after a reported error.
    mutating func nullable<T>(_ fields: Fields, _ key: String, _ kind: ValueKind<T>) -> Nullable<T> {
        guard let value = fields[key], value != .null else { return .value(nil) }
        guard let result = convert(value, kind, at: fields.path(key)) else { return .failed }
        return .value(result)
    }

    mutating func convert<T>(_ value: JSONValue, _ kind: ValueKind<T>, at path: String) -> T? {
        do {
            return try kind.convert(value)
        } catch {
            fail(path, error.message)
            return nil
        }
    }

    /// An array of `kind`, `[]` when absent; nil after a reported error (every element is checked).
    mutating func list<T>(_ fields: Fields, _ key: String, _ kind: ValueKind<T>) -> [T]? {
        guard let value = fields[key] else { return [] }
        guard case let .array(items) = value else {
            fail(fields.path(key), "expected an array, found \(describe(value))")
            return nil
        }
        var result: [T] = []
        var ok = true
        for (index, item) in items.enumerated() {
            if let element = convert(item, kind, at: indexPath(fields.path(key), index)) { result.append(element) } else { ok = false }
        }
        return ok ? result : nil
    }

    /// Each element of a top-level array, decoded by `element`, kept with its index for later checks.
    mutating func records<T>(_ fields: Fields, _ key: String,
                             _ element: (inout InventoryDecoder, JSONValue, String) -> T?) -> [(Int, T)] {
        guard let value = fields[key] else { return [] }
        guard case let .array(items) = value else {
            fail(fields.path(key), "expected an array, found \(describe(value))")
            return []
        }
        var result: [(Int, T)] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if let record = element(&self, item, indexPath(fields.path(key), index)) {
                result.append((index, record))
            } else if let name = item["name"]?.stringValue {
                refusedNames[key, default: []].insert(name)
            }
        }
        return result
    }

    // MARK: Records

    mutating func document(_ value: JSONValue) -> Inventory {
        guard let root = object(value, at: "", what: "an inventory document", allowed: [
            "network", "configuration_server", "vcenters", "esxi_hosts", "datastores",
            "master_targets", "process_servers", "machines", "vault", "replication_appliances", "log_storage_accounts",
            "failback_policies", "run_as_accounts",
        ]) else { return Inventory() }

        let network = root["network"].flatMap { self.network($0, at: root.path("network")) }
        let configurationServer = root["configuration_server"].flatMap { self.configurationServer($0, at: root.path("configuration_server")) }
        let vcenters = records(root, "vcenters") { $0.vcenter($1, at: $2) }
        let hosts = records(root, "esxi_hosts") { $0.host($1, at: $2) }
        let datastores = records(root, "datastores") { $0.datastore($1, at: $2) }
        let masterTargets = records(root, "master_targets") { $0.masterTarget($1, at: $2) }
        let processServers = records(root, "process_servers") { $0.processServer($1, at: $2) }
        let machines = records(root, "machines") { $0.machine($1, at: $2) }
        let vault = root["vault"].flatMap { self.vault($0, at: root.path("vault")) }
        let appliances = records(root, "replication_appliances") { $0.appliance($1, at: $2) }
        let logStorageAccounts = records(root, "log_storage_accounts") { $0.logStorageAccount($1, at: $2) }
        let failbackPolicies = records(root, "failback_policies") { $0.failbackPolicy($1, at: $2) }
        let runAsAccounts = records(root, "run_as_accounts") { $0.runAsAccount($1, at: $2) }

        var validator = InventoryValidator(vcenters: vcenters, hosts: hosts, datastores: datastores,
                                           masterTargets: masterTargets, processServers: processServers,
                                           machines: machines, refusedNames: refusedNames)
        validator.appliances = appliances
        validator.logStorageAccounts = logStorageAccounts
        validator.failbackPolicies = failbackPolicies
        validator.runAsAccounts = runAsAccounts
        issues += validator.issues()

        return Inventory(network: network, configurationServer: configurationServer,
                         vcenters: vcenters.map(\.1), hosts: hosts.map(\.1), datastores: datastores.map(\.1),
                         masterTargets: masterTargets.map(\.1), processServers: processServers.map(\.1),
                         machines: machines.map(\.1), vault: vault, appliances: appliances.map(\.1),
                         logStorageAccounts: logStorageAccounts.map(\.1), failbackPolicies: failbackPolicies.map(\.1),
                         runAsAccounts: runAsAccounts.map(\.1))
    }

    mutating func network(_ value: JSONValue, at path: String) -> Network? {
        guard let f = object(value, at: path, what: "the network", allowed: ["link", "bandwidth_mbps"]) else { return nil }
        let link = required(f, "link", .oneOf(NetworkLink.self), what: "the network")
        let bandwidth = optional(f, "bandwidth_mbps", .positiveCount, default: Network.defaultBandwidthMbps)
        guard let link, let bandwidth else { return nil }
        return Network(link: link, bandwidthMbps: bandwidth)
    }

    mutating func configurationServer(_ value: JSONValue, at path: String) -> ConfigurationServer? {
        let what = "the configuration server"
        guard let f = object(value, at: path, what: what, allowed: ["name", "site", "arm_id"]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let site = optional(f, "site", .oneOf(Site.self), default: .onprem)
        let armID = nullable(f, "arm_id", .name)
        guard let name, let site, case let .value(armID) = armID else { return nil }
        return ConfigurationServer(name: name, site: site, armID: armID)
    }

    mutating func vcenter(_ value: JSONValue, at path: String) -> VCenter? {
        let what = "a vCenter"
        guard let f = object(value, at: path, what: what, allowed: ["name", "account", "discovered", "version", "api_type", "arm_id"])
        else { return nil }
        let name = required(f, "name", .name, what: what)
        let account = optional(f, "account", .oneOf(VCenterAccount.self), default: .admin)
        let discovered = optional(f, "discovered", .bool, default: true)
        let version = nullable(f, "version", .name)
        let apiType = nullable(f, "api_type", .name)
        let armID = nullable(f, "arm_id", .name)
        guard let name, let account, let discovered, case let .value(version) = version, case let .value(apiType) = apiType,
              case let .value(armID) = armID
        else { return nil }
        return VCenter(name: name, account: account, discovered: discovered, version: version, apiType: apiType, armID: armID)
    }

    mutating func host(_ value: JSONValue, at path: String) -> ESXiHost? {
        let what = "an ESXi host"
        guard let f = object(value, at: path, what: what, allowed: ["name", "vcenter", "edition", "version"]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let vcenter = required(f, "vcenter", .name, what: what)
        let edition = optional(f, "edition", .oneOf(HostEdition.self), default: .licensed)
        let version = nullable(f, "version", .name)
        guard let name, let vcenter, let edition, case let .value(version) = version else { return nil }
        return ESXiHost(name: name, vcenter: vcenter, edition: edition, version: version)
    }

    mutating func datastore(_ value: JSONValue, at path: String) -> Datastore? {
        let what = "a datastore"
        guard let f = object(value, at: path, what: what, allowed: ["name", "type", "free_gb", "capacity_gb", "mounts", "uuid"])
        else { return nil }
        let name = required(f, "name", .name, what: what)
        let type = optional(f, "type", .oneOf(DatastoreType.self), default: .vmfs)
        let freeGB = optional(f, "free_gb", .count, default: 0)
        let capacityGB = nullable(f, "capacity_gb", .count)
        let uuid = nullable(f, "uuid", .name)
        var mounts: [(host: String, access: MountAccess)]? = []
        if let value = f["mounts"] {
            if case let .object(members) = value {
                for (host, access) in members {
                    if let access = convert(access, .oneOf(MountAccess.self), at: "\(f.path("mounts")).\(host)") {
                        mounts?.append((host, access))
                    } else {
                        mounts = nil
                    }
                }
            } else {
                fail(f.path("mounts"), "expected an object of host name → \"read-write\" or \"read-only\", found \(describe(value))")
                mounts = nil
            }
        }
        guard let name, let type, let freeGB, case let .value(capacityGB) = capacityGB, let mounts, case let .value(uuid) = uuid
        else { return nil }
        return Datastore(name: name, type: type, freeGB: freeGB, capacityGB: capacityGB, mounts: mounts, uuid: uuid)
    }

    mutating func masterTarget(_ value: JSONValue, at path: String) -> MasterTarget? {
        let what = "a master target"
        guard let f = object(value, at: path, what: what, allowed: [
            "name", "os", "host", "site", "vmware_tools", "disk_enable_uuid", "snapshots", "scsi_controller",
            "storage_vmotion", "disk_uuids", "attached_disks", "volumes", "instance_uuid", "bios_uuid", "arm_id",
        ]) else { return nil }
        let identity = self.identity(f)
        let armID = nullable(f, "arm_id", .name)
        let name = required(f, "name", .name, what: what)
        let os = required(f, "os", .oneOf(OSFamily.self), what: what)
        let host = required(f, "host", .name, what: what)
        let site = optional(f, "site", .oneOf(Site.self), default: .onprem)
        let tools = optional(f, "vmware_tools", .bool, default: true)
        let enableUUID = optional(f, "disk_enable_uuid", .bool, default: true)
        let snapshots = optional(f, "snapshots", .count, default: 0)
        let scsi = optional(f, "scsi_controller", .oneOf(SCSIController.self), default: .lsiLogic)
        let vmotion = optional(f, "storage_vmotion", .bool, default: false)
        let uuids = list(f, "disk_uuids", .string)
        let attached = optional(f, "attached_disks", .count, default: 0)
        var volumes: [Volume]? = []
        if let value = f["volumes"] {
            if case let .array(items) = value {
                for (index, item) in items.enumerated() {
                    if let volume = volume(item, at: indexPath(f.path("volumes"), index)) { volumes?.append(volume) } else { volumes = nil }
                }
            } else {
                fail(f.path("volumes"), "expected an array, found \(describe(value))")
                volumes = nil
            }
        }
        guard let name, let os, let host, let site, let tools, let enableUUID, let snapshots, let scsi, let vmotion,
              let uuids, let attached, let volumes, let identity, case let .value(armID) = armID
        else { return nil }
        return MasterTarget(name: name, os: os, host: host, site: site, vmwareTools: tools, diskEnableUUID: enableUUID,
                            snapshots: snapshots, scsiController: scsi, storageVMotion: vmotion, diskUUIDs: uuids,
                            attachedDisks: attached, volumes: volumes, identity: identity, armID: armID)
    }

    mutating func volume(_ value: JSONValue, at path: String) -> Volume? {
        let what = "a volume"
        guard let f = object(value, at: path, what: what, allowed: [
            "path", "filesystem", "capacity_gb", "locked", "cache", "purpose", "free_gb",
        ]) else { return nil }
        let volumePath = required(f, "path", .name, what: what)
        // Required, but `null` says it is unknown (an ASR import's retention volumes).
        if f["filesystem"] == nil { fail(f.path("filesystem"), "missing: \(what) needs 'filesystem' (null when unknown)") }
        let filesystem = nullable(f, "filesystem", .name)
        let freeGB = nullable(f, "free_gb", .count)
        let capacity = required(f, "capacity_gb", .count, what: what)
        let locked = optional(f, "locked", .bool, default: false)
        let cache = optional(f, "cache", .bool, default: false)
        let purpose = optional(f, "purpose", .oneOf(VolumePurpose.self), default: .retention)
        guard let volumePath, f["filesystem"] != nil, case let .value(filesystem) = filesystem, let capacity, let locked, let cache,
              let purpose, case let .value(freeGB) = freeGB
        else { return nil }
        return Volume(path: volumePath, filesystem: filesystem, capacityGB: capacity, locked: locked, cache: cache, purpose: purpose,
                      freeGB: freeGB)
    }

    mutating func processServer(_ value: JSONValue, at path: String) -> ProcessServer? {
        let what = "a process server"
        guard let f = object(value, at: path, what: what, allowed: [
            "name", "site", "reaches_configuration_server", "heartbeat", "arm_id",
        ]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let site = required(f, "site", .oneOf(Site.self), what: what)
        let reaches = optional(f, "reaches_configuration_server", .bool, default: true)
        let heartbeat = optional(f, "heartbeat", .bool, default: true)
        let armID = nullable(f, "arm_id", .name)
        guard let name, let site, let reaches, let heartbeat, case let .value(armID) = armID else { return nil }
        return ProcessServer(name: name, site: site, reachesConfigurationServer: reaches, heartbeat: heartbeat, armID: armID)
    }

    mutating func machine(_ value: JSONValue, at path: String) -> Machine? {
        let what = "a machine"
        guard let f = object(value, at: path, what: what, allowed: [
            "name", "kind", "os", "os_version", "state", "in_configuration_server", "agent_registered",
            "booted_in_azure_at", "replication_group", "disks", "disk_gb", "disk_uuids", "static_ip", "onprem_vm",
            "churn_gb_per_day", "architecture", "forward_replication", "arm_id", "process_server", "master_target",
            "reprotect_agent",
        ]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let kind = optional(f, "kind", .oneOf(MachineKind.self), default: .vmwareVM)
        let os = required(f, "os", .oneOf(OSFamily.self), what: what)
        let osVersion = optional(f, "os_version", .string, default: "")
        let state = optional(f, "state", .oneOf(MachineState.self), default: .failedOver)
        let inCS = optional(f, "in_configuration_server", .bool, default: true)
        let agent = optional(f, "agent_registered", .bool, default: true)
        let booted = nullable(f, "booted_in_azure_at", .date)
        let group = nullable(f, "replication_group", .name)
        let disks = optional(f, "disks", .count, default: 1)
        let diskGB = optional(f, "disk_gb", .count, default: 0)
        let uuids = list(f, "disk_uuids", .string)
        let staticIP = optional(f, "static_ip", .bool, default: false)
        let onprem = f["onprem_vm"].map { self.onpremVM($0, at: f.path("onprem_vm")) } ?? OnPremVM(exists: true)
        let churn = optional(f, "churn_gb_per_day", .count, default: Machine.standardChurnGBPerDay)
        let architecture = optional(f, "architecture", .oneOf(Architecture.self), default: .classic)
        let forward = f["forward_replication"].map { self.forwardReplication($0, at: f.path("forward_replication")) }
            ?? ForwardReplication()
        let armID = nullable(f, "arm_id", .name)
        let processServer = nullable(f, "process_server", .name)
        let masterTarget = nullable(f, "master_target", .name)
        let reprotectAgent = nullable(f, "reprotect_agent", .name)
        guard let name, let kind, let os, let osVersion, let state, let inCS, let agent, case let .value(booted) = booted,
              case let .value(group) = group, let disks, let diskGB, let uuids, let staticIP, let onprem, let churn,
              let architecture, let forward, case let .value(armID) = armID, case let .value(processServer) = processServer,
              case let .value(masterTarget) = masterTarget, case let .value(reprotectAgent) = reprotectAgent
        else { return nil }
        return Machine(name: name, kind: kind, os: os, osVersion: osVersion, state: state, inConfigurationServer: inCS,
                       agentRegistered: agent, bootedInAzureAt: booted, replicationGroup: group, disks: disks,
                       diskGB: diskGB, diskUUIDs: uuids, staticIP: staticIP, onpremVM: onprem, churnGBPerDay: churn,
                       architecture: architecture, forwardReplication: forward, armID: armID,
                       inUse: ComponentsInUse(processServer: processServer, masterTarget: masterTarget, reprotectAgent: reprotectAgent))
    }

    mutating func forwardReplication(_ value: JSONValue, at path: String) -> ForwardReplication? {
        let what = "a machine's forward replication"
        guard let f = object(value, at: path, what: what, allowed: [
            "failover_committed", "agent_reregistered", "health", "initial_replication_complete", "resync_required",
            "recovery_points", "disks_at_failover", "disk_gb_at_failover", "planned_failover_failed",
        ]) else { return nil }
        let standard = ForwardReplication()
        let committed = optional(f, "failover_committed", .bool, default: standard.failoverCommitted)
        let reregistered = optional(f, "agent_reregistered", .bool, default: standard.agentReregistered)
        let health = optional(f, "health", .oneOf(ComponentHealth.self), default: standard.health)
        let initial = optional(f, "initial_replication_complete", .bool, default: standard.initialReplicationComplete)
        let resync = optional(f, "resync_required", .bool, default: standard.resyncRequired)
        let points = optional(f, "recovery_points", .count, default: standard.recoveryPoints)
        let disksAtFailover = nullable(f, "disks_at_failover", .count)
        let diskGBAtFailover = nullable(f, "disk_gb_at_failover", .count)
        let failed = optional(f, "planned_failover_failed", .bool, default: standard.plannedFailoverFailed)
        guard let committed, let reregistered, let health, let initial, let resync, let points, let failed,
              case let .value(disks) = disksAtFailover, case let .value(diskGB) = diskGBAtFailover else { return nil }
        return ForwardReplication(failoverCommitted: committed, agentReregistered: reregistered, health: health,
                                  initialReplicationComplete: initial, resyncRequired: resync, recoveryPoints: points,
                                  disksAtFailover: disks, diskGBAtFailover: diskGB, plannedFailoverFailed: failed)
    }

    mutating func vault(_ value: JSONValue, at path: String) -> Vault? {
        let what = "the vault"
        guard let f = object(value, at: path, what: what, allowed: ["name", "region", "arm_id"]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let region = required(f, "region", .name, what: what)
        let armID = nullable(f, "arm_id", .name)
        guard let name, let region, case let .value(armID) = armID else { return nil }
        return Vault(name: name, region: region, armID: armID)
    }

    mutating func appliance(_ value: JSONValue, at path: String) -> ReplicationAppliance? {
        let what = "a replication appliance"
        guard let f = object(value, at: path, what: what, allowed: [
            "name", "health", "last_heartbeat", "protected_items", "process_servers", "reprotect_agents", "arm_id",
        ]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let health = optional(f, "health", .oneOf(ComponentHealth.self), default: .normal)
        let heartbeat = nullable(f, "last_heartbeat", .date)
        let protectedItems = optional(f, "protected_items", .count, default: 0)
        let servers = list(f, "process_servers", .name)
        var agents: [ReprotectAgent]? = []
        if let value = f["reprotect_agents"] {
            if case let .array(items) = value {
                for (index, item) in items.enumerated() {
                    if let agent = reprotectAgent(item, at: indexPath(f.path("reprotect_agents"), index)) {
                        agents?.append(agent)
                    } else {
                        agents = nil
                    }
                }
            } else {
                fail(f.path("reprotect_agents"), "expected an array, found \(describe(value))")
                agents = nil
            }
        }
        let armID = nullable(f, "arm_id", .name)
        guard let name, let health, case let .value(heartbeat) = heartbeat, let protectedItems, let servers, let agents,
              case let .value(armID) = armID
        else { return nil }
        return ReplicationAppliance(name: name, health: health, lastHeartbeat: heartbeat, protectedItems: protectedItems,
                                    processServers: servers, reprotectAgents: agents, armID: armID)
    }

    mutating func reprotectAgent(_ value: JSONValue, at path: String) -> ReprotectAgent? {
        let what = "a reprotect agent"
        guard let f = object(value, at: path, what: what, allowed: [
            "name", "health", "last_heartbeat", "vcenter", "accessible_datastores", "arm_id",
        ]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let health = optional(f, "health", .oneOf(ComponentHealth.self), default: .normal)
        let heartbeat = nullable(f, "last_heartbeat", .date)
        let vcenter = required(f, "vcenter", .name, what: what)
        let datastores = list(f, "accessible_datastores", .name)
        let armID = nullable(f, "arm_id", .name)
        guard let name, let health, case let .value(heartbeat) = heartbeat, let vcenter, let datastores,
              case let .value(armID) = armID
        else { return nil }
        return ReprotectAgent(name: name, health: health, lastHeartbeat: heartbeat, vcenter: vcenter,
                              accessibleDatastores: datastores, armID: armID)
    }

    mutating func logStorageAccount(_ value: JSONValue, at path: String) -> LogStorageAccount? {
        let what = "a log storage account"
        guard let f = object(value, at: path, what: what, allowed: ["name", "region", "soft_delete", "arm_id"]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let region = required(f, "region", .name, what: what)
        let softDelete = optional(f, "soft_delete", .bool, default: false)
        let armID = nullable(f, "arm_id", .name)
        guard let name, let region, let softDelete, case let .value(armID) = armID else { return nil }
        return LogStorageAccount(name: name, region: region, softDelete: softDelete, armID: armID)
    }

    mutating func runAsAccount(_ value: JSONValue, at path: String) -> RunAsAccount? {
        let what = "a run-as account"
        guard let f = object(value, at: path, what: what, allowed: ["name", "arm_id"]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let armID = nullable(f, "arm_id", .name)
        guard let name, case let .value(armID) = armID else { return nil }
        return RunAsAccount(name: name, armID: armID)
    }

    mutating func failbackPolicy(_ value: JSONValue, at path: String) -> FailbackPolicyRecord? {
        let what = "a failback policy"
        guard let f = object(value, at: path, what: what, allowed: [
            "name", "kind", "rpo_threshold_minutes", "recovery_point_retention_minutes", "app_consistent_frequency_minutes",
            "arm_id",
        ]) else { return nil }
        let name = required(f, "name", .name, what: what)
        let kind = required(f, "kind", .oneOf(FailbackPolicyKind.self), what: what)
        let standard = FailbackPolicyRecord(name: "", kind: .inMage)
        let rpo = optional(f, "rpo_threshold_minutes", .positiveCount, default: standard.rpoThresholdMinutes)
        let retention = optional(f, "recovery_point_retention_minutes", .count, default: standard.recoveryPointRetentionMinutes)
        let frequency = optional(f, "app_consistent_frequency_minutes", .count, default: standard.appConsistentFrequencyMinutes)
        let armID = nullable(f, "arm_id", .name)
        guard let name, let kind, let rpo, let retention, let frequency, case let .value(armID) = armID else { return nil }
        return FailbackPolicyRecord(name: name, kind: kind, rpoThresholdMinutes: rpo, recoveryPointRetentionMinutes: retention,
                                    appConsistentFrequencyMinutes: frequency, armID: armID)
    }

    mutating func onpremVM(_ value: JSONValue, at path: String) -> OnPremVM? {
        let what = "an on-premises VM"
        guard let f = object(value, at: path, what: what, allowed: [
            "exists", "host", "datastores", "snapshots", "instance_uuid", "bios_uuid", "powered_on",
        ]) else { return nil }
        let exists = optional(f, "exists", .bool, default: true)
        let host = nullable(f, "host", .name)
        let datastores = list(f, "datastores", .name)
        let snapshots = optional(f, "snapshots", .count, default: 0)
        let identity = self.identity(f)
        let poweredOn = nullable(f, "powered_on", .bool)
        guard let exists, case let .value(host) = host, let datastores, let snapshots, let identity,
              case let .value(poweredOn) = poweredOn
        else { return nil }
        return OnPremVM(exists: exists, host: host, datastores: datastores, snapshots: snapshots, identity: identity,
                        poweredOn: poweredOn)
    }

    /// `instance_uuid` and `bios_uuid`, each a non-empty string or absent/null.
    mutating func identity(_ f: Fields) -> VMIdentity? {
        let instance = nullable(f, "instance_uuid", .name)
        let bios = nullable(f, "bios_uuid", .name)
        guard case let .value(instance) = instance, case let .value(bios) = bios else { return nil }
        return VMIdentity(instanceUUID: instance, biosUUID: bios)
    }
}

private enum Nullable<T> {
    case value(T?)
    case failed
}
