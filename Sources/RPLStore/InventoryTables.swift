import Foundation
import GRDB
import GRDBSQLite
import RPLInventory

/// Moving an `Inventory` in and out of the tables of `StoreSchema`. Loading
/// is the hot path (every `rpl check`): one statement per table, rows
/// iterated on a cursor and read by column index, children attached by the
/// owner's position — never a query per name.
enum InventoryTables {
    /// Tables holding imported records, children before owners.
    static let tables = [
        "machine_states", "machine_onprem_datastores", "machine_disk_uuids", "machines",
        "process_servers", "mt_disk_uuids", "mt_volumes", "master_targets",
        "datastore_mounts", "datastores", "esxi_hosts", "vcenters", "configuration_server", "network",
    ]

    // MARK: Writing

    static func replace(with inventory: Inventory, in db: Database) throws {
        try InventorySnapshot.prepareForReplace(db)
        for table in tables { try db.execute(sql: "DELETE FROM \(table)") }

        if let network = inventory.network {
            try db.execute(sql: "INSERT INTO network (id, link, bandwidth_mbps) VALUES (1, ?, ?)",
                           arguments: [network.link.rawValue, network.bandwidthMbps])
        }
        if let server = inventory.configurationServer {
            try db.execute(sql: "INSERT INTO configuration_server (id, name, site) VALUES (1, ?, ?)",
                           arguments: [server.name, server.site.rawValue])
        }

        let vcenter = try db.makeStatement(sql: """
            INSERT INTO vcenters (id, name, account, discovered, version, api_type) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (id, v) in inventory.vcenters.enumerated() {
            try vcenter.execute(arguments: [id, v.name, v.account.rawValue, v.discovered, v.version, v.apiType])
        }

        let host = try db.makeStatement(sql: "INSERT INTO esxi_hosts (id, name, vcenter, edition, version) VALUES (?, ?, ?, ?, ?)")
        for (id, h) in inventory.hosts.enumerated() {
            try host.execute(arguments: [id, h.name, h.vcenter, h.edition.rawValue, h.version])
        }

        let datastore = try db.makeStatement(sql: "INSERT INTO datastores (id, name, type, free_gb, capacity_gb) VALUES (?, ?, ?, ?, ?)")
        let mount = try db.makeStatement(sql: "INSERT INTO datastore_mounts (datastore_id, ordinal, host, access) VALUES (?, ?, ?, ?)")
        for (id, d) in inventory.datastores.enumerated() {
            try datastore.execute(arguments: [id, d.name, d.type.rawValue, d.freeGB, d.capacityGB])
            for (ordinal, m) in d.mounts.enumerated() {
                try mount.execute(arguments: [id, ordinal, m.host, m.access.rawValue])
            }
        }

        let target = try db.makeStatement(sql: """
            INSERT INTO master_targets (id, name, os, host, site, vmware_tools, disk_enable_uuid, snapshots,
                                        scsi_controller, storage_vmotion, attached_disks, instance_uuid, bios_uuid)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let volume = try db.makeStatement(sql: """
            INSERT INTO mt_volumes (master_target_id, ordinal, path, filesystem, capacity_gb, locked, cache, purpose)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let targetUUID = try db.makeStatement(sql: "INSERT INTO mt_disk_uuids (master_target_id, ordinal, uuid) VALUES (?, ?, ?)")
        for (id, t) in inventory.masterTargets.enumerated() {
            try target.execute(arguments: [
                id, t.name, t.os.rawValue, t.host, t.site.rawValue, t.vmwareTools, t.diskEnableUUID, t.snapshots,
                t.scsiController.rawValue, t.storageVMotion, t.attachedDisks, t.identity.instanceUUID, t.identity.biosUUID,
            ])
            for (ordinal, v) in t.volumes.enumerated() {
                // The column is NOT NULL: an unknown file system is stored as '' (a name is never empty).
                try volume.execute(arguments: [id, ordinal, v.path, v.filesystem ?? "", v.capacityGB, v.locked, v.cache,
                                               v.purpose.rawValue])
            }
            for (ordinal, uuid) in t.diskUUIDs.enumerated() {
                try targetUUID.execute(arguments: [id, ordinal, uuid])
            }
        }

        let server = try db.makeStatement(sql: """
            INSERT INTO process_servers (id, name, site, reaches_configuration_server, heartbeat) VALUES (?, ?, ?, ?, ?)
            """)
        for (id, p) in inventory.processServers.enumerated() {
            try server.execute(arguments: [id, p.name, p.site.rawValue, p.reachesConfigurationServer, p.heartbeat])
        }

        let machine = try db.makeStatement(sql: """
            INSERT INTO machines (id, name, kind, os, os_version, in_configuration_server, agent_registered,
                                  booted_in_azure_at, replication_group, disks, disk_gb, static_ip,
                                  onprem_exists, onprem_host, onprem_snapshots, onprem_instance_uuid, onprem_bios_uuid,
                                  onprem_powered_on, churn_gb_per_day)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let machineUUID = try db.makeStatement(sql: "INSERT INTO machine_disk_uuids (machine_id, ordinal, uuid) VALUES (?, ?, ?)")
        let onpremDatastore = try db.makeStatement(sql: """
            INSERT INTO machine_onprem_datastores (machine_id, ordinal, datastore) VALUES (?, ?, ?)
            """)
        let state = try db.makeStatement(sql: "INSERT INTO machine_states (machine_id, state) VALUES (?, ?)")
        for (id, m) in inventory.machines.enumerated() {
            try machine.execute(arguments: [
                id, m.name, m.kind.rawValue, m.os.rawValue, m.osVersion, m.inConfigurationServer, m.agentRegistered,
                m.bootedInAzureAt?.timeIntervalSince1970, m.replicationGroup, m.disks, m.diskGB, m.staticIP,
                m.onpremVM.exists, m.onpremVM.host, m.onpremVM.snapshots, m.onpremVM.identity.instanceUUID,
                m.onpremVM.identity.biosUUID, m.onpremVM.poweredOn, m.churnGBPerDay,
            ])
            for (ordinal, uuid) in m.diskUUIDs.enumerated() {
                try machineUUID.execute(arguments: [id, ordinal, uuid])
            }
            for (ordinal, name) in m.onpremVM.datastores.enumerated() {
                try onpremDatastore.execute(arguments: [id, ordinal, name])
            }
            try state.execute(arguments: [id, m.state.rawValue])
        }
        try ModernizedTables.write(inventory, in: db)
        try ARMIDTables.write(inventory, in: db)
        try ComponentsInUseTables.write(inventory, in: db)
        try writeVolumeFreeSpace(inventory, in: db)
        try InventorySnapshot.write(db)
    }

    /// After the volumes are written: the free space of those a source measured.
    private static func writeVolumeFreeSpace(_ inventory: Inventory, in db: Database) throws {
        let update = try db.makeStatement(sql: "UPDATE mt_volumes SET free_gb = ? WHERE master_target_id = ? AND ordinal = ?")
        for (id, target) in inventory.masterTargets.enumerated() {
            for (ordinal, volume) in target.volumes.enumerated() {
                if let free = volume.freeGB { try update.execute(arguments: [free, id, ordinal]) }
            }
        }
    }

    // MARK: Reading

    /// The whole inventory: from its snapshot when that is current, else from the tables.
    static func load(from db: Database) throws -> Inventory {
        let schema = try StoredSchema(db)
        if let inventory = try InventorySnapshot.load(from: db, schema) { return inventory }
        return try loadTables(from: db, schema)
    }

    /// The whole inventory, table by table: each kind of record, then the
    /// rows that belong to its records (mounts, volumes, states, ...).
    static func loadTables(from db: Database, _ schema: StoredSchema) throws -> Inventory {
        let (network, configurationServer) = try loadEstate(db)
        var records = Inventory.Records()
        try loadVCentersAndHosts(db, schema, into: &records)
        try loadDatastores(db, schema, into: &records)
        try loadMasterTargets(db, schema, into: &records)
        try loadProcessServers(db, into: &records)
        let machinePositions = try loadMachines(db, schema, into: &records)
        let vault = try ModernizedTables.load(from: db, applied: schema.applied, machinePositions: machinePositions, into: &records)
        var inventory = Inventory(network: network, configurationServer: configurationServer, vault: vault, records: records)
        try ARMIDTables.load(from: db, applied: schema.applied, into: &inventory)
        try ComponentsInUseTables.load(from: db, applied: schema.applied, into: &inventory)
        return inventory
    }

    /// The migrations a database has had. One opened read-only keeps the
    /// schema it was made with: a column a later migration adds reads as
    /// unknown (NULL) there.
    struct StoredSchema {
        let applied: Set<String>

        init(_ db: Database) throws {
            applied = try StoreSchema.migrator.appliedIdentifiers(db)
        }

        func column(_ name: String, since migration: String) -> String {
            applied.contains(migration) ? name : "NULL"
        }

        func pulled(_ name: String) -> String { column(name, since: StoreSchema.pulledFactsMigration) }
    }

    /// The network and the configuration server: one row each, at most.
    private static func loadEstate(_ db: Database) throws -> (Network?, ConfigurationServer?) {
        var network: Network?
        var configurationServer: ConfigurationServer?
        try RawRows.each(db, "SELECT link, bandwidth_mbps FROM network") { row in
            network = Network(link: try row.enumeration(0, "network", 1, "link"), bandwidthMbps: row.int(1))
        }
        try RawRows.each(db, "SELECT name, site FROM configuration_server") { row in
            configurationServer = ConfigurationServer(name: row.text(0), site: try row.enumeration(1, "configuration_server", 1, "site"))
        }
        return (network, configurationServer)
    }

    private static func loadVCentersAndHosts(_ db: Database, _ schema: StoredSchema, into records: inout Inventory.Records) throws {
        try RawRows.each(db, """
            SELECT id, name, account, discovered, \(schema.pulled("version")), \(schema.pulled("api_type")) FROM vcenters ORDER BY id
            """) { row in
            records.vcenters.append(VCenter(name: row.text(1), account: try row.enumeration(2, "vcenters", row.int64(0), "account"),
                                            discovered: row.bool(3), version: row.optionalText(4), apiType: row.optionalText(5)))
        }

        try RawRows.each(db, "SELECT id, name, vcenter, edition, \(schema.pulled("version")) FROM esxi_hosts ORDER BY id") { row in
            records.hosts.append(ESXiHost(name: row.text(1), vcenter: row.text(2),
                                          edition: try row.enumeration(3, "esxi_hosts", row.int64(0), "edition"),
                                          version: row.optionalText(4)))
        }
    }

    private static func loadDatastores(_ db: Database, _ schema: StoredSchema, into records: inout Inventory.Records) throws {
        var datastoreIDs = Positions()
        try RawRows.each(db, "SELECT id, name, type, free_gb, \(schema.pulled("capacity_gb")) FROM datastores ORDER BY id") { row in
            let id = row.int64(0)
            datastoreIDs.add(id)
            records.datastores.append(Datastore(name: row.text(1), type: try row.enumeration(2, "datastores", id, "type"),
                                                freeGB: row.int(3), capacityGB: row.optionalInt(4)))
        }
        try RawRows.each(db, "SELECT datastore_id, host, access FROM datastore_mounts ORDER BY datastore_id, ordinal") { row in
            let id = row.int64(0)
            guard let position = datastoreIDs[id] else { return }
            records.datastores[position].mounts.append((host: row.text(1), access: try row.enumeration(2, "datastore_mounts", id, "access")))
        }
    }

    private static func loadMasterTargets(_ db: Database, _ schema: StoredSchema, into records: inout Inventory.Records) throws {
        var targetIDs = Positions()
        try RawRows.each(db, """
            SELECT id, name, os, host, site, vmware_tools, disk_enable_uuid, snapshots, scsi_controller,
                   storage_vmotion, attached_disks, \(schema.pulled("instance_uuid")), \(schema.pulled("bios_uuid"))
            FROM master_targets ORDER BY id
            """) { row in
            let id = row.int64(0)
            targetIDs.add(id)
            records.masterTargets.append(MasterTarget(
                name: row.text(1), os: try row.enumeration(2, "master_targets", id, "os"), host: row.text(3),
                site: try row.enumeration(4, "master_targets", id, "site"), vmwareTools: row.bool(5), diskEnableUUID: row.bool(6),
                snapshots: row.int(7), scsiController: try row.enumeration(8, "master_targets", id, "scsi_controller"),
                storageVMotion: row.bool(9), attachedDisks: row.int(10),
                identity: VMIdentity(instanceUUID: row.optionalText(11), biosUUID: row.optionalText(12))))
        }
        try RawRows.each(db, """
            SELECT master_target_id, path, filesystem, capacity_gb, locked, cache, purpose,
                   \(schema.column("free_gb", since: StoreSchema.volumeFreeSpaceMigration))
            FROM mt_volumes ORDER BY master_target_id, ordinal
            """) { row in
            let id = row.int64(0)
            guard let position = targetIDs[id] else { return }
            let filesystem = row.text(2)
            records.masterTargets[position].volumes.append(Volume(
                path: row.text(1), filesystem: filesystem.isEmpty ? nil : filesystem, capacityGB: row.int(3), locked: row.bool(4),
                cache: row.bool(5), purpose: try row.enumeration(6, "mt_volumes", id, "purpose"), freeGB: row.optionalInt(7)))
        }
        try RawRows.each(db, "SELECT master_target_id, uuid FROM mt_disk_uuids ORDER BY master_target_id, ordinal") { row in
            guard let position = targetIDs[row.int64(0)] else { return }
            records.masterTargets[position].diskUUIDs.append(row.text(1))
        }
    }

    private static func loadProcessServers(_ db: Database, into records: inout Inventory.Records) throws {
        try RawRows.each(db, """
            SELECT id, name, site, reaches_configuration_server, heartbeat FROM process_servers ORDER BY id
            """) { row in
            records.processServers.append(ProcessServer(
                name: row.text(1), site: try row.enumeration(2, "process_servers", row.int64(0), "site"),
                reachesConfigurationServer: row.bool(3), heartbeat: row.bool(4)))
        }
    }

    /// Machines, then their states (every machine has one: a missing one is a damaged file), disks and VM datastores.
    /// Returns where each machine id landed, for the tables keyed by machine that load after.
    private static func loadMachines(_ db: Database, _ schema: StoredSchema, into records: inout Inventory.Records) throws -> Positions {
        var machineIDs = Positions()
        let machineCount = try Int.fetchOne(db, sql: "SELECT max(id) + 1 FROM machines") ?? 0
        records.machines.reserveCapacity(machineCount)
        try RawRows.each(db, """
            SELECT id, name, kind, os, os_version, in_configuration_server, agent_registered,
                   booted_in_azure_at, replication_group, disks, disk_gb, static_ip,
                   onprem_exists, onprem_host, onprem_snapshots, \(schema.pulled("onprem_instance_uuid")),
                   \(schema.pulled("onprem_bios_uuid")), \(schema.pulled("onprem_powered_on")),
                   \(schema.column("churn_gb_per_day", since: StoreSchema.machineChurnMigration))
            FROM machines ORDER BY id
            """) { row in
            let id = row.int64(0)
            machineIDs.add(id)
            records.machines.append(Machine(
                name: row.text(1), kind: try row.enumeration(2, "machines", id, "kind"),
                os: try row.enumeration(3, "machines", id, "os"), osVersion: row.text(4),
                // Every machine has a row in machine_states (read below); a missing one reads as a damaged file.
                state: .failedOver, inConfigurationServer: row.bool(5), agentRegistered: row.bool(6),
                bootedInAzureAt: row.optionalDouble(7).map { Date(timeIntervalSince1970: $0) },
                replicationGroup: row.optionalText(8), disks: row.int(9), diskGB: row.int(10), staticIP: row.bool(11),
                onpremVM: OnPremVM(exists: row.bool(12), host: row.optionalText(13), snapshots: row.int(14),
                                   identity: VMIdentity(instanceUUID: row.optionalText(15), biosUUID: row.optionalText(16)),
                                   poweredOn: row.optionalInt(17).map { $0 != 0 }),
                // Unknown in a read-only database made before churn existed: the default.
                churnGBPerDay: row.optionalInt(18) ?? Machine.standardChurnGBPerDay))
        }
        var stated = 0
        try RawRows.each(db, "SELECT machine_id, state FROM machine_states ORDER BY machine_id") { row in
            let id = row.int64(0)
            guard let position = machineIDs[id] else { return }
            records.machines[position].state = try row.enumeration(1, "machine_states", id, "state")
            stated += 1
        }
        if stated != records.machines.count {
            throw StoreError.corruptRecord(table: "machine_states", id: -1,
                                           message: "\(records.machines.count - stated) machine(s) have no state")
        }
        try RawRows.each(db, "SELECT machine_id, uuid FROM machine_disk_uuids ORDER BY machine_id, ordinal") { row in
            guard let position = machineIDs[row.int64(0)] else { return }
            records.machines[position].diskUUIDs.append(row.text(1))
        }
        try RawRows.each(db, "SELECT machine_id, datastore FROM machine_onprem_datastores ORDER BY machine_id, ordinal") { row in
            guard let position = machineIDs[row.int64(0)] else { return }
            records.machines[position].onpremVM.datastores.append(row.text(1))
        }
        return machineIDs
    }
}

/// One row of a statement being stepped, read straight from SQLite's column
/// accessors: no `Row` values, no per-column type dispatch. The hot loop of
/// every inventory load.
struct RawRow {
    let statement: SQLiteStatement

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(statement, column) != 0 }

    func optionalInt(_ column: Int32) -> Int? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : int(column)
    }

