import Foundation
import RPLASR
import RPLAzure
import RPLHTTP
import RPLInventory
import RPLRuntime
import RPLStore
import Testing

/// A transport that loses the connection for the first `drops` job polls,
/// as a VPN that goes down while a failover runs.
final class DroppingTransport: HTTPTransport, @unchecked Sendable {
    private let inner = CurlTransport(insecure: false)
    private let lock = NSLock()
    private var drops: Int
    init(drops: Int) { self.drops = drops }

    func send(_ method: String, _ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
        if method == "GET", url.contains("/replicationJobs/") {
            let drop = lock.withLock { () -> Bool in
                guard drops > 0 else { return false }
                drops -= 1
                return true
            }
            if drop { throw .connectionRefused("connection lost") }
        }
        return try inner.send(method, url, body: body, headers: headers)
    }
}

/// A transport whose POSTs take `seconds`, as ARM's throttling does.
final class SlowPostTransport: HTTPTransport, @unchecked Sendable {
    private let inner = CurlTransport(insecure: false)
    let seconds: Double
    init(seconds: Double) { self.seconds = seconds }

    func send(_ method: String, _ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
        if method == "POST" { Thread.sleep(forTimeInterval: seconds) }
        return try inner.send(method, url, body: body, headers: headers)
    }
}

@Suite(.enabled(if: StandIn.canRun, "needs python3 for the ARM stand-in"))
struct ASRProviderTests {
    let item = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/web"

    func provider(_ standIn: StandIn, transport: any HTTPTransport) throws -> (ASRProvider, ASRJobTable) {
        let inventory = Inventory(machines: [Machine(name: "web", os: .linux, armID: item)])
        let store = try InventoryStore(temporaryImporting: inventory)
        let jobs = ASRJobTable(store: store)
        let client = ARMClient(endpoint: standIn.url, tokens: FixedToken("standin-token"), transport: transport,
                               retry: RetryPolicy(maxAttempts: 2), sleep: { _ in })
        return (ASRProvider(client: client, inventory: inventory, jobs: jobs), jobs)
    }

    func failback(_ provider: ASRProvider) throws -> StepReply? {
        let step = ExecutableStep(id: "app/failback/web", action: .failback(machine: "web"), group: "app", dependsOn: [],
                                  estimatedStart: 0, estimatedSeconds: 60)
        try provider.send(StepRequest(run: "r1", step: step, attempt: 1))
        let deadline = provider.now + 20
        while provider.now < deadline {
            if let reply = try provider.nextReply(until: deadline, interrupt: nil) { return reply }
        }
        return nil
    }

    @Test func aConnectionLostWhileTheJobIsPolledKeepsPolling() throws {
        let standIn = try StandIn(["--polls-in-progress", "1"])
        // More drops than the client's own retries: the provider goes on polling.
        let (asr, jobs) = try provider(standIn, transport: DroppingTransport(drops: 5))
        let reply = try failback(asr)
        #expect(reply == StepReply(step: "app/failback/web"))
        #expect(try jobs.record(run: "r1", step: "app/failback/web")?.endState == "Succeeded")
        #expect(standIn.requests().filter { $0.method == "POST" }.count == 1)
    }

    @Test func aSlowSendDoesNotHoldTheExecutorUp() throws {
        let standIn = try StandIn(["--polls-in-progress", "1"])
        let (asr, _) = try provider(standIn, transport: SlowPostTransport(seconds: 1.5))
        let step = ExecutableStep(id: "app/failback/web", action: .failback(machine: "web"), group: "app", dependsOn: [],
                                  estimatedStart: 0, estimatedSeconds: 60)
        let before = asr.now
        try asr.send(StepRequest(run: "r1", step: step, attempt: 1))
        // The executor gets its thread back at once: its heartbeat goes on while ARM is slow.
        #expect(asr.now - before < 0.5)
        var reply: StepReply?
        while reply == nil, asr.now - before < 20 { reply = try asr.nextReply(until: asr.now + 1, interrupt: nil) }
        #expect(reply?.ok == true)
    }

    @Test func aJournaledJobIsFollowedNotSentAgain() throws {
        let standIn = try StandIn(["--polls-in-progress", "1"])
        let (asr, jobs) = try provider(standIn, transport: CurlTransport(insecure: false))
        #expect(try failback(asr)?.ok == true)
        // The step sent again under the same (run, step), as a resume does after a crash before its end was journaled.
        #expect(try failback(asr)?.ok == true)
        #expect(standIn.requests().filter { $0.method == "POST" }.count == 1)
        #expect(try jobs.record(run: "r1", step: "app/failback/web")?.job != nil)
    }

    @Test func aSendWithoutItsJobIsReconciledFromTheVaultsJobs() throws {
        // The item no longer shows the job as its current scenario: the vault's job list still does.
        let standIn = try StandIn(["--polls-in-progress", "3", "--hide-current-scenario"])
        let (asr, jobs) = try provider(standIn, transport: CurlTransport(insecure: false))
        let request = try #require(try ASRStepMapping.request(
            for: ExecutableStep(id: "app/failback/web", action: .failback(machine: "web"), group: nil, dependsOn: [], estimatedStart: 0, estimatedSeconds: 1),
            in: Inventory(machines: [Machine(name: "web", os: .linux, armID: item)])))
        // What a crash between the POST and its journaled job leaves: the send journaled, the job started in Azure.
        try jobs.aboutToSend(run: "r1", step: "app/failback/web", item: request.item, action: request.action, at: Date())
        let client = ARMClient(endpoint: standIn.url, tokens: FixedToken("standin-token"), transport: CurlTransport(insecure: false))
        _ = try client.post(request.path, body: request.body)
        #expect(try failback(asr)?.ok == true)
        #expect(standIn.requests().filter { $0.method == "POST" }.count == 1)
        #expect(asr.takeEvents().map(\.code) == [.RP809])
    }
}
