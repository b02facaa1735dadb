import GRDB

/// The run journal's tables, appended to `StoreSchema.migrations`. A run
/// holds everything `rpl resume` needs without re-evaluating the plan: the
/// plan text and hash for the record, and each step with its concrete
/// parameters.
enum JournalSchema {
    static func journalV1(_ db: Database) throws {
        try db.execute(sql: """
            -- status: running, paused, failed, succeeded. A `running` run whose
            -- process is gone (pid dead on this host, or no heartbeat for a
            -- minute from another host) is shown as interrupted.
            CREATE TABLE runs (
                id TEXT PRIMARY KEY NOT NULL,
                seq INTEGER NOT NULL UNIQUE,
                plan_name TEXT NOT NULL,
                plan_file TEXT NOT NULL,
                plan_text TEXT NOT NULL,
                plan_sha256 TEXT NOT NULL,
                status TEXT NOT NULL,
                provider TEXT NOT NULL,
                seed INTEGER,
                estimated_rto_seconds INTEGER NOT NULL,
                started_at REAL NOT NULL,
                ended_at REAL,
                pid INTEGER NOT NULL,
                hostname TEXT NOT NULL,
                heartbeat_at REAL NOT NULL
            );

            -- One row per step, written when the run is created; params is
            -- the step's JSON (the exec provider's request without run/step).
            CREATE TABLE steps (
                run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                step_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                action TEXT NOT NULL,
                machine TEXT,
                group_name TEXT,
                depends_on TEXT NOT NULL,
                after_groups TEXT NOT NULL,
                params TEXT NOT NULL,
                estimated_start INTEGER NOT NULL,
                estimated_seconds INTEGER NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                started_at REAL,
                ended_at REAL,
                error TEXT,
                PRIMARY KEY (run_id, step_id)
            ) WITHOUT ROWID;
            CREATE INDEX steps_by_machine ON steps(machine, run_id);

            -- time: Unix seconds; clock: seconds on the provider's clock
            -- (virtual under the simulator).
            CREATE TABLE events (
                id INTEGER PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                time REAL NOT NULL,
                clock REAL,
                step_id TEXT,
                code TEXT,
                severity TEXT NOT NULL,
                message TEXT NOT NULL
            );
            CREATE INDEX events_by_run ON events(run_id, id);
            """)
    }

    /// Each step's start-together set (a replication group, or a group
    /// failed back with `failback GROUP`), so that `rpl resume` sends the
    /// set's failbacks at one point in time as `rpl run` would have. NULL
    /// for steps that start on their own, and for runs journaled before.
    /// The plan's `version N` (NULL for a plan without one, and for runs
    /// journaled before): `rpl jobs` shows it, and `rpl check` and `rpl run`
    /// warn when a version that already ran now behaves differently (RP711).
    static func planVersionV1(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE runs ADD COLUMN plan_version INTEGER")
        try db.execute(sql: "CREATE INDEX runs_by_plan ON runs(plan_name, seq)")
    }

    static func startsTogetherV1(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE steps ADD COLUMN starts_together TEXT")
    }
}
