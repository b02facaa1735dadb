import Foundation
import RPLHTTP
import RPLInventory

/// A whole pull: connect, log in, read every VM, host and datastore through
/// one container view (paged), read the licences, log out.
public enum VCenterPull {
    public struct Outcome: Sendable {
        public var estate: PulledEstate
        /// How many answers the property reading took (1 + the continuations).
        public var pages: Int
    }

    /// The vCenter's name in the inventory: the host of its URL ("vc01.corp" of "https://vc01.corp/sdk").
    public static func vcenterName(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
        else { return nil }
        return host
    }

    public static func pull(url: String, user: String, password: String, transport: any HTTPTransport,
                            maxObjects: Int? = nil) throws(VCenterError) -> Outcome {
        let client = VSphereClient(url: url, transport: transport)
        let content = try client.retrieveServiceContent()
        try client.login(content, user: user, password: password)
        // Log out whatever happens next: a vCenter counts open sessions.
        defer { try? client.logout(content) }
        let view = try client.createContainerView(content, container: content.rootFolder,
                                                  types: ["VirtualMachine", "HostSystem", "Datastore"])
        var paths = VCenterProperties.all
        var direct: [ManagedObjectReference] = []
        if let licenseManager = content.licenseManager {
            paths.append(("LicenseManager", VCenterProperties.licenseManager))
            direct.append(licenseManager)
        }
        let (objects, pages) = try client.retrieveProperties(
            content, .init(paths: paths, view: view, direct: direct), maxObjects: maxObjects)
        try? client.destroyView(view)
        let estate = VCenterMapping.estate(source: url, vcenterName: vcenterName(of: url) ?? url, about: content, objects: objects)
        return Outcome(estate: estate, pages: pages)
    }
}
