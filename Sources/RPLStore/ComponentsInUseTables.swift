import GRDB
import RPLInventory

/// The components each machine's replication goes through now
/// (`process_server`, `master_target`, `reprotect_agent`) and each
/// datastore's vSphere UUID: NULL-able columns beside their records, written
/// after the records and read after them (as the ARM ids are), so a database
/// made before this migration loads with them unknown.
enum ComponentsInUseTables {
    static let migration = "v10-machine-components-in-use"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE machines ADD COLUMN process_server TEXT;
            ALTER TABLE machines ADD COLUMN master_target TEXT;
            ALTER TABLE machines ADD COLUMN reprotect_agent TEXT;
            ALTER TABLE datastores ADD COLUMN uuid TEXT;
            """)
    }

    /// After the records are written, where each row id is the record's position.
    static func write(_ inventory: Inventory, in db: Database) throws {
        let machine = try db.makeStatement(sql: "UPDATE machines SET process_server = ?, master_target = ?, reprotect_agent = ? WHERE id = ?")
        for (id, m) in inventory.machines.enumerated() where m.inUse != ComponentsInUse() {
            try machine.execute(arguments: [m.inUse.processServer, m.inUse.masterTarget, m.inUse.reprotectAgent, id])
        }
        let datastore = try db.makeStatement(sql: "UPDATE datastores SET uuid = ? WHERE id = ?")
        for (id, d) in inventory.datastores.enumerated() {
            if let uuid = d.uuid { try datastore.execute(arguments: [uuid, id]) }
        }
    }

    /// Fills them in; nothing when the database predates them (opened read-only, it is never migrated).
    static func load(from db: Database, applied: Set<String>, into inventory: inout Inventory) throws {
        guard applied.contains(migration) else { return }
        var inUse: [ComponentsInUse] = []
        try RawRows.each(db, "SELECT process_server, master_target, reprotect_agent FROM machines ORDER BY id") { row in
            inUse.append(ComponentsInUse(processServer: row.optionalText(0), masterTarget: row.optionalText(1),
                                         reprotectAgent: row.optionalText(2)))
        }
        var uuids: [String?] = []
        try RawRows.each(db, "SELECT uuid FROM datastores ORDER BY id") { row in uuids.append(row.optionalText(0)) }
        guard inUse.contains(where: { $0 != ComponentsInUse() }) || uuids.contains(where: { $0 != nil }) else { return }
        inventory.update { records in
            for i in records.machines.indices where i < inUse.count { records.machines[i].inUse = inUse[i] }
            for i in records.datastores.indices where i < uuids.count { records.datastores[i].uuid = uuids[i] }
        }
    }
}
