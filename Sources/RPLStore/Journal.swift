import Foundation
import GRDB
import RPLInventory
import RPLRuntime
import RPLSource

public enum JournalError: Error, Sendable, CustomStringConvertible {
    case machinesInUse(run: String, pid: Int, hostname: String, machines: [String])
    case noSuchRun(String)
    case alreadySucceeded(String)
    case stillRunning(run: String, pid: Int, hostname: String)
    case cannotConfirm(step: String, reason: String)
    case damaged(run: String, message: String)
    case store(StoreError)

    public var description: String {
        switch self {
        case let .machinesInUse(run, pid, hostname, machines):
            "machine\(machines.count == 1 ? "" : "s") \(machines.joined(separator: ", ")) \(machines.count == 1 ? "is" : "are") in use by run \(run) (pid \(pid) on \(hostname)), which is still running; wait for it, or stop it (Ctrl-C pauses it)"
        case let .noSuchRun(id): "no run \(id) in this database (`rpl jobs` lists them)"
        case let .alreadySucceeded(id): "run \(id) has already succeeded: nothing to resume"
        case let .stillRunning(run, pid, hostname): "run \(run) is still running (pid \(pid) on \(hostname))"
        case let .cannotConfirm(step, reason): "cannot confirm \(step): \(reason)"
        case let .damaged(run, message): "the journal of run \(run) is damaged: \(message)"
        case let .store(error): error.description
        }
    }
}

/// What a run executes, as the journal records it.
public struct RunPlanRecord: Sendable {
    public var name: String
    /// The plan's `version N`, when it has one.
    public var version: Int64?
    public var file: String
    public var text: String
    public var provider: String
    public var seed: UInt64?
    public var estimatedCompletionSeconds: Int64

    public init(name: String, version: Int64? = nil, file: String, text: String, provider: String, seed: UInt64?,
                estimatedCompletionSeconds: Int64) {
        self.name = name
        self.version = version
        self.file = file
        self.text = text
        self.provider = provider
        self.seed = seed
        self.estimatedCompletionSeconds = estimatedCompletionSeconds
    }
}

/// One run's journal in the inventory database: the executor writes every
/// step's start and end here before acting on it, and a step's end goes in
/// the same transaction as its machine's new state. The run's row carries
/// the lock on its machines (pid, hostname, heartbeat).
public final class Journal: RunJournal, @unchecked Sendable {
    public let runID: String
    public let store: InventoryStore
    private var db: DatabaseQueue { store.dbQueue }
    /// Changes written since the last commit, applied in order by `commit`.
    private var queued: [(Database) throws -> Void] = []
    /// The connection's own `PRAGMA synchronous`, restored after each
    /// commit that did not sync (the connection is the store's, for more
    /// than this run).
    private var ownSynchronous: Int?

    init(runID: String, store: InventoryStore) {
        self.runID = runID
        self.store = store
    }

    // MARK: - Creating and claiming runs

