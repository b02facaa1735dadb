/// Why a pull from a vCenter stopped. Every case names the source (the
/// `/sdk` URL) and reads as a sentence for the user.
public enum VCenterError: Error, Sendable, Equatable, CustomStringConvertible {
    case connectionRefused(url: String, detail: String)
    case hostNotFound(url: String, detail: String)
    case tlsNotVerified(url: String, detail: String)
    case timedOut(url: String, detail: String)
    case network(url: String, detail: String)
    case loginRefused(url: String, user: String, detail: String)
    case fault(url: String, method: String, detail: String)
    case httpStatus(url: String, method: String, status: Int)
    case unreadableAnswer(url: String, method: String, detail: String)

    public var description: String {
        switch self {
        case let .connectionRefused(url, detail):
            "cannot connect to the vCenter at \(url): connection refused (\(detail))"
        case let .hostNotFound(url, detail):
            "cannot connect to the vCenter at \(url): host not found (\(detail))"
        case let .tlsNotVerified(url, detail):
            "the vCenter at \(url) presented a TLS certificate that does not verify (\(detail)); "
                + "if you trust this vCenter, pull again with --insecure"
        case let .timedOut(url, detail):
            "the vCenter at \(url) did not answer in time (\(detail))"
        case let .network(url, detail):
            "cannot talk to the vCenter at \(url): \(detail)"
        case let .loginRefused(url, user, detail):
            "the vCenter at \(url) refused the login of '\(user)': \(detail)"
        case let .fault(url, method, detail):
            "the vCenter at \(url) answered \(method) with a SOAP fault: \(detail)"
        case let .httpStatus(url, method, status):
            "the vCenter at \(url) answered \(method) with HTTP status \(status) and no SOAP answer"
        case let .unreadableAnswer(url, method, detail):
            "the vCenter at \(url) answered \(method) with something rpl cannot read: \(detail)"
        }
    }
}
