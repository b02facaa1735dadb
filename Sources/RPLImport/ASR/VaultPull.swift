import Foundation
import RPLSource

/// One GET through ARM: the body of a 2xx answer, or an error that says
/// what went wrong (the HTTP status, ARM's error code and message).
public protocol ARMReading {
    func get(_ url: String) throws -> JSONValue
}

/// Reads a vault live through ARM, the lists the offline import reads from
/// files: the vault, its fabrics and their protection containers, container
/// mappings and vCenters, the vault-wide protected items, policies and
/// recovery plans, each list followed through `nextLink`.
public enum VaultPull {
    /// The api-version every request carries (the newest the models describe).
    public static let apiVersion = "2025-08-01"

    /// Every resource of the vault, with the URL it came from as its source.
    public static func read(vault vaultID: String, endpoint: String, reader: some ARMReading) throws(ARMResponseError) -> [ARMResource] {
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        func url(_ path: String) -> String { "\(base)\(path)?api-version=\(apiVersion)" }
        let vault = vaultID.hasSuffix("/") ? String(vaultID.dropLast()) : vaultID

        var resources = try fetch(url(vault), reader)
        let fabrics = try list(url("\(vault)/replicationFabrics"), reader)
        resources += fabrics
        for fabric in fabrics {
            guard let fabricID = fabric.id else { continue }
            let containers = try list(url("\(fabricID)/replicationProtectionContainers"), reader)
            resources += containers
            for container in containers {
                guard let containerID = container.id else { continue }
                resources += try list(url("\(containerID)/replicationProtectionContainerMappings"), reader)
            }
            resources += try list(url("\(fabricID)/replicationvCenters"), reader)
        }
        for kind in ["replicationProtectedItems", "replicationPolicies", "replicationRecoveryPlans"] {
            resources += try list(url("\(vault)/\(kind)"), reader)
        }
        return resources
    }

    /// A list, page by page: `nextLink` is followed as ARM gives it until it is absent or null.
    static func list(_ first: String, _ reader: some ARMReading) throws(ARMResponseError) -> [ARMResource] {
        var resources: [ARMResource] = []
        var next: String? = first
        var seen = Set<String>()
        while let url = next {
            guard seen.insert(url).inserted else {
                throw ARMResponseError(source: url, message: "nextLink points back to a page already read")
            }
            let body = try get(url, reader)
            guard body["value"]?.arrayValue != nil else {
                throw ARMResponseError(source: url, message: "expected a list ({\"value\": [...]}), found \(body.typeName)")
            }
            resources += try ARMResponses.resources(in: body, source: url)
            next = body["nextLink"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        return resources
    }

    static func fetch(_ url: String, _ reader: some ARMReading) throws(ARMResponseError) -> [ARMResource] {
        try ARMResponses.resources(in: get(url, reader), source: url)
    }

    static func get(_ url: String, _ reader: some ARMReading) throws(ARMResponseError) -> JSONValue {
        do {
            return try reader.get(url)
        } catch let error as ARMResponseError {
            throw error
        } catch {
            throw ARMResponseError(source: url, message: "\(error)")
        }
    }
}
