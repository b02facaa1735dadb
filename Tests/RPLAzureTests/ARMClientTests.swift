import Foundation
import RPLAzure
import RPLHTTP
import RPLSource
import Testing

/// Records the waits the client asks for instead of sleeping them.
final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [Double] = []
    var recorded: [Double] { lock.withLock { waits } }
    var sleeper: @Sendable (Double) -> Void { { [self] seconds in lock.withLock { waits.append(seconds) } } }
}

let vault = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1"
let item = "\(vault)/replicationFabrics/f1/replicationProtectionContainers/c1/replicationProtectedItems/web01"

@Suite(.enabled(if: StandIn.canRun, "needs python3 for the ARM stand-in"))
struct ARMClientTests {
    func client(_ standIn: StandIn, token: String = "standin-token", sleep: SleepLog = SleepLog()) -> ARMClient {
        ARMClient(endpoint: standIn.url, tokens: FixedToken(token), transport: CurlTransport(insecure: false, timeoutSeconds: 10),
                  sleep: sleep.sleeper)
    }

    /// A folder of saved resources, as `inventory pull --vault` tests feed the stand-in.
    func resources(fabrics count: Int) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("arm-resources-\(UUID().uuidString)")
        let folder = root.appendingPathComponent(String(vault.dropFirst()))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fabrics = (1...count).map { #"{"id": "\#(vault)/replicationFabrics/f\#($0)", "name": "f\#($0)"}"# }
        try Data(#"{"value": [\#(fabrics.joined(separator: ","))]}"#.utf8).write(to: folder.appendingPathComponent("replicationFabrics.json"))
        return root
    }

    @Test func aListIsFollowedThroughEveryNextLink() throws {
        let root = try resources(fabrics: 5)
        defer { try? FileManager.default.removeItem(at: root) }
        let standIn = try StandIn(["--resources", root.path, "--page-size", "2"])
        let fabrics = try client(standIn).list("\(vault)/replicationFabrics")
        #expect(fabrics.compactMap { $0["name"]?.stringValue } == ["f1", "f2", "f3", "f4", "f5"])
        #expect(standIn.requests().filter { $0.method == "GET" }.count == 3)
    }

    @Test func everyRequestCarriesTheOneApiVersion() throws {
        let standIn = try StandIn()
        let arm = client(standIn)
        #expect(arm.url("/x") == "\(standIn.url)/x?api-version=\(ARMClient.apiVersion)")
        // The stand-in answers 400 MissingApiVersionParameter without it, as ARM does.
        _ = try arm.get(item)
    }

    @Test func throttledRequestsAreRetriedAfterTheServersRetryAfter() throws {
        let standIn = try StandIn(["--throttle-every", "3", "--throttle-burst", "2", "--retry-after", "7"])
        let sleeps = SleepLog()
        let arm = client(standIn, sleep: sleeps)
        for _ in 0..<4 { _ = try arm.get(item) }
        let statuses = standIn.requests().map(\.status)
        #expect(statuses.filter { $0 == 429 }.count >= 2)
        #expect(statuses.filter { $0 == 200 }.count == 4)
        #expect(!sleeps.recorded.isEmpty && sleeps.recorded.allSatisfy { $0 == 7 })
    }

    @Test func aThrottlingThatNeverEndsGivesUpWithATypedError() throws {
        let standIn = try StandIn(["--throttle-every", "1", "--throttle-burst", "1"])
        let arm = ARMClient(endpoint: standIn.url, tokens: FixedToken("standin-token"), transport: CurlTransport(insecure: false),
                            retry: RetryPolicy(maxAttempts: 3), sleep: SleepLog().sleeper)
        #expect(throws: ARMError.retriesExhausted(status: 429, attempts: 3, method: "GET", path: item)) { try arm.get(item) }
    }

    @Test func anExpiredTokenIsRenewedOnceThroughTheServicePrincipal() throws {
        let standIn = try StandIn(["--token-uses", "2"])
        let tokens = ClientCredentialsToken(authorityHost: standIn.url, tenant: "standin-tenant", clientID: "standin-client",
                                            secret: "standin-secret", transport: CurlTransport(insecure: false))
        let arm = ARMClient(endpoint: standIn.url, tokens: tokens, transport: CurlTransport(insecure: false), sleep: SleepLog().sleeper)
        for _ in 0..<5 { _ = try arm.get(item) }
        let requests = standIn.requests()
        #expect(requests.filter { $0.path.hasSuffix("/oauth2/v2.0/token") }.count == 3)
        #expect(requests.filter { $0.status == 401 }.count == 2)
    }

    @Test func anExpiredFixedTokenIsA401ErrorThatDoesNotShowTheToken() throws {
        let secretToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.sensitive"
        let standIn = try StandIn(["--token", secretToken, "--token-uses", "1"])
        let arm = client(standIn, token: secretToken)
        _ = try arm.get(item)
        do {
            _ = try arm.get(item)
            Issue.record("a stale token was accepted")
        } catch {
            #expect(error.armCode == "ExpiredAuthenticationToken")
            #expect(!error.description.contains(secretToken))
            #expect(!"\(error)".contains(secretToken))
        }
    }

    @Test func aForbiddenScopeIsARMsErrorCodeAndMessage() throws {
        let standIn = try StandIn(["--forbid", "/replicationProtectedItems/web01"])
        do {
            _ = try client(standIn).post("\(item)/failoverCommit", body: nil)
            Issue.record("a forbidden action was accepted")
        } catch {
            guard case let .service(status, code, message, method, _) = error else { Issue.record("\(error)"); return }
            #expect(status == 403 && code == "AuthorizationFailed" && method == "POST")
            #expect(message.contains("does not have authorization"))
        }
    }

    @Test func aMissingResourceIsA404WithARMsCode() throws {
        let standIn = try StandIn()
        #expect(throws: ARMError.self) { try client(standIn).get("\(vault)/replicationPolicies/none") }
        do { _ = try client(standIn).get("\(vault)/replicationPolicies/none") } catch { #expect(error.armCode == "ResourceNotFound") }
    }

    @Test func anActionAnswers202AndItsJobEndsOverPolls() throws {
        let standIn = try StandIn(["--polls-in-progress", "2"])
        let arm = client(standIn)
        let accepted = try arm.post("\(item)/failoverCommit", body: nil)
        #expect(accepted.status == 202)
        #expect(accepted.header("Azure-AsyncOperation") != nil && accepted.header("Location") != nil)
        #expect(accepted.header("Retry-After") == "0")
        let job = try #require(accepted.header("x-ms-request-id"))
        let states = try (0..<4).map { _ in try arm.get(job)["properties"]?["state"]?.stringValue }
        #expect(states == ["NotStarted", "InProgress", "InProgress", "Succeeded"])
    }

    @Test(arguments: [
        ("an unknown field", #"{"properties":{"providerSpecificDetails":{"instanceType":"InMageRcmFailback","policyId":"p","processServerId":"ps","colour":"red"}}}"#),
        ("a missing required field", #"{"properties":{"providerSpecificDetails":{"instanceType":"InMageRcmFailback","policyId":"p"}}}"#),
        ("a wrong instanceType", #"{"properties":{"providerSpecificDetails":{"instanceType":"InMageRcmFailbacks","policyId":"p","processServerId":"ps"}}}"#),
    ])
    func theStandInRejectsABodyTheModelsDoNotAllow(_ what: String, _ body: String) throws {
        let standIn = try StandIn()
        let arm = client(standIn)
        #expect(throws: Never.self, "the same body without the fault") {
            _ = try arm.post("\(item)/reProtect", body: JSONValue.parse(
                #"{"properties":{"providerSpecificDetails":{"instanceType":"InMageRcmFailback","policyId":"p","processServerId":"ps"}}}"#))
        }
        do {
            _ = try arm.post("\(item)/reProtect", body: JSONValue.parse(body))
            Issue.record("\(what) was accepted")
        } catch let error as ARMError {
            #expect(error.armCode == "InvalidRequestContent", "\(what)")
        }
    }
}

/// A transport that refuses every connection and counts the tries.
final class RefusingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var tries = 0
    var count: Int { lock.withLock { tries } }
    func send(_ method: String, _ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
        lock.withLock { tries += 1 }
        throw .connectionRefused("connection refused")
    }
}

struct ARMClientRulesTests {
    @Test func aPostThatGotNoAnswerIsNotSentAgain() {
        let transport = RefusingTransport()
        let arm = ARMClient(endpoint: "http://127.0.0.1:9", tokens: FixedToken("t"), transport: transport, sleep: SleepLog().sleeper)
        #expect(throws: ARMError.self) { try arm.post("\(item)/reProtect", body: nil) }
        #expect(transport.count == 1)
    }

    @Test func aGetThatGotNoAnswerIsTriedAgain() {
        let transport = RefusingTransport()
        let arm = ARMClient(endpoint: "http://127.0.0.1:9", tokens: FixedToken("t"), transport: transport,
                            retry: RetryPolicy(maxAttempts: 4), sleep: SleepLog().sleeper)
        #expect(throws: ARMError.self) { try arm.get(item) }
        #expect(transport.count == 4)
    }

    @Test func theBackoffWithoutRetryAfterGrowsIsCappedAndJittered() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelaySeconds: 1, maxDelaySeconds: 8)
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, random: { $0.lowerBound }) == 0.5)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: { $0.upperBound }) == 4)
        #expect(policy.delay(afterAttempt: 9, retryAfter: nil, random: { $0.upperBound }) == 8)
        #expect(policy.delay(afterAttempt: 9, retryAfter: nil, random: { $0.lowerBound }) == 4)
        #expect(policy.delay(afterAttempt: 9, retryAfter: "12", random: { $0.lowerBound }) == 12)
        #expect(policy.delay(afterAttempt: 1, retryAfter: "100000", random: { $0.lowerBound }) == policy.maxRetryAfterSeconds)
    }

    @Test func credentialsAreFoundInTheOrderTheAzureToolsUse() throws {
        let transport = RefusingTransport()
        let all = ["AZURE_ACCESS_TOKEN": "tok", "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s", "PATH": ""]
        #expect(try AzureCredentials.resolve(environment: all, transport: transport) is FixedToken)
        var principal = all
        principal["AZURE_ACCESS_TOKEN"] = nil
        principal["AZURE_AUTHORITY_HOST"] = "https://login.example.us/"
        let found = try AzureCredentials.resolve(environment: principal, transport: transport)
        #expect(found is ClientCredentialsToken)
        // The authority's words, never the secret, when it cannot be reached.
        do { _ = try found.token(refresh: false) } catch {
            #expect(error.description.contains("https://login.example.us/t/oauth2/v2.0/token"))
            #expect(!error.description.contains("client_secret=s"))
        }
        #expect(throws: ARMError.noCredentials) { try AzureCredentials.resolve(environment: ["PATH": ""], transport: transport) }
    }

    @Test func theAzureCLIIsUsedWhenItIsOnPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("az-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let az = directory.appendingPathComponent("az")
        try Data("#!/bin/sh\necho '{\"accessToken\": \"from-cli\", \"expires_on\": 4102444800}'\n".utf8).write(to: az)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: az.path)
        let found = try AzureCredentials.resolve(environment: ["PATH": directory.path], transport: RefusingTransport())
        // A process another test forks while the script is being written
        // inherits its descriptor, and exec then fails with ETXTBSY until
        // that process execs in turn: try for a moment.
        var token: String?
        for _ in 0..<50 where token == nil {
            token = try? found.token(refresh: false)
            if token == nil { usleep(100_000) }
        }
        #expect(token == "from-cli")
    }
}
