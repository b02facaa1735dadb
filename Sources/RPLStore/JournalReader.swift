import Foundation
import GRDB
import RPLCheck
import RPLRuntime
import RPLSource

/// A run as `rpl jobs` shows it.
public struct RunRecord: Sendable {
    public var id: String
    public var planName: String
    /// nil for a plan without `version N`, and for runs journaled before rpl kept it.
    public var planVersion: Int64?
    public var planFile: String
    public var planSHA256: String
    /// `interrupted` when journaled as running but its process is gone.
    public var status: RunStatus
    public var provider: String
    public var seed: UInt64?
    public var estimatedCompletionSeconds: Int64
    public var startedAt: Date
    public var endedAt: Date?
    public var pid: Int
    public var hostname: String
    public var steps: [StepRecord]
    public var events: [EventRecord]
}

public struct StepRecord: Sendable {
    public var id: String
    public var action: ActionKind
    public var machine: String?
    public var group: String?
    public var status: StepStatus
    public var attempts: Int
    public var startedAt: Date?
    public var endedAt: Date?
    public var error: String?
}

public struct EventRecord: Sendable {
    public var time: Date
    public var clock: Double?
    public var step: String?
    public var code: DiagnosticCode?
    public var severity: Severity
    public var message: String
}

/// Reads the journal back: runs newest first, with their steps in plan order.
public enum JournalReader {
    public static func runs(in store: InventoryStore, id: String? = nil, withEvents: Bool = false) throws(JournalError) -> [RunRecord] {
        do {
            return try store.dbQueue.read { db in
                guard try db.tableExists("runs") else { return [] }
                if let id { return try run(id, in: db, withEvents: withEvents).map { [$0] } ?? [] }
                let ids = try String.fetchAll(db, sql: "SELECT id FROM runs ORDER BY seq DESC")
                return try ids.compactMap { try run($0, in: db, withEvents: withEvents) }
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw .store(InventoryStore.wrap(error, path: store.path))
        }
    }

    static func run(_ id: String, in db: Database, withEvents: Bool) throws -> RunRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else { return nil }
        let statusText: String = row["status"]
        guard var status = RunStatus(rawValue: statusText) else {
            throw JournalError.damaged(run: id, message: "status '\(statusText)'")
        }
        let pid: Int = row["pid"]
        let hostname: String = row["hostname"]
        if status == .running, !Liveness.isAlive(pid: pid, hostname: hostname, heartbeat: row["heartbeat_at"]) {
            status = .interrupted
        }
        let steps = try Row.fetchAll(db, sql: """
            SELECT step_id, action, machine, group_name, status, attempts, started_at, ended_at, error
            FROM steps WHERE run_id = ? ORDER BY position
            """, arguments: [id]).map { step -> StepRecord in
            let text: String = step["status"]
            guard let stepStatus = StepStatus(rawValue: text) else {
                throw JournalError.damaged(run: id, message: "step \(step["step_id"] as String) has status '\(text)'")
            }
            let actionText: String = step["action"]
            guard let action = ActionKind(rawValue: actionText) else {
                throw JournalError.damaged(run: id, message: "step \(step["step_id"] as String) has action '\(actionText)'")
            }
            return StepRecord(id: step["step_id"], action: action, machine: step["machine"], group: step["group_name"],
                              status: stepStatus, attempts: step["attempts"],
                              startedAt: (step["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                              endedAt: (step["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)), error: step["error"])
        }
        var events: [EventRecord] = []
        if withEvents {
            events = try Row.fetchAll(db, sql: "SELECT * FROM events WHERE run_id = ? ORDER BY id", arguments: [id]).map { event in
                EventRecord(time: Date(timeIntervalSince1970: event["time"]), clock: event["clock"], step: event["step_id"],
                            code: (event["code"] as String?).flatMap(DiagnosticCode.init(rawValue:)),
                            severity: Severity(rawValue: event["severity"]) ?? .note, message: event["message"])
            }
        }
        // A read-only database from before `plan_version` has no such column: nil.
        return RunRecord(id: id, planName: row["plan_name"], planVersion: row["plan_version"], planFile: row["plan_file"],
                         planSHA256: row["plan_sha256"],
                         status: status, provider: row["provider"],
                         seed: (row["seed"] as Int64?).map { UInt64(bitPattern: $0) },
                         estimatedCompletionSeconds: row["estimated_rto_seconds"],
                         startedAt: Date(timeIntervalSince1970: row["started_at"]),
                         endedAt: (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                         pid: pid, hostname: hostname, steps: steps, events: events)
    }

    /// The text a run executed, as journaled (`rpl diff RUN-ID`).
    public static func planText(of id: String, in store: InventoryStore) throws(JournalError) -> (file: String, text: String)? {
        do {
            return try store.dbQueue.read { db in
                try Row.fetchOne(db, sql: "SELECT plan_file, plan_text FROM runs WHERE id = ?", arguments: [id])
                    .map { (file: $0["plan_file"], text: $0["plan_text"]) }
            }
        } catch {
            throw .store(InventoryStore.wrap(error, path: store.path))
        }
    }

    /// The newest run of the plan named `name` at `version`, if any: what
    /// RP711 compares a plan with.
    public static func latestRun(ofPlan name: String, version: Int64, in store: InventoryStore) throws(JournalError)
        -> (id: String, startedAt: Date, sha256: String, file: String, text: String)? {
        do {
            return try store.dbQueue.read { db in
                // A database from before plan_version knows no versions: no earlier run to compare with.
                guard try db.columns(in: "runs").contains(where: { $0.name == "plan_version" }) else { return nil }
                return try Row.fetchOne(db, sql: """
                    SELECT id, started_at, plan_sha256, plan_file, plan_text FROM runs
                    WHERE plan_name = ? AND plan_version = ? ORDER BY seq DESC LIMIT 1
                    """, arguments: [name, version]).map { row in
                    (id: row["id"], startedAt: Date(timeIntervalSince1970: row["started_at"]), sha256: row["plan_sha256"],
                     file: row["plan_file"], text: row["plan_text"])
                }
            }
        } catch {
            throw .store(InventoryStore.wrap(error, path: store.path))
        }
    }

    /// The run's steps with their parameters, as the executor runs them.
    static func executableSteps(of id: String, in db: Database) throws -> [ExecutableStep] {
        try Row.fetchAll(db, sql: """
            SELECT step_id, group_name, depends_on, after_groups, starts_together, params, estimated_start, estimated_seconds
            FROM steps WHERE run_id = ? ORDER BY position
            """, arguments: [id]).map { row in
            let stepID: String = row["step_id"]
            guard let params = try? JSONValue.parse(row["params"] as String), let action = ExecutableStep.action(fromParams: params),
                  let dependsOn = (try? JSONValue.parse(row["depends_on"] as String))?.arrayValue?.compactMap(\.stringValue),
                  let afterGroups = (try? JSONValue.parse(row["after_groups"] as String))?.arrayValue?.compactMap(\.stringValue) else {
                throw JournalError.damaged(run: id, message: "step \(stepID) has parameters this rpl cannot read")
            }
            return ExecutableStep(id: stepID, action: action, group: row["group_name"], dependsOn: dependsOn, afterGroups: afterGroups,
                                  startsTogether: row["starts_together"],
                                  estimatedStart: row["estimated_start"], estimatedSeconds: row["estimated_seconds"])
        }
    }
}
