import Foundation
import RPLSource

/// One ARM resource of a saved or fetched response: a single resource, or
/// one element of a list's `value`.
public struct ARMResource: Sendable {
    /// The file (or URL) it came from.
    public var source: String
    /// Where in that response: `$` or `$.value[3]`.
    public var path: String
    public var json: JSONValue
    /// `type`, lowercased: ARM answers its names in any case.
    public var type: String { json["type"]?.stringValue?.lowercased() ?? "" }
    public var id: String? { json["id"]?.stringValue }
}

/// A response rpl cannot use at all: nothing is written (RP962).
public struct ARMResponseError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public var description: String { "\(source): \(message)" }

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }
}

/// Saved ARM responses (what `az rest` or a browser writes), read into resources.
public enum ARMResponses {
    /// The resources of one response body: `{"value": [...], "nextLink": ...}` or a single resource.
    public static func resources(in body: JSONValue, source: String) throws(ARMResponseError) -> [ARMResource] {
        if let error = body["error"], body["type"] == nil {
            let code = error["code"]?.stringValue ?? "?"
            let message = error["message"]?.stringValue ?? error.serialized()
            throw ARMResponseError(source: source, message: "an ARM error answer, not a resource: \(code): \(message)")
        }
        if case .array(let items)? = body["value"] {
            return items.enumerated().map { ARMResource(source: source, path: "$.value[\($0.offset)]", json: $0.element) }
        }
        guard case .object = body, body["type"]?.stringValue != nil else {
            throw ARMResponseError(source: source, message: "neither an ARM resource (no \"type\") nor a list of them (no \"value\")")
        }
        return [ARMResource(source: source, path: "$", json: body)]
    }

    /// The parsed body of one file; a truncated or malformed file is an error naming it.
    public static func parse(_ bytes: [UInt8], source: String) throws(ARMResponseError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw ARMResponseError(source: source, message: "not valid JSON (truncated?): \(error)")
        }
    }

    /// The resources of one saved file: its bytes parsed, then read as a response body.
    public static func resources(inFile bytes: [UInt8], source: String) throws(ARMResponseError) -> [ARMResource] {
        try resources(in: try parse(bytes, source: source), source: source)
    }

    /// Every regular file of a folder (hidden ones aside), in name order, whatever its name.
    public static func readFolder(_ directory: String) throws(ARMResponseError) -> [ARMResource] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ARMResponseError(source: directory, message: "not a folder of saved ARM responses")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw ARMResponseError(source: directory, message: "cannot list the folder: \(error.localizedDescription)")
        }
        var resources: [ARMResource] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ARMResponseError(source: path, message: "cannot read the file")
            }
            resources += try Self.resources(inFile: Array(data), source: path)
        }
        if resources.isEmpty { throw ARMResponseError(source: directory, message: "no ARM resources in the folder") }
        return resources
    }
}
