import RPLHTTP

/// Why an ARM request did not give the answer asked for. No case carries
/// the bearer token, or the header it went in: these messages reach the
/// terminal and the journal.
public enum ARMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ARM answered with an error status and, usually, its
    /// `{"error":{"code","message"}}` body (400, 403, 404, 409, or a 401 a
    /// fresh token did not cure).
    case service(status: Int, code: String, message: String, method: String, path: String)
    /// 429 or 5xx on every attempt the retry policy allows.
    case retriesExhausted(status: Int, attempts: Int, method: String, path: String)
    /// No HTTP answer (connection refused, timeout, TLS).
    case unreachable(HTTPFailure, method: String, path: String)
    /// None of the ways to find a token applies.
    case noCredentials
    /// A way to get a token applies and failed (the authority's or az's own words).
    case tokenUnavailable(source: String, reason: String)
    /// An answer that is not the JSON ARM sends.
    case unreadableAnswer(method: String, path: String, reason: String)

    public var description: String {
        switch self {
        case let .service(status, code, message, method, path):
            "ARM answered \(method) \(path) with HTTP \(status) \(code): \(message)"
        case let .retriesExhausted(status, attempts, method, path):
            "ARM answered \(method) \(path) with HTTP \(status) \(attempts) times in a row; giving up"
        case let .unreachable(failure, method, path):
            "no answer to \(method) \(path): \(failure.reason)"
        case .noCredentials:
            "no Azure credentials: set AZURE_ACCESS_TOKEN, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or sign in with `az login`"
        case let .tokenUnavailable(source, reason):
            "cannot get an Azure token from \(source): \(reason)"
        case let .unreadableAnswer(method, path, reason):
            "ARM's answer to \(method) \(path) cannot be read: \(reason)"
        }
    }

    /// ARM's error code, when ARM gave one.
    public var armCode: String? {
        if case let .service(_, code, _, _, _) = self { code } else { nil }
    }
}

extension HTTPFailure {
    /// libcurl's words for why there was no answer.
    public var reason: String {
        switch self {
        case let .connectionRefused(message), let .hostNotFound(message), let .tlsNotVerified(message),
             let .timedOut(message), let .other(message): message
        }
    }
}
