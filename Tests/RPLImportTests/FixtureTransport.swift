import Foundation
import RPLHTTP
@testable import RPLImport

/// Answers each SOAP call with the answer vcsim gave to it, saved under
/// Fixtures/ by method name; sets a session cookie at the first answer and
/// records what each request sent.
final class FixtureTransport: HTTPTransport, @unchecked Sendable {
    var overrides: [String: String] = [:]
    /// Changes to a saved answer, by method: what vcsim cannot simulate.
    var edits: [String: @Sendable (String) -> String] = [:]
    private(set) var requests: [(method: String, headers: [String], body: String)] = []
    private let lock = NSLock()

    init(overrides: [String: String] = [:]) { self.overrides = overrides }

    func send(_ verb: String, _ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
        let text = String(decoding: body, as: UTF8.self)
        let method = FixtureTransport.method(of: text)
        lock.lock()
        let first = requests.isEmpty
        requests.append((method, headers, text))
        lock.unlock()
        let name = overrides[method] ?? method
        let bytes = edits[method].map { Array($0(fixtureText(name)).utf8) } ?? fixture(name)
        let status = String(decoding: bytes, as: UTF8.self).contains("Fault>") ? 500 : 200
        return HTTPAnswer(status: status, headers: first ? ["Set-Cookie: vmware_soap_session=\"abc123\"; Path=/; HttpOnly"] : [],
                          body: bytes)
    }

    /// The first element inside the SOAP body.
    static func method(of envelope: String) -> String {
        guard let body = envelope.range(of: "<soapenv:Body><") else { return "" }
        return String(envelope[body.upperBound...].prefix { $0 != " " && $0 != ">" })
    }
}

func fixture(_ name: String) -> [UInt8] {
    let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "xml")!
    return Array(try! Data(contentsOf: url))
}

func fixtureText(_ name: String) -> String { String(decoding: fixture(name), as: UTF8.self) }

/// Serves the saved `RetrievePropertiesEx` answer in pages of the request's
/// `maxObjects`, with a token per remaining page, as a vCenter does (vcsim
/// 0.24 ignores `maxObjects` and has no `ContinueRetrievePropertiesEx`).
final class PagingTransport: HTTPTransport, @unchecked Sendable {
    let base = FixtureTransport()
    private var pageSize = Int.max
    private var remaining: [String] = []
    private(set) var continuations = 0

    func send(_ verb: String, _ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
        let text = String(decoding: body, as: UTF8.self)
        switch FixtureTransport.method(of: text) {
        case "RetrievePropertiesEx":
            if let range = text.range(of: "<maxObjects>"), let end = text.range(of: "</maxObjects>") {
                pageSize = Int(text[range.upperBound..<end.lowerBound]) ?? Int.max
            }
            remaining = PagingTransport.objects(in: fixtureText("RetrievePropertiesEx"))
            return page("RetrievePropertiesExResponse")
        case "ContinueRetrievePropertiesEx":
            continuations += 1
            return page("ContinueRetrievePropertiesExResponse")
        default:
            return try base.post(url, body: body, headers: headers)
        }
    }

    private func page(_ element: String) -> HTTPAnswer {
        let taken = remaining.prefix(pageSize)
        remaining.removeFirst(taken.count)
        let token = remaining.isEmpty ? "" : "<token>\(remaining.count)</token>"
        let xml = "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
            + "<soapenv:Body><\(element) xmlns=\"urn:vim25\"><returnval>\(token)\(taken.joined())</returnval></\(element)></soapenv:Body></soapenv:Envelope>"
        return HTTPAnswer(status: 200, body: Array(xml.utf8))
    }

    /// Each `<objects>…</objects>` of an answer, as text (they do not nest).
    static func objects(in answer: String) -> [String] {
        var result: [String] = []
        var rest = answer[...]
        while let start = rest.range(of: "<objects>"), let end = rest.range(of: "</objects>", range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }
}
