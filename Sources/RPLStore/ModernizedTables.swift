import Foundation
import GRDB
import RPLInventory

/// The modernized architecture's records in the store: the vault, replication
/// appliances with their process servers and reprotect agents, log storage
/// accounts, failback policies, and each machine's architecture and forward
/// replication. Kept apart from `InventoryTables` so that the classic tables
/// stay as they were; a database made before this migration loads a classic
/// estate (no appliances, every machine classic with the default facts).
enum ModernizedTables {
    static let migration = "v7-modernized"
    /// The disks a machine failed over with and whether its last planned
    /// failover failed (docs/inventory.md, `forward_replication`).
    static let diskHistoryMigration = "v8-disk-history"

    /// Children before owners, for deleting.
    static let tables = [
        "machine_modernized", "failback_policies", "log_storage_accounts", "agent_datastores", "reprotect_agents",
        "appliance_process_servers", "replication_appliances", "vault",
    ]

    /// Heartbeats are Unix time in seconds, NULL when unknown (as `booted_in_azure_at`).
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE vault (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                name TEXT NOT NULL,
                region TEXT NOT NULL
            );

            CREATE TABLE replication_appliances (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                health TEXT NOT NULL,
                last_heartbeat REAL,
                protected_items INTEGER NOT NULL
            );

            CREATE TABLE appliance_process_servers (
                appliance_id INTEGER NOT NULL REFERENCES replication_appliances(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                process_server TEXT NOT NULL,
                PRIMARY KEY (appliance_id, ordinal)
            ) WITHOUT ROWID;

            CREATE TABLE reprotect_agents (
                appliance_id INTEGER NOT NULL REFERENCES replication_appliances(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL UNIQUE,
                health TEXT NOT NULL,
                last_heartbeat REAL,
                vcenter TEXT NOT NULL,
                PRIMARY KEY (appliance_id, ordinal)
            ) WITHOUT ROWID;

            CREATE TABLE agent_datastores (
                appliance_id INTEGER NOT NULL,
                agent_ordinal INTEGER NOT NULL,
                ordinal INTEGER NOT NULL,
                datastore TEXT NOT NULL,
                PRIMARY KEY (appliance_id, agent_ordinal, ordinal),
                FOREIGN KEY (appliance_id, agent_ordinal) REFERENCES reprotect_agents(appliance_id, ordinal) ON DELETE CASCADE
            ) WITHOUT ROWID;

            CREATE TABLE log_storage_accounts (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                region TEXT NOT NULL,
                soft_delete INTEGER NOT NULL
            );

            CREATE TABLE failback_policies (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                rpo_threshold_minutes INTEGER NOT NULL,
                recovery_point_retention_minutes INTEGER NOT NULL,
                app_consistent_frequency_minutes INTEGER NOT NULL
            );

            CREATE TABLE machine_modernized (
                machine_id INTEGER PRIMARY KEY REFERENCES machines(id) ON DELETE CASCADE,
                architecture TEXT NOT NULL,
                failover_committed INTEGER NOT NULL,
                agent_reregistered INTEGER NOT NULL,
                replication_health TEXT NOT NULL,
                initial_replication_complete INTEGER NOT NULL,
                resync_required INTEGER NOT NULL,
                recovery_points INTEGER NOT NULL
            );
            """)
    }

    /// NULL disk counts and sizes mean "as now": a database from before it reads that way.
    static func addDiskHistory(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE machine_modernized ADD COLUMN disks_at_failover INTEGER;
            ALTER TABLE machine_modernized ADD COLUMN disk_gb_at_failover INTEGER;
            ALTER TABLE machine_modernized ADD COLUMN planned_failover_failed INTEGER NOT NULL DEFAULT 0;
            """)
    }

    private static func seconds(_ date: Date?) -> Double? { date?.timeIntervalSince1970 }