    /// Journals a new run and takes its machines, or refuses while another
    /// live run holds any of them.
    public static func createRun(in store: InventoryStore, plan: RunPlanRecord, steps: [ExecutableStep],
                                 now: Date = Date()) throws(JournalError) -> Journal {
        let machines = Set(steps.compactMap(\.machine))
        let host = Liveness.hostname
        let pid = Int(getpid())
        let planDigest = JournalDigest.sha256Hex(Array(plan.text.utf8))
        let runID = try write(store) { db in
            try Self.refuseConflicts(machines: machines, except: nil, in: db)
            let seq = (try Int.fetchOne(db, sql: "SELECT max(seq) FROM runs") ?? 0) + 1
            let id = Self.newRunID(now: now, seq: seq)
            try db.execute(sql: """
                INSERT INTO runs (id, seq, plan_name, plan_version, plan_file, plan_text, plan_sha256, status, provider, seed,
                                  estimated_rto_seconds, started_at, pid, hostname, heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, seq, plan.name, plan.version, plan.file, plan.text, planDigest, plan.provider,
                                 plan.seed.map { Int64(bitPattern: $0) }, plan.estimatedCompletionSeconds,
                                 now.timeIntervalSince1970, pid, host, now.timeIntervalSince1970])
            for (position, step) in steps.enumerated() {
                let dependsOn = JSONValue.array(step.dependsOn.map { .string($0) }).serialized()
                let afterGroups = JSONValue.array(step.afterGroups.map { .string($0) }).serialized()
                try db.cachedStatement(sql: """
                    INSERT INTO steps (run_id, step_id, position, action, machine, group_name, depends_on, after_groups,
                                       starts_together, params, estimated_start, estimated_seconds, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')
                    """).execute(arguments: [id, step.id, position, step.kind.rawValue, step.machine, step.group, dependsOn, afterGroups,
                                     step.startsTogether, step.paramsJSON.serialized(), step.estimatedStart, step.estimatedSeconds])
            }
            try Self.insertEvent(run: id, RunEvent(step: nil, code: nil, severity: .note,
                                                   message: "run started: plan \(plan.name) (\(steps.count) steps, provider \(plan.provider))",
                                                   clock: 0), in: db)
            return id
        }
        return Journal(runID: runID, store: store)
    }

    /// What `rpl resume` continues: the run, its steps as journaled, and
    /// whether its previous process had died (RP803).
    public struct Claim: Sendable {
        public var journal: Journal
        public var run: RunRecord
        public var steps: [ExecutableStep]
        public var wasInterrupted: Bool
    }

    /// Takes a run over for `rpl resume`: refused while its own process (or
    /// another run holding one of its machines) is alive. Confirms the
    /// named manual steps in the same transaction.
    public static func claimRun(_ id: String, in store: InventoryStore, confirming confirmations: [String] = [],
                                now: Date = Date()) throws(JournalError) -> Claim {
        try write(store) { db in
            guard let run = try JournalReader.run(id, in: db, withEvents: false) else { throw JournalError.noSuchRun(id) }
            switch run.status {
            case .succeeded: throw JournalError.alreadySucceeded(id)
            case .running: throw JournalError.stillRunning(run: id, pid: run.pid, hostname: run.hostname)
            case .paused, .failed, .interrupted: break
            }
            let steps = try JournalReader.executableSteps(of: id, in: db)
            try Self.refuseConflicts(machines: Set(steps.compactMap(\.machine)), except: id, in: db)

            for confirmation in confirmations {
                // The step's id (`app/manual/dns`), or the manual step's own name (`dns`) when only one has it.
                let named = run.steps.filter { $0.action == .manual && $0.id.hasSuffix("/manual/" + confirmation) }
                guard let record = run.steps.first(where: { $0.id == confirmation }) ?? (named.count == 1 ? named[0] : nil) else {
                    let reason = named.count > 1 ? "several manual steps are named \(confirmation): give the step id" : "run \(id) has no such step"
                    throw JournalError.cannotConfirm(step: confirmation, reason: reason)
                }
                let step = record.id
                guard record.action == .manual else {
                    throw JournalError.cannotConfirm(step: step, reason: "it is a \(record.action.rawValue) step, not a manual one")
                }
                guard record.status == .waiting || record.status == .pending else {
                    throw JournalError.cannotConfirm(step: step, reason: "it is \(record.status.rawValue), not waiting")
                }
                try db.execute(sql: """
                    UPDATE steps SET status = 'done', ended_at = ?, attempts = attempts + 1 WHERE run_id = ? AND step_id = ?
                    """, arguments: [now.timeIntervalSince1970, id, step])
                try Self.insertEvent(run: id, RunEvent(step: step, code: nil, severity: .note,
                                                       message: "manual step \(step) confirmed", clock: 0), in: db)
            }
            if run.status == .interrupted {
                try Self.insertEvent(run: id, RunEvent(
                    step: nil, code: .RP803, severity: .warning,
                    message: RunInterruption.message(run: id, pid: run.pid, hostname: run.hostname) + "; resuming without repeating finished steps",
                    clock: 0), in: db)
            }
            try db.execute(sql: """
                UPDATE runs SET status = 'running', ended_at = NULL, pid = ?, hostname = ?, heartbeat_at = ? WHERE id = ?
                """, arguments: [Int(getpid()), Liveness.hostname, now.timeIntervalSince1970, id])
            try Self.insertEvent(run: id, RunEvent(step: nil, code: nil, severity: .note, message: "run resumed", clock: 0), in: db)
            return Claim(journal: Journal(runID: id, store: store), run: run, steps: steps, wasInterrupted: run.status == .interrupted)
        }
    }

    /// A run journaled as `running` that touches some of the given machines.
    public struct Holder: Sendable, Equatable {
        public var run: String
        public var pid: Int
        public var hostname: String
        /// False: its process is gone, the run is interrupted (RP803).
        public var alive: Bool
        public var machines: [String]
    }

    /// Which runs hold (or, interrupted, held) any of `machines`: `rpl run`
    /// asks before showing the checker's RP201 for a machine a run left
    /// reprotecting, so the user hears about the run, not only the state.
    /// Runs not yet over (running, paused, failed or interrupted): their
    /// machines' states belong to them, so the inventory must not be
    /// imported again under them.
    public static func unfinishedRuns(in store: InventoryStore) throws(JournalError) -> [String] {
        do {
            return try store.dbQueue.read { db in
                guard try db.tableExists("runs") else { return [] }
                return try String.fetchAll(db, sql: "SELECT id FROM runs WHERE status IN ('running', 'paused', 'failed') ORDER BY seq")
            }
        } catch {
            throw .store(InventoryStore.wrap(error, path: store.path))
        }
    }

    public static func holders(of machines: Set<String>, in store: InventoryStore) throws(JournalError) -> [Holder] {
        do {
            return try store.dbQueue.read { db in
                guard try db.tableExists("runs") else { return [] }
                return try holders(of: machines, except: nil, in: db)
            }
        } catch {
            throw .store(InventoryStore.wrap(error, path: store.path))
        }
    }

    private static func holders(of machines: Set<String>, except: String?, in db: Database) throws -> [Holder] {
        guard !machines.isEmpty else { return [] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.id, r.pid, r.hostname, r.heartbeat_at, s.machine
            FROM runs r JOIN steps s ON s.run_id = r.id
            WHERE r.status = 'running' AND s.machine IS NOT NULL
            ORDER BY r.seq, s.position
            """)
        var holders: [Holder] = []
        for row in rows {
            let run: String = row["id"]
            let machine: String = row["machine"]
            guard run != except, machines.contains(machine) else { continue }
            if let index = holders.firstIndex(where: { $0.run == run }) {
                if !holders[index].machines.contains(machine) { holders[index].machines.append(machine) }
                continue
            }
            let pid: Int = row["pid"]
            let host: String = row["hostname"]
            holders.append(Holder(run: run, pid: pid, hostname: host,
                                  alive: Liveness.isAlive(pid: pid, hostname: host, heartbeat: row["heartbeat_at"]), machines: [machine]))
        }
        return holders
    }

    /// A live run other than `except` holding one of `machines` refuses the
    /// new one. A run whose process died holds nothing (its lock is stale).
    private static func refuseConflicts(machines: Set<String>, except: String?, in db: Database) throws {
        if let live = try holders(of: machines, except: except, in: db).first(where: \.alive) {
            throw JournalError.machinesInUse(run: live.run, pid: live.pid, hostname: live.hostname, machines: live.machines)
        }
    }

    private static func newRunID(now: Date, seq: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        let random = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "r\(c.year ?? 0)\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second))-"
            + String(repeating: "0", count: 4 - random.count) + random
    }

    // MARK: - RunJournal

    public func journaledSteps() throws -> [String: JournaledStep] {
        try db.read { db in
            var steps: [String: JournaledStep] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT step_id, status, attempts FROM steps WHERE run_id = ?", arguments: [runID]) {
                let id: String = row["step_id"]
                let text: String = row["status"]
                guard let status = StepStatus(rawValue: text) else {
                    throw JournalError.damaged(run: runID, message: "step \(id) has status '\(text)'")
                }
                steps[id] = JournaledStep(status: status, attempts: row["attempts"])
            }
            return steps
        }
    }

    public func stepStarted(_ step: ExecutableStep, attempt: Int) {
        change(step, to: .running, machineState: step.transition?.during, extra: "attempts = \(attempt), started_at = :now, ended_at = NULL, error = NULL")
    }

    public func stepWaiting(_ step: ExecutableStep) {
        change(step, to: .waiting, machineState: nil, extra: "started_at = :now")
    }

    public func stepDone(_ step: ExecutableStep) {
        change(step, to: .done, machineState: step.transition?.to, extra: "ended_at = :now, error = NULL")
    }

    public func stepFailed(_ step: ExecutableStep, error: String) {
        change(step, to: .failed, machineState: step.transition?.from, extra: "ended_at = :now, error = :error", error: error)
    }

    public func stepInterrupted(_ step: ExecutableStep) {
        change(step, to: .interrupted, machineState: nil, extra: "ended_at = :now")
    }

    public func stepRequeued(_ step: ExecutableStep) {
        change(step, to: .pending, machineState: step.transition?.from, extra: "ended_at = NULL")
    }

    /// The step's row and its machine's state, together: they are queued
    /// and committed in one transaction (see `commit`).
    private func change(_ step: ExecutableStep, to status: StepStatus, machineState: MachineState?, extra: String, error: String? = nil) {
        let now = Date().timeIntervalSince1970
        let runID = runID
        queued.append { db in
            try db.cachedStatement(sql: "UPDATE steps SET status = :status, \(extra) WHERE run_id = :run AND step_id = :step")
                .execute(arguments: ["status": status.rawValue, "now": now, "error": error, "run": runID, "step": step.id])
            if db.changesCount == 0 { throw JournalError.damaged(run: runID, message: "no step \(step.id)") }
            if let machine = step.machine, let machineState {
                try db.cachedStatement(sql: """
                    UPDATE machine_states SET state = ? WHERE machine_id = (SELECT id FROM machines WHERE name = ?)
                    """).execute(arguments: [machineState.rawValue, machine])
                if db.changesCount == 0 { throw StoreError.unknownMachine(machine) }
            }
        }
    }

    public func record(_ event: RunEvent) {
        let runID = runID
        let now = Date().timeIntervalSince1970
        queued.append { db in try Self.insertEvent(run: runID, event, time: now, in: db) }
    }

    public func setStatus(_ status: RunStatus) throws {
        let ended: Double? = status == .running ? nil : Date().timeIntervalSince1970
        let runID = runID
        queued.append { db in
            try db.execute(sql: "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?", arguments: [status.rawValue, ended, runID])
        }
        try commit(syncToDisk: true)
    }

    public func heartbeat() throws {
        try commit(syncToDisk: false, evenIfNothingQueued: true)
    }

    /// Applies every queued change, in the order written, in one
    /// transaction that also renews the run's heartbeat. Transactions
    /// commit in order, so the journal on disk is always a prefix of what
    /// the executor wrote: never a step's start without the completions it
    /// waited for. A committed transaction survives this process being
    /// killed (SQLite's write-ahead log); `syncToDisk` also waits until it
    /// is on the disk, so that it survives the machine losing power.
    public func commit(syncToDisk: Bool) throws {
        try commit(syncToDisk: syncToDisk, evenIfNothingQueued: false)
    }

    private func commit(syncToDisk: Bool, evenIfNothingQueued: Bool) throws {
        guard !queued.isEmpty || evenIfNothingQueued else { return }
        let changes = queued
        queued = []
        let runID = runID
        try db.writeWithoutTransaction { db in
            // FULL syncs the log at each commit; NORMAL leaves it to the next
            // checkpoint (a crash of the process loses nothing either way).
            let own = try ownSynchronous ?? Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 2
            ownSynchronous = own
            let level = syncToDisk ? max(own, 2) : 1
            if level != own { try db.execute(sql: "PRAGMA synchronous = \(level)") }
            defer { if level != own { try? db.execute(sql: "PRAGMA synchronous = \(own)") } }
            try db.inTransaction {
                for change in changes { try change(db) }
                try db.cachedStatement(sql: "UPDATE runs SET heartbeat_at = ? WHERE id = ?")
                    .execute(arguments: [Date().timeIntervalSince1970, runID])
                return .commit
            }
        }
    }

    static func insertEvent(run: String, _ event: RunEvent, in db: Database) throws {
        try insertEvent(run: run, event, time: Date().timeIntervalSince1970, in: db)
    }

    private static func insertEvent(run: String, _ event: RunEvent, time: Double, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO events (run_id, time, clock, step_id, code, severity, message) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [run, time, event.clock, event.step, event.code?.rawValue, event.severity.rawValue, event.message])
    }

