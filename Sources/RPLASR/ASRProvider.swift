import Dispatch
import Foundation
import RPLAzure
import RPLInventory
import RPLRuntime
import RPLSource
import RPLStore

/// `--provider asr`: each step is its Site Recovery action, sent to Azure
/// Resource Manager on the machine's protected item and followed to the end
/// of the job it starts.
///
/// Exactly once. The send and the job id are journaled (`asr_jobs`) around
/// the POST, each in a committed transaction of its own: a job id is on disk
/// before anything else happens. A step whose job is journaled is followed,
/// never sent again; one whose send is journaled without a job (rpl stopped
/// between the two) is reconciled first: the item's current scenario and the
/// vault's jobs say whether a job for that item and action already exists,
/// and if one does the step follows it (RP809).
///
/// Each step is sent and followed on a thread of its own; the journal's
/// one database connection serialises their writes with the executor's.
public final class ASRProvider: Provider, @unchecked Sendable {
    private let client: ARMClient
    private let inventory: Inventory
    private let jobs: ASRJobTable
    /// Poll interval when the 202 gives no Retry-After (Site Recovery gives 30 s).
    private let defaultPollSeconds: Double
    private let started = DispatchTime.now().uptimeNanoseconds

    private let condition = NSCondition()
    private var replies: [StepReply] = []
    private var events: [ProviderEvent] = []
    private var closing = false
    /// Set when the journal could not be written: the provider is gone.
    private var fatal: String?

    public init(client: ARMClient, inventory: Inventory, jobs: ASRJobTable, defaultPollSeconds: Double = 30) {
        self.client = client
        self.inventory = inventory
        self.jobs = jobs
        self.defaultPollSeconds = defaultPollSeconds
    }

    public var description: String { "asr" }

    public var now: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    public func send(_ request: StepRequest) throws(ProviderError) {
        condition.lock()
        let broken = fatal
        condition.unlock()
        if let broken { throw .exited(broken) }
        let step = request.step
        let asr: ASRRequest
        do {
            guard let mapped = try ASRStepMapping.request(for: step, in: inventory) else {
                return reply(StepReply(step: step.id, error: "rpl does not send \(step.kind.rawValue) steps to Site Recovery"))
            }
            asr = mapped
        } catch {
            return reply(StepReply(step: step.id, error: error.description, code: .RP807))
        }
        let thread = Thread { [self] in
            if let outcome = carryOut(run: request.run, step: step.id, request: asr) { reply(outcome) }
        }
        thread.name = "rpl asr \(step.id)"
        thread.start()
    }

    /// Sends the step's action (or finds the job it already has) and
    /// follows the job to its end, on a thread of its own: a POST that ARM
    /// throttles for minutes must not stop the executor's heartbeat, nor
    /// hold back the other failbacks that start at the same time. nil when
    /// the journal could not be written (the provider is then gone).
    private func carryOut(run: String, step: String, request asr: ASRRequest) -> StepReply? {
        do {
            if let job = try journaledOrRunningJob(run: run, step: step, request: asr) {
                return follow(job: job, run: run, step: step, pollSeconds: defaultPollSeconds)
            }
            try jobs.aboutToSend(run: run, step: step, item: asr.item, action: asr.action, at: Date())
        } catch let error as ARMError {
            return failure(step, error)
        } catch {
            return gone("cannot journal the step's Site Recovery job: \(error)")
        }
        CrashPoint.beforeSend.reached()
        let accepted: ARMResponse
        do {
            accepted = try client.post(asr.path, body: asr.body)
        } catch {
            // Refused (4xx) or throttled to the end: nothing started in Azure.
            // No answer at all: it may have started; the send stays
            // journaled and a resume reconciles it.
            if case .unreachable = error {} else { try? jobs.notSent(run: run, step: step) }
            return failure(step, error)
        }
        CrashPoint.afterSend.reached()
        guard let job = ASRProvider.jobID(of: accepted, vault: asr.vault) else {
            return StepReply(step: step, error: "ARM accepted \(asr.action) on \(asr.itemName) (HTTP \(accepted.status)) without naming its job",
                             code: .RP806)
        }
        do { try jobs.jobAccepted(run: run, step: step, job: job) } catch {
            return gone("cannot journal Site Recovery job \(job): \(error)")
        }
        CrashPoint.afterJournal.reached()
        return follow(job: job, run: run, step: step, pollSeconds: accepted.header("Retry-After").flatMap(Double.init) ?? defaultPollSeconds)
    }

    /// Polls the job until it ends and journals how it ended: a job that
    /// failed is sent anew by a resume, one that succeeded never is.
    private func follow(job: String, run: String, step: String, pollSeconds: Double) -> StepReply {
        let (outcome, endState) = poll(job: job, step: step, pollSeconds: pollSeconds)
        if let endState { try? jobs.jobEnded(run: run, step: step, state: endState) }
        return outcome
    }

    /// The journal cannot be written: nothing may be sent without it.
    private func gone(_ message: String) -> StepReply? {
        condition.lock()
        if fatal == nil { fatal = message }
        condition.broadcast()
        condition.unlock()
        return nil
    }

