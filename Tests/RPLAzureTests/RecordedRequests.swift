import Foundation
import RPLSource
import Testing

/// The bodies the Azure PowerShell module sent to a live vault for the
/// classic cycle (Tests/Fixtures/asr-recorded-requests.json).
enum Recorded {
    static let file = StandIn.repositoryRoot.appendingPathComponent("Tests/Fixtures/asr-recorded-requests.json")

    static func request(_ operation: String) throws -> (uri: String, body: JSONValue) {
        let all = try JSONValue.parse(Array(Data(contentsOf: file)))
        let entry = try #require(all["requests"]?.arrayValue?.first { $0["operation"]?.stringValue == operation })
        return (try #require(entry["uri"]?.stringValue), try #require(entry["body"]))
    }

    /// The recorded item id: the path before the action.
    static func item(of uri: String) -> String {
        let path = uri.split(separator: "?")[0]
        return String(path[..<path.lastIndex(of: "/")!])
    }
}

/// Equal as JSON objects are: the same members with equal values, in any order.
func sameFields(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
    switch (a, b) {
    case let (.object(x)?, .object(y)?):
        x.count == y.count && x.allSatisfy { key, value in sameFields(value, y.first { $0.0 == key }?.1) }
    case let (.array(x)?, .array(y)?): x.count == y.count && zip(x, y).allSatisfy { sameFields($0, $1) }
    default: a == b
    }
}
