import Foundation
import RPLAzure
import RPLSource

/// One GET through ARM: the body of a 2xx answer, or an error that says
/// what went wrong (the HTTP status, ARM's error code and message). A path
/// is `/subscriptions/...`, or an absolute `nextLink` used as ARM gave it.
public protocol ARMReading {
    /// The URL the path is requested at, for messages.
    func url(_ path: String) -> String
    func get(_ path: String) throws -> JSONValue
}

/// The ARM client of RPLAzure: credentials, api-version, retries.
extension ARMClient: ARMReading {}

/// Reads a vault live through ARM, the lists the offline import reads from
/// files: the vault, its fabrics and their protection containers, container
/// mappings and vCenters, the vault-wide protected items, policies and
/// recovery plans, each list followed through `nextLink`.
public enum VaultPull {
    /// Every resource of the vault, with the URL it came from as its source.
    public static func read(vault vaultID: String, reader: some ARMReading) throws(ARMResponseError) -> [ARMResource] {
        let vault = vaultID.hasSuffix("/") ? String(vaultID.dropLast()) : vaultID

        var resources = try fetch(vault, reader)
        let fabrics = try list("\(vault)/replicationFabrics", reader)
        resources += fabrics
        for fabric in fabrics {
            guard let fabricID = fabric.id else { continue }
            let containers = try list("\(fabricID)/replicationProtectionContainers", reader)
            resources += containers
            for container in containers {
                guard let containerID = container.id else { continue }
                resources += try list("\(containerID)/replicationProtectionContainerMappings", reader)
            }
            resources += try list("\(fabricID)/replicationvCenters", reader)
        }
        for kind in ["replicationProtectedItems", "replicationPolicies", "replicationRecoveryPlans"] {
            resources += try list("\(vault)/\(kind)", reader)
        }
        return resources
    }

    /// A list, page by page: `nextLink` is followed as ARM gives it until it is absent or null.
    static func list(_ first: String, _ reader: some ARMReading) throws(ARMResponseError) -> [ARMResource] {
        var resources: [ARMResource] = []
        var next: String? = first
        var seen = Set<String>()
        while let path = next {
            let url = reader.url(path)
            guard seen.insert(url).inserted else {
                throw ARMResponseError(source: url, message: "nextLink points back to a page already read")
            }
            let body = try get(path, reader)
            guard body["value"]?.arrayValue != nil else {
                throw ARMResponseError(source: url, message: "expected a list ({\"value\": [...]}), found \(body.typeName)")
            }
            resources += try ARMResponses.resources(in: body, source: url)
            next = body["nextLink"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        return resources
    }

    static func fetch(_ path: String, _ reader: some ARMReading) throws(ARMResponseError) -> [ARMResource] {
        try ARMResponses.resources(in: get(path, reader), source: reader.url(path))
    }

    static func get(_ path: String, _ reader: some ARMReading) throws(ARMResponseError) -> JSONValue {
        do {
            return try reader.get(path)
        } catch let error as ARMResponseError {
            throw error
        } catch {
            throw ARMResponseError(source: reader.url(path), message: "\(error)")
        }
    }
}