    /// One IMMEDIATE transaction: it takes the write lock before reading, so
    /// two processes checking the same machines cannot both pass the check.
    private static func write<T>(_ store: InventoryStore, _ body: (Database) throws -> T) throws(JournalError) -> T {
        do {
            try Journal.enableWAL(store)
            var result: T?
            try store.dbQueue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
            }
            return result!
        } catch let error as JournalError {
            throw error
        } catch {
            throw .store(InventoryStore.wrap(error, path: store.path))
        }
    }

    /// Write-ahead logging lets `rpl jobs` read while a run writes, and is a
    /// property of the file: set once, it stays.
    static func enableWAL(_ store: InventoryStore) throws {
        guard store.path != ":memory:" else { return }
        try store.dbQueue.writeWithoutTransaction { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            if mode.lowercased() != "wal" { _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        }
    }
}

/// Whether the process that holds a run's lock is still there.
enum Liveness {
    /// Another host cannot be asked about its pids: a run there is alive
    /// while it keeps its heartbeat (every two seconds; a minute of silence
    /// is death).
    static let remoteHeartbeatTimeout: Double = 60
    /// A live pid on this host whose heartbeat stopped this long ago is a
    /// recycled pid, not the run's process.
    static let localHeartbeatTimeout: Double = 600

    static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isAlive(pid: Int, hostname host: String, heartbeat: Double, now: Double = Date().timeIntervalSince1970) -> Bool {
        guard host == hostname else { return now - heartbeat < remoteHeartbeatTimeout }
        guard pid > 0, kill(pid_t(pid), 0) == 0 || errno == EPERM, !isZombie(pid) else { return false }
        return now - heartbeat < localHeartbeatTimeout
    }

    /// A killed process its parent has not reaped yet still answers kill(pid, 0).
    private static func isZombie(_ pid: Int) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
