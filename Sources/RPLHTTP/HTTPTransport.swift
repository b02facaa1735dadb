import CCurlShim
import Foundation

/// One HTTP request and its answer: the seam between rpl's clients (the
/// vCenter's SOAP, Azure Resource Manager) and the network, so that tests
/// can replay saved answers.
public protocol HTTPTransport: Sendable {
    /// `method` is "GET" or "POST"; a GET's `body` is not sent.
    func send(_ method: String, _ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer
}

extension HTTPTransport {
    public func post(_ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
        try send("POST", url, body: body, headers: headers)
    }

    public func get(_ url: String, headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
        try send("GET", url, body: [], headers: headers)
    }
}

public struct HTTPAnswer: Sendable {
    public var status: Int
    /// Header lines as received, "Name: value".
    public var headers: [String]
    public var body: [UInt8]

    public init(status: Int, headers: [String] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header called `name` (case-insensitive), trimmed.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        for line in headers {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == wanted else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// The value of a `Set-Cookie` header for `name`, up to its first `;`.
    public func cookie(_ name: String) -> String? {
        for line in headers {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "set-cookie" else { continue }
            let pair = line[line.index(after: colon)...].split(separator: ";", maxSplits: 1).first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}

/// Why a request got no HTTP answer at all.
public enum HTTPFailure: Error, Sendable, Equatable {
    case connectionRefused(String)
    case hostNotFound(String)
    case tlsNotVerified(String)
    case timedOut(String)
    case other(String)
}

/// HTTP through libcurl.
///
/// Why not URLSession: on Linux, FoundationNetworking's URLSession is built
/// on libcurl too, but never hands a server-trust challenge to its delegate
/// (its `_EasyHandle` sets the CA bundle and nothing else; the only switch
/// that turns verification off is an environment variable read on Android).
/// So URLSession cannot accept a vCenter's self-signed certificate, which
/// `--insecure` exists for. AsyncHTTPClient could, at the price of SwiftNIO
/// and BoringSSL in the build; calling the libcurl that URLSession already
/// loads costs one small C file (`CCurlShim`) and keeps TLS verification,
/// CA bundle and proxies the system's.
public struct CurlTransport: HTTPTransport {
    public var insecure: Bool
    public var timeoutSeconds: Int

    public init(insecure: Bool, timeoutSeconds: Int = 120) {
        self.insecure = insecure
        self.timeoutSeconds = timeoutSeconds
    }

    public func send(_ method: String, _ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
        var response = rpl_http_response()
        let cHeaders = headers.map { strdup($0) }
        defer { cHeaders.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = cHeaders.map { UnsafePointer($0) }
        let outcome = body.withUnsafeBufferPointer { bytes in
            pointers.withUnsafeBufferPointer { lines in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    rpl_http_request(method, url, chars.baseAddress, bytes.count, lines.baseAddress, Int32(lines.count),
                                  insecure ? 1 : 0, timeoutSeconds, &response)
                }
            }
        }
        defer { rpl_http_response_free(&response) }
        let message = withUnsafeBytes(of: response.error) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch outcome {
        case RPL_HTTP_ANSWERED: break
        case RPL_HTTP_CONNECTION_REFUSED: throw .connectionRefused(message)
        case RPL_HTTP_HOST_NOT_FOUND: throw .hostNotFound(message)
        case RPL_HTTP_TLS_NOT_VERIFIED: throw .tlsNotVerified(message)
        case RPL_HTTP_TIMED_OUT: throw .timedOut(message)
        default: throw .other(message)
        }
        let bodyBytes = response.body.map { Array(UnsafeRawBufferPointer(start: $0, count: response.body_length)) } ?? []
        let headerText = response.headers.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: response.headers_length), as: UTF8.self) } ?? ""
        // Only the final answer's headers: a 100 Continue or a proxy's
        // CONNECT answer comes first in the block, each ending in a blank line.
        let blocks = headerText.components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }
        let headerLines = (blocks.last ?? headerText).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).map(String.init)
        return HTTPAnswer(status: response.status, headers: headerLines, body: bodyBytes)
    }
}
