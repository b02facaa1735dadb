import Foundation
import GRDB

/// What rpl knows of one step's Azure Site Recovery action: written before
/// the POST goes out (`sentAt`, no job) and again the moment ARM names the
/// job. `rpl resume` follows a journaled job and never sends the action
/// again; a row without a job is a send that may or may not have reached
/// ARM, reconciled against the vault before anything is re-sent.
public struct ASRJobRecord: Sendable, Equatable {
    public var run: String
    public var step: String
    public var item: String
    public var action: String
    public var sentAt: Date
    /// The job's ARM id (`.../replicationJobs/{job}`); nil until ARM answered.
    public var job: String?
    /// The job's last state seen (`Succeeded`, `Failed`, ...); nil while it runs.
    public var endState: String?

    public init(run: String, step: String, item: String, action: String, sentAt: Date, job: String? = nil, endState: String? = nil) {
        self.run = run
        self.step = step
        self.item = item
        self.action = action
        self.sentAt = sentAt
        self.job = job
        self.endState = endState
    }
}

/// The `asr_jobs` table. Every write is its own committed transaction at
/// once: a SIGKILL right after it must not lose the job id.
public final class ASRJobTable: @unchecked Sendable {
    public static let migration = "v8-asr-jobs"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE asr_jobs (
                run_id TEXT NOT NULL,
                step_id TEXT NOT NULL,
                item TEXT NOT NULL,
                action TEXT NOT NULL,
                sent_at REAL NOT NULL,
                job TEXT,
                end_state TEXT,
                PRIMARY KEY (run_id, step_id)
            ) WITHOUT ROWID
            """)
    }

    private let store: InventoryStore

    public init(store: InventoryStore) { self.store = store }

    public func record(run: String, step: String) throws -> ASRJobRecord? {
        try store.dbQueue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM asr_jobs WHERE run_id = ? AND step_id = ?", arguments: [run, step]).map { row in
                ASRJobRecord(run: row["run_id"], step: row["step_id"], item: row["item"], action: row["action"],
                             sentAt: Date(timeIntervalSince1970: row["sent_at"]), job: row["job"], endState: row["end_state"])
            }
        }
    }

    /// About to send: replaces what an earlier send of the step left (a job that failed, say).
    public func aboutToSend(run: String, step: String, item: String, action: String, at date: Date) throws {
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO asr_jobs (run_id, step_id, item, action, sent_at, job, end_state)
                VALUES (?, ?, ?, ?, ?, NULL, NULL)
                """, arguments: [run, step, item, action, date.timeIntervalSince1970])
        }
    }

    public func jobAccepted(run: String, step: String, job: String) throws {
        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE asr_jobs SET job = ? WHERE run_id = ? AND step_id = ?", arguments: [job, run, step])
        }
    }

    public func jobEnded(run: String, step: String, state: String) throws {
        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE asr_jobs SET end_state = ? WHERE run_id = ? AND step_id = ?", arguments: [state, run, step])
        }
    }

    /// Nothing was sent after all (ARM refused the request): a resume sends it again without reconciling.
    public func notSent(run: String, step: String) throws {
        try store.dbQueue.write { db in
            try db.execute(sql: "DELETE FROM asr_jobs WHERE run_id = ? AND step_id = ? AND job IS NULL", arguments: [run, step])
        }
    }
}