    static func write(_ inventory: Inventory, in db: Database) throws {
        for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
        if let vault = inventory.vault {
            try db.execute(sql: "INSERT INTO vault (id, name, region) VALUES (1, ?, ?)", arguments: [vault.name, vault.region])
        }
        let appliance = try db.makeStatement(sql: """
            INSERT INTO replication_appliances (id, name, health, last_heartbeat, protected_items) VALUES (?, ?, ?, ?, ?)
            """)
        let server = try db.makeStatement(sql: """
            INSERT INTO appliance_process_servers (appliance_id, ordinal, process_server) VALUES (?, ?, ?)
            """)
        let agent = try db.makeStatement(sql: """
            INSERT INTO reprotect_agents (appliance_id, ordinal, name, health, last_heartbeat, vcenter) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let reach = try db.makeStatement(sql: """
            INSERT INTO agent_datastores (appliance_id, agent_ordinal, ordinal, datastore) VALUES (?, ?, ?, ?)
            """)
        for (id, a) in inventory.appliances.enumerated() {
            try appliance.execute(arguments: [id, a.name, a.health.rawValue, seconds(a.lastHeartbeat), a.protectedItems])
            for (ordinal, name) in a.processServers.enumerated() { try server.execute(arguments: [id, ordinal, name]) }
            for (ordinal, r) in a.reprotectAgents.enumerated() {
                try agent.execute(arguments: [id, ordinal, r.name, r.health.rawValue, seconds(r.lastHeartbeat), r.vcenter])
                for (slot, datastore) in r.accessibleDatastores.enumerated() {
                    try reach.execute(arguments: [id, ordinal, slot, datastore])
                }
            }
        }
        let account = try db.makeStatement(sql: "INSERT INTO log_storage_accounts (id, name, region, soft_delete) VALUES (?, ?, ?, ?)")
        for (id, l) in inventory.logStorageAccounts.enumerated() {
            try account.execute(arguments: [id, l.name, l.region, l.softDelete])
        }
        let policy = try db.makeStatement(sql: """
            INSERT INTO failback_policies (id, name, kind, rpo_threshold_minutes, recovery_point_retention_minutes,
                                           app_consistent_frequency_minutes) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (id, p) in inventory.failbackPolicies.enumerated() {
            try policy.execute(arguments: [id, p.name, p.kind.rawValue, p.rpoThresholdMinutes, p.recoveryPointRetentionMinutes,
                                           p.appConsistentFrequencyMinutes])
        }
        let machine = try db.makeStatement(sql: """
            INSERT INTO machine_modernized (machine_id, architecture, failover_committed, agent_reregistered, replication_health,
                                            initial_replication_complete, resync_required, recovery_points,
                                            disks_at_failover, disk_gb_at_failover, planned_failover_failed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (id, m) in inventory.machines.enumerated() {
            let f = m.forwardReplication
            // Classic machines with every default need no row: loading gives them the same.
            guard m.architecture != .classic || f != ForwardReplication() else { continue }
            try machine.execute(arguments: [id, m.architecture.rawValue, f.failoverCommitted, f.agentReregistered,
                                            f.health.rawValue, f.initialReplicationComplete, f.resyncRequired, f.recoveryPoints,
                                            f.disksAtFailover, f.diskGBAtFailover, f.plannedFailoverFailed])
        }
    }

    /// Fills in the modernized records; nothing when the database predates them.
    /// `machinePositions` maps a machine id to its place in `records.machines`.
    static func load(from db: Database, applied: Set<String>, machinePositions: Positions,
                     into records: inout Inventory.Records) throws -> Vault? {
        guard applied.contains(migration) else { return nil }
        var vault: Vault?
        try RawRows.each(db, "SELECT name, region FROM vault") { row in vault = Vault(name: row.text(0), region: row.text(1)) }
        var positions: [Int64: Int] = [:]
        try RawRows.each(db, "SELECT id, name, health, last_heartbeat, protected_items FROM replication_appliances ORDER BY id") { row in
            let id = row.int64(0)
            positions[id] = records.appliances.count
            records.appliances.append(ReplicationAppliance(
                name: row.text(1), health: try row.enumeration(2, "replication_appliances", id, "health"),
                lastHeartbeat: row.optionalDouble(3).map { Date(timeIntervalSince1970: $0) }, protectedItems: row.int(4)))
        }
        try RawRows.each(db, "SELECT appliance_id, process_server FROM appliance_process_servers ORDER BY appliance_id, ordinal") { row in
            guard let position = positions[row.int64(0)] else { return }
            records.appliances[position].processServers.append(row.text(1))
        }
        try RawRows.each(db, """
            SELECT appliance_id, name, health, last_heartbeat, vcenter FROM reprotect_agents ORDER BY appliance_id, ordinal
            """) { row in
            let id = row.int64(0)
            guard let position = positions[id] else { return }
            records.appliances[position].reprotectAgents.append(ReprotectAgent(
                name: row.text(1), health: try row.enumeration(2, "reprotect_agents", id, "health"),
                lastHeartbeat: row.optionalDouble(3).map { Date(timeIntervalSince1970: $0) }, vcenter: row.text(4)))
        }
        try RawRows.each(db, """
            SELECT appliance_id, agent_ordinal, datastore FROM agent_datastores ORDER BY appliance_id, agent_ordinal, ordinal
            """) { row in
            guard let position = positions[row.int64(0)] else { return }
            let agent = row.int(1)
            guard records.appliances[position].reprotectAgents.indices.contains(agent) else { return }
            records.appliances[position].reprotectAgents[agent].accessibleDatastores.append(row.text(2))
        }
        try RawRows.each(db, "SELECT name, region, soft_delete FROM log_storage_accounts ORDER BY id") { row in
            records.logStorageAccounts.append(LogStorageAccount(name: row.text(0), region: row.text(1), softDelete: row.bool(2)))
        }
        try RawRows.each(db, """
            SELECT id, name, kind, rpo_threshold_minutes, recovery_point_retention_minutes, app_consistent_frequency_minutes
            FROM failback_policies ORDER BY id
            """) { row in
            records.failbackPolicies.append(FailbackPolicyRecord(
                name: row.text(1), kind: try row.enumeration(2, "failback_policies", row.int64(0), "kind"),
                rpoThresholdMinutes: row.int(3), recoveryPointRetentionMinutes: row.int(4), appConsistentFrequencyMinutes: row.int(5)))
        }
        // A database opened read-only before v8 has no disk history: every machine's disks are as now.
        let history = applied.contains(diskHistoryMigration)
            ? "disks_at_failover, disk_gb_at_failover, planned_failover_failed" : "NULL, NULL, 0"
        try RawRows.each(db, """
            SELECT machine_id, architecture, failover_committed, agent_reregistered, replication_health,
                   initial_replication_complete, resync_required, recovery_points, \(history)
            FROM machine_modernized ORDER BY machine_id
            """) { row in
            let id = row.int64(0)
            // The machines' own id → position map: a subquery counting smaller ids
            // per row was quadratic, and filtering on `IN (SELECT id FROM machines)`
            // cost a probe per row even on an all-classic estate.
            guard let position = machinePositions[id] else { return }
            records.machines[position].architecture = try row.enumeration(1, "machine_modernized", id, "architecture")
            records.machines[position].forwardReplication = ForwardReplication(
                failoverCommitted: row.bool(2), agentReregistered: row.bool(3),
                health: try row.enumeration(4, "machine_modernized", id, "replication_health"),
                initialReplicationComplete: row.bool(5), resyncRequired: row.bool(6), recoveryPoints: row.int(7),
                disksAtFailover: row.optionalInt(8), diskGBAtFailover: row.optionalInt(9), plannedFailoverFailed: row.bool(10))
        }
        return vault
    }
}