    func optionalDouble(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }

    /// The text of a column (NULL reads as ""; the schema makes these columns NOT NULL).
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// One accessor call fewer than asking the type first: SQLite gives no
    /// text pointer for NULL (nor when out of memory, which the type tells
    /// apart). On 50,000 machines it saved a tenth of the column calls.
    func optionalText(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else {
            return sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : ""
        }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// An enumeration stored as its import-format string; a value the model
    /// does not know means the file was damaged or written by something else.
    /// The stored bytes are compared with each case's name where SQLite
    /// keeps them: making a String of them and asking `init(rawValue:)` was
    /// some 650 instructions a value, three values a machine.
    func enumeration<E: RawRepresentable & CaseIterable>(_ column: Int32, _ table: String, _ id: Int64, _ name: String) throws -> E
    where E.RawValue == String {
        if let bytes = sqlite3_column_text(statement, column) {
            let stored = UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column)))
            for value in E.allCases {
                var known = value.rawValue
                let same = known.withUTF8 { name in
                    name.count == stored.count && (name.isEmpty || memcmp(name.baseAddress!, bytes, name.count) == 0)
                }
                if same { return value }
            }
        }
        let stored = optionalText(column)
        throw StoreError.corruptRecord(table: table, id: id,
                                       message: "\(name) is \(stored.map { "'\($0)'" } ?? "missing"), not a value rpl knows")
    }
}

enum RawRows {
    /// Steps a statement to the end, calling `body` for each row.
    static func each(_ db: Database, _ sql: String, _ body: (RawRow) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: sql)
            }
            try body(RawRow(statement: raw))
        }
    }
}

/// Owner id → position in the loaded array. The import writes ids 0, 1, 2…,
/// so the common case is arithmetic; a database edited by hand falls back
/// to a table.
struct Positions {
    private var count = 0
    private var contiguous = true
    private var table: [Int64: Int] = [:]

    mutating func add(_ id: Int64) {
        if contiguous, id != Int64(count) {
            contiguous = false
            for position in 0..<count { table[Int64(position)] = position }
        }
        if !contiguous { table[id] = count }
        count += 1
    }

    subscript(id: Int64) -> Int? {
        if contiguous { return id >= 0 && id < Int64(count) ? Int(id) : nil }
        return table[id]
    }
}