    /// The job this step already has: journaled, or (for a send that was
    /// journaled without its job) found in Azure.
    private func journaledOrRunningJob(run: String, step: String, request: ASRRequest) throws -> String? {
        guard let record = try jobs.record(run: run, step: step) else { return nil }
        if let job = record.job, record.endState == nil || record.endState == "Succeeded" { return job }
        if record.job != nil { return nil }  // its job failed: this is a retry, sent anew
        guard let job = try reconcile(request, sentAt: record.sentAt) else { return nil }
        try jobs.jobAccepted(run: run, step: step, job: job)
        note(step, .RP809, .warning,
             "step \(step): attached to Site Recovery job \(job.split(separator: "/").last ?? "") for \(request.itemName) (\(request.jobScenario)), which an earlier send had started; not sent again")
        return job
    }

    /// A job for the item and the action that started at or after the send.
    private func reconcile(_ request: ASRRequest, sentAt: Date) throws(ARMError) -> String? {
        let item = try client.get(request.item)
        let properties = item["properties"]
        if let scenario = properties?["currentScenario"], scenario["scenarioName"]?.stringValue == request.jobScenario,
           let job = scenario["jobId"]?.stringValue, !job.isEmpty, job != "None" {
            return job.hasPrefix("/") ? job : "\(request.vault)/replicationJobs/\(job)"
        }
        let names = Set([request.itemName, properties?["friendlyName"]?.stringValue].compactMap { $0?.lowercased() })
        let since = sentAt.addingTimeInterval(-300)
        for json in try client.list("\(request.vault)/replicationJobs") {
            let job = ASRJob(json)
            guard job.scenario == request.jobScenario, names.contains(job.targetName.lowercased()) else { continue }
            if let start = ISO8601DateFormatter.lenient(job.startTime), start < since { continue }
            return job.id.isEmpty ? "\(request.vault)/replicationJobs/\(job.name)" : job.id
        }
        return nil
    }

    private func poll(job: String, step: String, pollSeconds: Double) -> (StepReply, endState: String?) {
        var interval = max(0.05, pollSeconds)  // between polls after a lost connection
        while true {
            condition.lock()
            let stop = closing
            condition.unlock()
            if stop { return (StepReply(step: step, error: "rpl stopped while following Site Recovery job \(job)"), nil) }
            let answer: ARMResponse
            do {
                answer = try client.send("GET", job, body: nil)
            } catch {
                // The job goes on in Azure whatever happens to the connection: keep polling.
                if case .unreachable = error { Thread.sleep(forTimeInterval: interval); continue }
                return (failure(step, error), nil)
            }
            let state = ASRJob(answer.body ?? .null)
            if state.hasEnded {
                let reply = state.succeeded ? StepReply(step: step) : StepReply(step: step, error: state.failureMessage, code: .RP805)
                return (reply, state.state)
            }
            // The server's Retry-After when the poll's answer has one, else the 202's.
            interval = max(0.05, answer.header("Retry-After").flatMap(Double.init) ?? pollSeconds)
            Thread.sleep(forTimeInterval: interval)
        }
    }

    private func failure(_ step: String, _ error: ARMError) -> StepReply {
        switch error {
        case .noCredentials, .tokenUnavailable: StepReply(step: step, error: error.description, code: .RP808)
        default: StepReply(step: step, error: error.description, code: .RP806)
        }
    }

    /// The job's id from a 202: `Azure-AsyncOperation` and `Location` end in it.
    static func jobID(of response: ARMResponse, vault: String) -> String? {
        for header in ["Azure-AsyncOperation", "Location"] {
            guard let url = response.header(header) else { continue }
            let path = url.split(separator: "?")[0]
            guard let last = path.split(separator: "/").last, !last.isEmpty else { continue }
            return "\(vault)/replicationJobs/\(last)"
        }
        return nil
    }

    private func reply(_ reply: StepReply) {
        condition.lock()
        replies.append(reply)
        condition.broadcast()
        condition.unlock()
    }

    private func note(_ step: String?, _ code: DiagnosticCode, _ severity: Severity, _ message: String) {
        condition.lock()
        events.append(ProviderEvent(step: step, code: code, severity: severity, message: message))
        condition.unlock()
    }

    public func nextReply(until deadline: Double?, interrupt: InterruptFlag?) throws(ProviderError) -> StepReply? {
        let limit = min(deadline ?? .infinity, now + 1)
        condition.lock()
        defer { condition.unlock() }
        while replies.isEmpty {
            if let fatal { throw .exited(fatal) }
            let remaining = limit - now
            if interrupt?.isRaised == true || remaining <= 0 { return nil }
            _ = condition.wait(until: Date(timeIntervalSinceNow: min(remaining, 0.05)))
        }
        return replies.removeFirst()
    }

    public func takeEvents() -> [ProviderEvent] {
        condition.lock()
        defer { condition.unlock() }
        defer { events.removeAll() }
        return events
    }

    /// The jobs go on in Azure; a resume follows them from the journal.
    public func close() {
        condition.lock()
        closing = true
        condition.unlock()
    }
}

extension ISO8601DateFormatter {
    /// Site Recovery writes times with and without fractions of a second.
    static func lenient(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
