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
/// Sends happen on the executor's thread, so the journal is written from
/// one thread; each job is polled on a thread of its own.
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
    private var pollers: [Thread] = []
    private var closing = false

    public init(client: ARMClient, inventory: Inventory, jobs: ASRJobTable, defaultPollSeconds: Double = 30) {
        self.client = client
        self.inventory = inventory
        self.jobs = jobs
        self.defaultPollSeconds = defaultPollSeconds
    }

    public var description: String { "asr" }

    public var now: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    public func send(_ request: StepRequest) throws(ProviderError) {
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
        do {
            if let job = try journaledOrRunningJob(run: request.run, step: step.id, request: asr) {
                return follow(job: job, run: request.run, step: step.id, pollSeconds: defaultPollSeconds)
            }
            try jobs.aboutToSend(run: request.run, step: step.id, item: asr.item, action: asr.action, at: Date())
        } catch let error as ARMError {
            return reply(failure(step.id, error))
        } catch {
            throw .exited("cannot journal the step's Site Recovery job: \(error)")
        }
        CrashPoint.beforeSend.reached()
        let accepted: ARMResponse
        do {
            accepted = try client.post(asr.path, body: asr.body)
        } catch {
            // Refused (4xx) or throttled to the end: nothing started in Azure.
            // No answer at all: it may have started; the send stays
            // journaled and a resume reconciles it.
            if case .unreachable = error {} else { try? jobs.notSent(run: request.run, step: step.id) }
            return reply(failure(step.id, error))
        }
        CrashPoint.afterSend.reached()
        guard let job = ASRProvider.jobID(of: accepted, vault: asr.vault) else {
            return reply(StepReply(step: step.id, error: "ARM accepted \(asr.action) on \(asr.itemName) (HTTP \(accepted.status)) without naming its job", code: .RP806))
        }
        do { try jobs.jobAccepted(run: request.run, step: step.id, job: job) } catch {
            throw .exited("cannot journal Site Recovery job \(job): \(error)")
        }
        CrashPoint.afterJournal.reached()
        let pollSeconds = accepted.header("Retry-After").flatMap(Double.init) ?? defaultPollSeconds
        follow(job: job, run: request.run, step: step.id, pollSeconds: pollSeconds)
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

    /// Polls the job on a thread of its own until it ends, then replies.
    private func follow(job: String, run: String, step: String, pollSeconds: Double) {
        let thread = Thread { [self] in
            let (outcome, endState) = poll(job: job, step: step, pollSeconds: pollSeconds)
            // A job that failed is sent anew by a resume; one that succeeded never is.
            if let endState { try? jobs.jobEnded(run: run, step: step, state: endState) }
            reply(outcome)
        }
        thread.name = "rpl asr job \(step)"
        condition.lock()
        pollers.append(thread)
        condition.unlock()
        thread.start()
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
