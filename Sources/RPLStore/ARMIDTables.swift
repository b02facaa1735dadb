import Foundation
import GRDB
import RPLInventory

/// The ids Site Recovery requests name records by (`arm_id`), and the
/// run-as accounts. Kept apart from the other tables: each id is a NULL-able
/// column beside its record, written after the records and read after them,
/// so a database made before this migration loads with every id unknown.
enum ARMIDTables {
    static let migration = "v8-arm-ids"
    static let runAsAccountsTable = "run_as_accounts"

    /// The tables that gain an `arm_id` column, with the order their records
    /// load in: the n-th row read that way is the n-th record.
    private static let owners: [(table: String, order: String)] = [
        ("configuration_server", "id"), ("vault", "id"), ("vcenters", "id"), ("master_targets", "id"),
        ("process_servers", "id"), ("machines", "id"), ("replication_appliances", "id"),
        ("reprotect_agents", "appliance_id, ordinal"), ("log_storage_accounts", "id"), ("failback_policies", "id"),
    ]

    static func migrate(_ db: Database) throws {
        for owner in owners { try db.execute(sql: "ALTER TABLE \(owner.table) ADD COLUMN arm_id TEXT") }
        try db.execute(sql: """
            CREATE TABLE run_as_accounts (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                arm_id TEXT
            );
            """)
    }

    /// After the records are written, where each record's row id is its
    /// position (the single rows are id 1, an agent is keyed by its
    /// appliance's position and its own): sets the ids that are known.
    static func write(_ inventory: Inventory, in db: Database) throws {
        try db.execute(sql: "DELETE FROM run_as_accounts")
        let account = try db.makeStatement(sql: "INSERT INTO run_as_accounts (id, name, arm_id) VALUES (?, ?, ?)")
        for (id, a) in inventory.runAsAccounts.enumerated() { try account.execute(arguments: [id, a.name, a.armID]) }

        func set(_ table: String, _ ids: [String?], firstRow: Int = 0) throws {
            guard ids.contains(where: { $0 != nil }) else { return }
            let update = try db.makeStatement(sql: "UPDATE \(table) SET arm_id = ? WHERE id = ?")
            for (position, id) in ids.enumerated() {
                if let id { try update.execute(arguments: [id, position + firstRow]) }
            }
        }
        try set("configuration_server", [inventory.configurationServer?.armID], firstRow: 1)
        try set("vault", [inventory.vault?.armID], firstRow: 1)
        try set("vcenters", inventory.vcenters.map(\.armID))
        try set("master_targets", inventory.masterTargets.map(\.armID))
        try set("process_servers", inventory.processServers.map(\.armID))
        try set("machines", inventory.machines.map(\.armID))
        try set("replication_appliances", inventory.appliances.map(\.armID))
        try set("log_storage_accounts", inventory.logStorageAccounts.map(\.armID))
        try set("failback_policies", inventory.failbackPolicies.map(\.armID))
        let agent = try db.makeStatement(sql: "UPDATE reprotect_agents SET arm_id = ? WHERE appliance_id = ? AND ordinal = ?")
        for (appliance, record) in inventory.appliances.enumerated() {
            for (ordinal, a) in record.reprotectAgents.enumerated() {
                if let id = a.armID { try agent.execute(arguments: [id, appliance, ordinal]) }
            }
        }
    }

    /// Fills in the ids and the run-as accounts; nothing when the database predates them.
    static func load(from db: Database, applied: Set<String>, into inventory: inout Inventory) throws {
        guard applied.contains(migration) else { return }
        var loaded: [String: [String?]] = [:]
        let modernized: Set = ["vault", "replication_appliances", "reprotect_agents", "log_storage_accounts", "failback_policies"]
        // A database whose modernized tables were never made (or were dropped) reads those ids as unknown.
        for owner in owners where applied.contains(ModernizedTables.migration) || !modernized.contains(owner.table) {
            var values: [String?] = []
            var any = false
            try RawRows.each(db, "SELECT arm_id FROM \(owner.table) ORDER BY \(owner.order)") { row in
                let id = row.optionalText(0)
                any = any || id != nil
                values.append(id)
            }
            if any { loaded[owner.table] = values }
        }
        func id(_ table: String, _ position: Int) -> String? {
            guard let values = loaded[table], position < values.count else { return nil }
            return values[position]
        }
        inventory.configurationServer?.armID = id("configuration_server", 0)
        inventory.vault?.armID = id("vault", 0)
        var accounts: [RunAsAccount] = []
        try RawRows.each(db, "SELECT name, arm_id FROM run_as_accounts ORDER BY id") { row in
            accounts.append(RunAsAccount(name: row.text(0), armID: row.optionalText(1)))
        }
        guard !loaded.isEmpty || !accounts.isEmpty else { return }
        inventory.update { records in
            records.runAsAccounts = accounts
            for i in records.vcenters.indices { records.vcenters[i].armID = id("vcenters", i) }
            for i in records.masterTargets.indices { records.masterTargets[i].armID = id("master_targets", i) }
            for i in records.processServers.indices { records.processServers[i].armID = id("process_servers", i) }
            for i in records.machines.indices { records.machines[i].armID = id("machines", i) }
            var agent = 0
            for i in records.appliances.indices {
                records.appliances[i].armID = id("replication_appliances", i)
                for j in records.appliances[i].reprotectAgents.indices {
                    records.appliances[i].reprotectAgents[j].armID = id("reprotect_agents", agent)
                    agent += 1
                }
            }
            for i in records.logStorageAccounts.indices { records.logStorageAccounts[i].armID = id("log_storage_accounts", i) }
            for i in records.failbackPolicies.indices { records.failbackPolicies[i].armID = id("failback_policies", i) }
        }
    }
}
