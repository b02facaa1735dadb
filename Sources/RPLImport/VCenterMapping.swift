import Foundation
import RPLInventory

/// The property paths rpl reads, per managed object type: each is a fact
/// of docs/inventory.md ("Pulling from a vCenter").
public enum VCenterProperties {
    public static let virtualMachine = [
        "name", "config.instanceUuid", "config.uuid", "config.template", "config.extraConfig", "config.hardware.device",
        "runtime.host", "runtime.powerState", "datastore", "snapshot", "guest.toolsStatus", "guest.toolsRunningStatus",
    ]
    public static let hostSystem = ["name", "summary.config.product"]
    public static let datastore = ["summary", "host", "info"]
    public static let licenseManager = ["licenses"]

    public static var all: [(type: String, paths: [String])] {
        [("VirtualMachine", virtualMachine), ("HostSystem", hostSystem), ("Datastore", datastore)]
    }
}

/// From `RetrievePropertiesEx` objects to the source-neutral `PulledEstate`.
/// Pure: the unit tests feed it answers saved from vcsim.
public enum VCenterMapping {
    static let bytesPerGB: Int64 = 1 << 30

    public static func estate(source: String, vcenterName: String, about: ServiceContent,
                              objects: [ObjectContent]) -> PulledEstate {
        var hostNames: [ManagedObjectReference: String] = [:]
        var datastoreNames: [ManagedObjectReference: String] = [:]
        for object in objects {
            switch object.object.type {
            case "HostSystem": hostNames[object.object] = object.properties["name"]?.text ?? object.object.value
            case "Datastore": datastoreNames[object.object] = object.properties["summary"]?.child("name")?.text ?? object.object.value
            default: break
            }
        }
        let licences = objects.filter { $0.object.type == "LicenseManager" }
            .flatMap { $0.properties["licenses"]?.elementChildren ?? [] }
            .map { $0.child("editionKey")?.text ?? "" }

        var hosts: [ESXiHost] = []
        var datastores: [Datastore] = []
        var vms: [PulledVM] = []
        for object in objects {
            switch object.object.type {
            case "HostSystem":
                let version = object.properties["summary.config.product"]?.child("version")?.text
                hosts.append(ESXiHost(name: hostNames[object.object] ?? object.object.value, vcenter: vcenterName,
                                      edition: edition(licences: licences, hostVersion: version),
                                      version: version.flatMap { $0.isEmpty ? nil : $0 }))
            case "Datastore":
                datastores.append(datastore(object, hostNames: hostNames))
            case "VirtualMachine":
                if let vm = virtualMachine(object, hostNames: hostNames, datastoreNames: datastoreNames) { vms.append(vm) }
            default: break
            }
        }
        let vcenter = VCenter(name: vcenterName, version: about.version.isEmpty ? nil : about.version,
                              apiType: about.apiType.isEmpty ? nil : about.apiType)
        return PulledEstate(source: source, vcenter: vcenter, hosts: hosts, datastores: datastores, vms: vms)
    }

    /// The licences a vCenter holds say what its hosts run under: an ESXi
    /// edition key other than the free one ("esxBasic") means licensed; only
    /// the free one means the free hypervisor (5.5 or 6+, by the host's
    /// version); only the evaluation key ("eval") means evaluation. No
    /// licence at all reads as licensed: nothing says otherwise.
    public static func edition(licences: [String], hostVersion: String?) -> HostEdition {
        let keys = licences.map { $0.lowercased() }
        let free = keys.filter { $0.hasPrefix("esxbasic") }
        let paid = keys.filter { $0.hasPrefix("esx") && !$0.hasPrefix("esxbasic") }
        if !paid.isEmpty { return .licensed }
        if !free.isEmpty { return (hostVersion ?? "").hasPrefix("5.") ? .esxi55Free : .vsphere6HypervisorFree }
        if keys.contains("eval") { return .evaluation }
        return .licensed
    }

