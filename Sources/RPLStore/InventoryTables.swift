import Foundation
import GRDB
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
        for table in tables { try db.execute(sql: "DELETE FROM \(table)") }

        if let network = inventory.network {
            try db.execute(sql: "INSERT INTO network (id, link, bandwidth_mbps) VALUES (1, ?, ?)",
                           arguments: [network.link.rawValue, network.bandwidthMbps])
        }
        if let server = inventory.configurationServer {
            try db.execute(sql: "INSERT INTO configuration_server (id, name, site) VALUES (1, ?, ?)",
                           arguments: [server.name, server.site.rawValue])
        }

        let vcenter = try db.makeStatement(sql: "INSERT INTO vcenters (id, name, account, discovered) VALUES (?, ?, ?, ?)")
        for (id, v) in inventory.vcenters.enumerated() {
            try vcenter.execute(arguments: [id, v.name, v.account.rawValue, v.discovered])
        }

        let host = try db.makeStatement(sql: "INSERT INTO esxi_hosts (id, name, vcenter, edition) VALUES (?, ?, ?, ?)")
        for (id, h) in inventory.hosts.enumerated() {
            try host.execute(arguments: [id, h.name, h.vcenter, h.edition.rawValue])
        }

        let datastore = try db.makeStatement(sql: "INSERT INTO datastores (id, name, type, free_gb) VALUES (?, ?, ?, ?)")
        let mount = try db.makeStatement(sql: "INSERT INTO datastore_mounts (datastore_id, ordinal, host, access) VALUES (?, ?, ?, ?)")
        for (id, d) in inventory.datastores.enumerated() {
            try datastore.execute(arguments: [id, d.name, d.type.rawValue, d.freeGB])
            for (ordinal, m) in d.mounts.enumerated() {
                try mount.execute(arguments: [id, ordinal, m.host, m.access.rawValue])
            }
        }

        let target = try db.makeStatement(sql: """
            INSERT INTO master_targets (id, name, os, host, site, vmware_tools, disk_enable_uuid, snapshots,
                                        scsi_controller, storage_vmotion, attached_disks)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let volume = try db.makeStatement(sql: """
            INSERT INTO mt_volumes (master_target_id, ordinal, path, filesystem, capacity_gb, locked, cache, purpose)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let targetUUID = try db.makeStatement(sql: "INSERT INTO mt_disk_uuids (master_target_id, ordinal, uuid) VALUES (?, ?, ?)")
        for (id, t) in inventory.masterTargets.enumerated() {
            try target.execute(arguments: [
                id, t.name, t.os.rawValue, t.host, t.site.rawValue, t.vmwareTools, t.diskEnableUUID, t.snapshots,
                t.scsiController.rawValue, t.storageVMotion, t.attachedDisks,
            ])
            for (ordinal, v) in t.volumes.enumerated() {
                try volume.execute(arguments: [id, ordinal, v.path, v.filesystem, v.capacityGB, v.locked, v.cache, v.purpose.rawValue])
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
                                  onprem_exists, onprem_host, onprem_snapshots)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                m.onpremVM.exists, m.onpremVM.host, m.onpremVM.snapshots,
            ])
            for (ordinal, uuid) in m.diskUUIDs.enumerated() {
                try machineUUID.execute(arguments: [id, ordinal, uuid])
            }
            for (ordinal, name) in m.onpremVM.datastores.enumerated() {
                try onpremDatastore.execute(arguments: [id, ordinal, name])
            }
            try state.execute(arguments: [id, m.state.rawValue])
        }
    }

    // MARK: Reading

    static func load(from db: Database) throws -> Inventory {
        var inventory = Inventory()

        if let row = try Row.fetchOne(db, sql: "SELECT link, bandwidth_mbps FROM network") {
            inventory.network = Network(link: try value(row[0], "network", 1, "link"), bandwidthMbps: row[1])
        }
        if let row = try Row.fetchOne(db, sql: "SELECT name, site FROM configuration_server") {
            inventory.configurationServer = ConfigurationServer(name: row[0], site: try value(row[1], "configuration_server", 1, "site"))
        }

        var vcenterIDs = Positions()
        let vcenterRows = try Row.fetchCursor(db, sql: "SELECT id, name, account, discovered FROM vcenters ORDER BY id")
        while let row = try vcenterRows.next() {
            let id: Int64 = row[0]
            vcenterIDs.add(id)
            inventory.vcenters.append(VCenter(name: row[1], account: try value(row[2], "vcenters", id, "account"), discovered: row[3]))
        }

        let hostRows = try Row.fetchCursor(db, sql: "SELECT id, name, vcenter, edition FROM esxi_hosts ORDER BY id")
        while let row = try hostRows.next() {
            let id: Int64 = row[0]
            inventory.hosts.append(ESXiHost(name: row[1], vcenter: row[2], edition: try value(row[3], "esxi_hosts", id, "edition")))
        }

        var datastoreIDs = Positions()
        let datastoreRows = try Row.fetchCursor(db, sql: "SELECT id, name, type, free_gb FROM datastores ORDER BY id")
        while let row = try datastoreRows.next() {
            let id: Int64 = row[0]
            datastoreIDs.add(id)
            inventory.datastores.append(Datastore(name: row[1], type: try value(row[2], "datastores", id, "type"), freeGB: row[3]))
        }
        let mountRows = try Row.fetchCursor(db, sql: """
            SELECT datastore_id, host, access FROM datastore_mounts ORDER BY datastore_id, ordinal
            """)
        while let row = try mountRows.next() {
            let id: Int64 = row[0]
            guard let position = datastoreIDs[id] else { continue }
            inventory.datastores[position].mounts.append((host: row[1], access: try value(row[2], "datastore_mounts", id, "access")))
        }

        var targetIDs = Positions()
        let targetRows = try Row.fetchCursor(db, sql: """
            SELECT id, name, os, host, site, vmware_tools, disk_enable_uuid, snapshots, scsi_controller,
                   storage_vmotion, attached_disks
            FROM master_targets ORDER BY id
            """)
        while let row = try targetRows.next() {
            let id: Int64 = row[0]
            targetIDs.add(id)
            inventory.masterTargets.append(MasterTarget(
                name: row[1], os: try value(row[2], "master_targets", id, "os"), host: row[3],
                site: try value(row[4], "master_targets", id, "site"), vmwareTools: row[5], diskEnableUUID: row[6],
                snapshots: row[7], scsiController: try value(row[8], "master_targets", id, "scsi_controller"),
                storageVMotion: row[9], attachedDisks: row[10]))
        }
        let volumeRows = try Row.fetchCursor(db, sql: """
            SELECT master_target_id, path, filesystem, capacity_gb, locked, cache, purpose
            FROM mt_volumes ORDER BY master_target_id, ordinal
            """)
        while let row = try volumeRows.next() {
            let id: Int64 = row[0]
            guard let position = targetIDs[id] else { continue }
            inventory.masterTargets[position].volumes.append(Volume(
                path: row[1], filesystem: row[2], capacityGB: row[3], locked: row[4], cache: row[5],
                purpose: try value(row[6], "mt_volumes", id, "purpose")))
        }
        let targetUUIDRows = try Row.fetchCursor(db, sql: """
            SELECT master_target_id, uuid FROM mt_disk_uuids ORDER BY master_target_id, ordinal
            """)
        while let row = try targetUUIDRows.next() {
            guard let position = targetIDs[row[0]] else { continue }
            inventory.masterTargets[position].diskUUIDs.append(row[1])
        }

        let serverRows = try Row.fetchCursor(db, sql: """
            SELECT id, name, site, reaches_configuration_server, heartbeat FROM process_servers ORDER BY id
            """)
        while let row = try serverRows.next() {
            let id: Int64 = row[0]
            inventory.processServers.append(ProcessServer(
                name: row[1], site: try value(row[2], "process_servers", id, "site"),
                reachesConfigurationServer: row[3], heartbeat: row[4]))
        }

        var machineIDs = Positions()
        let machineCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM machines") ?? 0
        inventory.machines.reserveCapacity(machineCount)
        let machineRows = try Row.fetchCursor(db, sql: """
            SELECT m.id, m.name, m.kind, m.os, m.os_version, s.state, m.in_configuration_server, m.agent_registered,
                   m.booted_in_azure_at, m.replication_group, m.disks, m.disk_gb, m.static_ip,
                   m.onprem_exists, m.onprem_host, m.onprem_snapshots
            FROM machines m LEFT JOIN machine_states s ON s.machine_id = m.id
            ORDER BY m.id
            """)
        while let row = try machineRows.next() {
            let id: Int64 = row[0]
            machineIDs.add(id)
            let booted: Double? = row[8]
            inventory.machines.append(Machine(
                name: row[1], kind: try value(row[2], "machines", id, "kind"), os: try value(row[3], "machines", id, "os"),
                osVersion: row[4], state: try value(row[5], "machine_states", id, "state"),
                inConfigurationServer: row[6], agentRegistered: row[7],
                bootedInAzureAt: booted.map { Date(timeIntervalSince1970: $0) }, replicationGroup: row[9],
                disks: row[10], diskGB: row[11], staticIP: row[12],
                onpremVM: OnPremVM(exists: row[13], host: row[14], snapshots: row[15])))
        }
        let machineUUIDRows = try Row.fetchCursor(db, sql: """
            SELECT machine_id, uuid FROM machine_disk_uuids ORDER BY machine_id, ordinal
            """)
        while let row = try machineUUIDRows.next() {
            guard let position = machineIDs[row[0]] else { continue }
            inventory.machines[position].diskUUIDs.append(row[1])
        }
        let onpremRows = try Row.fetchCursor(db, sql: """
            SELECT machine_id, datastore FROM machine_onprem_datastores ORDER BY machine_id, ordinal
            """)
        while let row = try onpremRows.next() {
            guard let position = machineIDs[row[0]] else { continue }
            inventory.machines[position].onpremVM.datastores.append(row[1])
        }

        inventory.reindex()
        return inventory
    }

    /// An enumeration stored as its import-format string; a value the model
    /// does not know means the file was damaged or written by something else.
    private static func value<E: RawRepresentable>(_ text: String?, _ table: String, _ id: Int64, _ column: String) throws -> E
    where E.RawValue == String {
        guard let text, let result = E(rawValue: text) else {
            throw StoreError.corruptRecord(table: table, id: id,
                                           message: "\(column) is \(text.map { "'\($0)'" } ?? "missing"), not a value rpl knows")
        }
        return result
    }
}

/// Owner id → position in the loaded array. The import writes ids 0, 1, 2…,
/// so the common case is arithmetic; a database edited by hand falls back
/// to a table.
private struct Positions {
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
