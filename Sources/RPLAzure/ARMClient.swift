import Foundation
import RPLHTTP
import RPLSource

/// One answer from ARM: status, headers, the JSON body if there was one.
public struct ARMResponse: Sendable {
    public var status: Int
    public var headers: [String]
    public var body: JSONValue?

    public func header(_ name: String) -> String? {
        HTTPAnswer(status: status, headers: headers, body: []).header(name)
    }
}

/// Requests to Azure Resource Manager: a bearer token on each, the one
/// api-version, retries after 429 and 5xx, one token renewal after a 401,
/// ARM's error body as a typed error.
public final class ARMClient: @unchecked Sendable {
    /// The Site Recovery API version rpl speaks: the one whose models the
    /// request bodies are written (and tested) against.
    public static let apiVersion = "2025-08-01"
    public static let defaultEndpoint = "https://management.azure.com"

    public let endpoint: String
    private let tokens: any TokenSource
    private let transport: any HTTPTransport
    private let retry: RetryPolicy
    private let sleep: @Sendable (Double) -> Void

    public init(endpoint: String = ARMClient.defaultEndpoint, tokens: any TokenSource, transport: any HTTPTransport,
                retry: RetryPolicy = .standard, sleep: @escaping @Sendable (Double) -> Void = ARMClient.sleep) {
        var trimmed = endpoint
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.endpoint = trimmed
        self.tokens = tokens
        self.transport = transport
        self.retry = retry
        self.sleep = sleep
    }

    public static let sleep: @Sendable (Double) -> Void = { seconds in
        if seconds > 0 { usleep(useconds_t(min(seconds, 4000) * 1_000_000)) }
    }

    /// The URL of `path` (`/subscriptions/...`) with the api-version; an
    /// absolute URL (a `nextLink`) is used as ARM gave it.
    public func url(_ path: String) -> String {
        if path.hasPrefix("https://") || path.hasPrefix("http://") { return path }
        let separator = path.contains("?") ? "&" : "?"
        return "\(endpoint)\(path)\(separator)api-version=\(ARMClient.apiVersion)"
    }

    public func get(_ path: String) throws(ARMError) -> JSONValue {
        let response = try send("GET", path, body: nil)
        guard let body = response.body else { throw .unreadableAnswer(method: "GET", path: path, reason: "an empty body") }
        return body
    }

    /// An action: its answer is usually a 202 whose headers name the operation.
    public func post(_ path: String, body: JSONValue?) throws(ARMError) -> ARMResponse {
        try send("POST", path, body: body)
    }

    /// Every element of a list, following `nextLink` to the last page.
    public func list(_ path: String) throws(ARMError) -> [JSONValue] {
        var elements: [JSONValue] = []
        var next: String? = path
        var pages = 0
        while let page = next {
            pages += 1
            guard pages <= 10_000 else { throw .unreadableAnswer(method: "GET", path: path, reason: "more than 10,000 pages") }
            let body = try get(page)
            elements += body["value"]?.arrayValue ?? []
            next = body["nextLink"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        return elements
    }

    /// Sends with the retry rules. A POST that got no answer at all is not
    /// sent again: it may have reached ARM, and the caller reconciles
    /// before anything is sent twice. A GET is.
    public func send(_ method: String, _ path: String, body: JSONValue?) throws(ARMError) -> ARMResponse {
        let bytes = body.map { Array($0.serialized().utf8) } ?? []
        var attempt = 0
        var renewedToken = false
        var refresh = false
        while true {
            attempt += 1
            let token = try tokens.token(refresh: refresh)
            refresh = false
            var headers = ["Authorization: Bearer \(token)", "Accept: application/json"]
            if method != "GET" { headers.append("Content-Type: application/json") }
            let answer: HTTPAnswer
            do {
                answer = try transport.send(method, url(path), body: bytes, headers: headers)
            } catch {
                guard method == "GET", attempt < retry.maxAttempts else { throw .unreachable(error, method: method, path: path) }
                sleep(retry.delay(afterAttempt: attempt, retryAfter: nil))
                continue
            }
            let status = answer.status
            if status == 401, !renewedToken {
                renewedToken = true
                refresh = true
                attempt -= 1
                continue
            }
            if status == 429 || (500...599).contains(status) {
                guard attempt < retry.maxAttempts else {
                    throw .retriesExhausted(status: status, attempts: attempt, method: method, path: path)
                }
                sleep(retry.delay(afterAttempt: attempt, retryAfter: answer.header("Retry-After")))
                continue
            }
            let json: JSONValue?
            if answer.body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
                json = nil
            } else {
                do { json = try JSONValue.parse(answer.body) } catch {
                    if (200...299).contains(status) { throw .unreadableAnswer(method: method, path: path, reason: "\(error)") }
                    json = nil
                }
            }
            guard (200...299).contains(status) else {
                let error = json?["error"]
                throw .service(status: status, code: error?["code"]?.stringValue ?? "HTTP\(status)",
                               message: error?["message"]?.stringValue ?? ARMClient.statusText(status),
                               method: method, path: path)
            }
            return ARMResponse(status: status, headers: answer.headers, body: json)
        }
    }

    static func statusText(_ status: Int) -> String {
        switch status {
        case 400: "bad request"
        case 401: "the token was refused"
        case 403: "forbidden"
        case 404: "not found"
        case 409: "conflict"
        default: "HTTP \(status)"
        }
    }
}