    static func datastore(_ object: ObjectContent, hostNames: [ManagedObjectReference: String]) -> Datastore {
        let summary = object.properties["summary"]
        let name = summary?.child("name")?.text ?? object.object.value
        let capacity = Int64(summary?.child("capacity")?.text ?? "")
        let free = Int64(summary?.child("freeSpace")?.text ?? "") ?? 0
        var mounts: [(host: String, access: MountAccess)] = []
        for mount in object.properties["host"]?.elementChildren ?? [] {
            guard let reference = mount.child("key")?.reference, let host = hostNames[reference] else { continue }
            let info = mount.child("mountInfo")
            // An unmounted datastore is no use to the host; an absent flag means mounted.
            if info?.child("mounted")?.text == "false" { continue }
            let access: MountAccess = info?.child("accessMode")?.text == "readOnly" ? .readOnly : .readWrite
            mounts.append((host, access))
        }
        return Datastore(name: name, type: datastoreType(summary?.child("type")?.text ?? ""),
                         freeGB: Int(free / bytesPerGB), capacityGB: capacity.map { Int($0 / bytesPerGB) }, mounts: mounts,
                         uuid: datastoreUUID(info: object.properties["info"], url: summary?.child("url")?.text))
    }

    /// A VMFS datastore's volume UUID (`info.vmfs.uuid`), else the id of its
    /// `ds:///vmfs/volumes/ID/` URL (NFS and vSAN datastores have one too);
    /// nil when neither says (vcsim gives its datastores a file path as URL).
    static func datastoreUUID(info: SOAPElement?, url: String?) -> String? {
        if let uuid = info?.child("vmfs")?.child("uuid")?.text, !uuid.isEmpty { return uuid }
        let prefix = "ds:///vmfs/volumes/"
        guard let url, url.hasPrefix(prefix) else { return nil }
        let id = url.dropFirst(prefix.count).prefix { $0 != "/" }
        return id.isEmpty ? nil : String(id)
    }

    public static func datastoreType(_ vsphere: String) -> DatastoreType {
        switch vsphere.uppercased() {
        case "VMFS": .vmfs
        case "NFS", "NFS41": .nfs
        case "VSAN": .vsan
        default: .other
        }
    }

    static func virtualMachine(_ object: ObjectContent, hostNames: [ManagedObjectReference: String],
                               datastoreNames: [ManagedObjectReference: String]) -> PulledVM? {
        let p = object.properties
        if p["config.template"]?.text == "true" { return nil }
        let enableUUID = (p["config.extraConfig"]?.elementChildren ?? []).contains { option in
            option.child("key")?.text.lowercased() == "disk.enableuuid" && option.child("value")?.text.lowercased() == "true"
        }
        let tools: Bool? = {
            let status = p["guest.toolsStatus"]?.text
            let running = p["guest.toolsRunningStatus"]?.text
            if status == nil, running == nil { return nil }
            return running == "guestToolsRunning" || status == "toolsOk" || status == "toolsOld"
        }()
        let power = p["runtime.powerState"]?.text
        return PulledVM(
            name: p["name"]?.text ?? object.object.value,
            identity: VMIdentity(instanceUUID: nonEmpty(p["config.instanceUuid"]?.text), biosUUID: nonEmpty(p["config.uuid"]?.text)),
            host: p["runtime.host"]?.reference.flatMap { hostNames[$0] },
            datastores: (p["datastore"]?.elementChildren ?? []).compactMap { $0.reference.flatMap { datastoreNames[$0] } },
            snapshots: p["snapshot"].map { snapshotCount($0.children("rootSnapshotList")) } ?? 0,
            poweredOn: power.map { $0 == "poweredOn" },
            vmwareTools: tools, diskEnableUUID: enableUUID,
            scsiController: scsiController(p["config.hardware.device"]?.elementChildren ?? []))
    }

    /// Every snapshot in the tree: the roots and, under each, its children.
    static func snapshotCount(_ trees: [SOAPElement]) -> Int {
        trees.reduce(0) { $0 + 1 + snapshotCount($1.children("childSnapshotList")) }
    }

    /// The first SCSI controller, by its xsi type; BusLogic and others are none rpl knows.
    static func scsiController(_ devices: [SOAPElement]) -> SCSIController? {
        for device in devices {
            switch device.xsiType {
            case "ParaVirtualSCSIController": return .paravirtual
            case "VirtualLsiLogicController", "VirtualLsiLogicSASController": return .lsiLogic
            default: continue
            }
        }
        return nil
    }

    private static func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
}

