import GRDB
import RPLInventory

/// The database schema, as one append-only list of migrations. A migration
/// that has shipped is never edited: a change is a new migration at the end
/// (the run journal adds its tables this way). Each one runs in its own
/// transaction, and a database records which ones it has had.
public enum StoreSchema {
    /// Every migration, in order. Append new ones at the end.
    public static let migrations: [(identifier: String, migrate: @Sendable (Database) throws -> Void)] = [
        ("v1-inventory", inventoryV1),
        ("v2-journal", JournalSchema.journalV1),
        ("v3-journal-starts-together", JournalSchema.startsTogetherV1),
        (pulledFactsMigration, pulledFactsV1),
        (machineChurnMigration, machineChurnV1),
        ("v6-journal-plan-version", JournalSchema.planVersionV1),
        (ModernizedTables.migration, ModernizedTables.migrate),
        (ModernizedTables.diskHistoryMigration, ModernizedTables.addDiskHistory),
        (ARMIDTables.migration, ARMIDTables.migrate),
        (volumeFreeSpaceMigration, volumeFreeSpaceV1),
        (ASRJobTable.migration, ASRJobTable.migrate),
        (ComponentsInUseTables.migration, ComponentsInUseTables.migrate),
        (InventorySnapshot.migration, InventorySnapshot.migrate),
    ]

    /// The migration that added the facts a vCenter pull fills in. A database
    /// opened read-only is never migrated, so loading asks whether it has them.
    public static let pulledFactsMigration = "v4-pulled-facts"

    /// The migration that added each machine's daily churn (read-only databases: as above).
    public static let machineChurnMigration = "v5-machine-churn"

    /// The migration that added a volume's free space, which an ASR import
    /// reads from the master target's retention volumes (read-only databases: as above).
    public static let volumeFreeSpaceMigration = "v9-asr-import-volume-free-space"

    private static func volumeFreeSpaceV1(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE mt_volumes ADD COLUMN free_gb INTEGER")
    }

    /// The identifier a database must have completed to hold an inventory.
    public static let inventoryMigration = "v1-inventory"

    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            // A migration changes tables without firing the snapshot's triggers
            // (and may run again on a database an older rpl wrote): whatever it
            // did, the snapshot no longer speaks for the tables.
            migrator.registerMigration(migration.identifier) { db in
                try migration.migrate(db)
                try InventorySnapshot.discard(db)
            }
        }
        return migrator
    }

    /// Each machine's daily change rate (docs/inventory.md, `churn_gb_per_day`);
    /// a database made before it had none, so its machines get the default.
    private static func machineChurnV1(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE machines ADD COLUMN churn_gb_per_day INTEGER NOT NULL DEFAULT \(Machine.standardChurnGBPerDay)")
    }

    /// The inventory of docs/inventory.md, one table per record kind. `id` is the
    /// record's position in the inventory (so loading keeps the order of the
    /// import file); lists are child tables keyed by (owner id, ordinal).
    /// Enumerations are stored as the import format's strings.
    private static func inventoryV1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE store_info (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE network (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                link TEXT NOT NULL,
                bandwidth_mbps INTEGER NOT NULL
            );

            CREATE TABLE configuration_server (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                name TEXT NOT NULL,
                site TEXT NOT NULL
            );

            CREATE TABLE vcenters (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                account TEXT NOT NULL,
                discovered INTEGER NOT NULL
            );

            CREATE TABLE esxi_hosts (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                vcenter TEXT NOT NULL,
                edition TEXT NOT NULL
            );

            CREATE TABLE datastores (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                free_gb INTEGER NOT NULL
            );

            CREATE TABLE datastore_mounts (
                datastore_id INTEGER NOT NULL REFERENCES datastores(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                host TEXT NOT NULL,
                access TEXT NOT NULL,
                PRIMARY KEY (datastore_id, ordinal)
            ) WITHOUT ROWID;

            CREATE TABLE master_targets (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                os TEXT NOT NULL,
                host TEXT NOT NULL,
                site TEXT NOT NULL,
                vmware_tools INTEGER NOT NULL,
                disk_enable_uuid INTEGER NOT NULL,
                snapshots INTEGER NOT NULL,
                scsi_controller TEXT NOT NULL,
                storage_vmotion INTEGER NOT NULL,
                attached_disks INTEGER NOT NULL
            );

            CREATE TABLE mt_volumes (
                master_target_id INTEGER NOT NULL REFERENCES master_targets(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                path TEXT NOT NULL,
                filesystem TEXT NOT NULL,
                capacity_gb INTEGER NOT NULL,
                locked INTEGER NOT NULL,
                cache INTEGER NOT NULL,
                purpose TEXT NOT NULL,
                PRIMARY KEY (master_target_id, ordinal)
            ) WITHOUT ROWID;

            CREATE TABLE mt_disk_uuids (
                master_target_id INTEGER NOT NULL REFERENCES master_targets(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                uuid TEXT NOT NULL,
                PRIMARY KEY (master_target_id, ordinal)
            ) WITHOUT ROWID;

            CREATE TABLE process_servers (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                site TEXT NOT NULL,
                reaches_configuration_server INTEGER NOT NULL,
                heartbeat INTEGER NOT NULL
            );

            -- booted_in_azure_at: Unix time in seconds (SQLite's
            -- datetime(x, 'unixepoch') reads it); NULL when unknown.
            CREATE TABLE machines (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                os TEXT NOT NULL,
                os_version TEXT NOT NULL,
                in_configuration_server INTEGER NOT NULL,
                agent_registered INTEGER NOT NULL,
                booted_in_azure_at REAL,
                replication_group TEXT,
                disks INTEGER NOT NULL,
                disk_gb INTEGER NOT NULL,
                static_ip INTEGER NOT NULL,
                onprem_exists INTEGER NOT NULL,
                onprem_host TEXT,
                onprem_snapshots INTEGER NOT NULL
            );

            CREATE TABLE machine_disk_uuids (
                machine_id INTEGER NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                uuid TEXT NOT NULL,
                PRIMARY KEY (machine_id, ordinal)
            ) WITHOUT ROWID;

            CREATE TABLE machine_onprem_datastores (
                machine_id INTEGER NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                datastore TEXT NOT NULL,
                PRIMARY KEY (machine_id, ordinal)
            ) WITHOUT ROWID;

            -- The one thing a run changes: kept apart from the imported facts.
            CREATE TABLE machine_states (
                machine_id INTEGER PRIMARY KEY REFERENCES machines(id) ON DELETE CASCADE,
                state TEXT NOT NULL
            );
            """)
    }

    /// Facts a pull from a vCenter fills in, NULL while unknown (a database
    /// made by a JSON import without them): versions, a datastore's capacity,
    /// and the VM identities (instance and BIOS UUID) a later pull matches by.
    private static func pulledFactsV1(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE vcenters ADD COLUMN version TEXT;
            ALTER TABLE vcenters ADD COLUMN api_type TEXT;
            ALTER TABLE esxi_hosts ADD COLUMN version TEXT;
            ALTER TABLE datastores ADD COLUMN capacity_gb INTEGER;
            ALTER TABLE master_targets ADD COLUMN instance_uuid TEXT;
            ALTER TABLE master_targets ADD COLUMN bios_uuid TEXT;
            ALTER TABLE machines ADD COLUMN onprem_instance_uuid TEXT;
            ALTER TABLE machines ADD COLUMN onprem_bios_uuid TEXT;
            ALTER TABLE machines ADD COLUMN onprem_powered_on INTEGER;
            """)
    }
}
