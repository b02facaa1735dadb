import Foundation
import RPLInventory
import RPLSource
import Testing
@testable import RPLCheck

/// A clean estate and a plan over it that breaks no rule. A test changes one
/// fact (a record, or a step) and looks for the one finding that change causes.
struct Estate {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// A step as written: names, resolved against the inventory at check time
    /// so that changes to the records show in the facts. "auto" is `using auto`,
    /// a name the inventory lacks is `.unresolved`, a nil datastore is "not given".
    struct Step {
        var machine: String
        var masterTarget = "mt-lin"
        var processServer = "ps-azure"
        var datastore: String? = "ds1"
        var retention: String?
    }

    var inventory: Inventory
    var reprotects: [Step]
    var failbacks: [(machine: String, reprotectsBefore: Int?)]
    var isRecoveryPlan = true

    /// Linux machines web, api and the replication group erp (db01, db02)
    /// on mt-lin; Windows sql01 on mt-win; Windows fin01 already reprotected.
    static func baseline() -> Estate {
        let booted = now.addingTimeInterval(-2 * 3600)
        func linux(_ name: String, group: String? = nil) -> Machine {
            Machine(name: name, os: .linux, osVersion: "Ubuntu 22.04", bootedInAzureAt: booted, replicationGroup: group,
                    disks: 2, diskGB: 120, diskUUIDs: ["uuid-\(name)-0", "uuid-\(name)-1"],
                    onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"]))
        }
        func windows(_ name: String, state: MachineState = .failedOver) -> Machine {
            Machine(name: name, os: .windows, osVersion: "Windows Server 2019", state: state, bootedInAzureAt: booted,
                    disks: 3, diskUUIDs: ["uuid-\(name)-0"], onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"]))
        }
        let inventory = Inventory(
            network: Network(link: .siteToSiteVPN),
            configurationServer: ConfigurationServer(name: "cs01"),
            vcenters: [VCenter(name: "vc01")],
            hosts: [ESXiHost(name: "esx01", vcenter: "vc01"), ESXiHost(name: "esx02", vcenter: "vc01")],
            datastores: [
                Datastore(name: "ds1", freeGB: 2048, mounts: [("esx01", .readWrite), ("esx02", .readWrite)]),
                Datastore(name: "ds2", freeGB: 1024, mounts: [("esx01", .readWrite)]),
            ],
            masterTargets: [
                MasterTarget(name: "mt-lin", os: .linux, host: "esx01", diskUUIDs: ["uuid-mt-lin-0"], attachedDisks: 1,
                             volumes: [Volume(path: "/", filesystem: "ext4", capacityGB: 50, cache: true, purpose: .none),
                                       Volume(path: "/mnt/retention", filesystem: "ext4", capacityGB: 500)]),
                MasterTarget(name: "mt-lin2", os: .linux, host: "esx02", diskUUIDs: ["uuid-mt-lin2-0"], attachedDisks: 1,
                             volumes: [Volume(path: "/mnt/retention", filesystem: "xfs", capacityGB: 500)]),
                MasterTarget(name: "mt-win", os: .windows, host: "esx01", diskUUIDs: ["uuid-mt-win-0"], attachedDisks: 1,
                             volumes: [Volume(path: "C:", filesystem: "NTFS", capacityGB: 80, cache: true, purpose: .none),
                                       Volume(path: "R:", filesystem: "NTFS", capacityGB: 500),
                                       Volume(path: "S:", filesystem: "NTFS", capacityGB: 500)]),
            ],
            processServers: [ProcessServer(name: "ps-azure", site: .azure)],
            machines: [linux("web"), linux("api"), linux("db01", group: "erp"), linux("db02", group: "erp"),
                       windows("sql01"), windows("fin01", state: .reprotected)])
        return Estate(
            inventory: inventory,
            reprotects: [Step(machine: "web"), Step(machine: "api"), Step(machine: "db01"), Step(machine: "db02"),
                         Step(machine: "sql01", masterTarget: "mt-win", retention: "R:")],
            failbacks: [("fin01", nil), ("sql01", nil)])
    }

    // MARK: changing one fact

    mutating func machine(_ name: String, _ change: (inout Machine) -> Void) {
        let position = inventory.machineIndex[name]!
        inventory.update { change(&$0.machines[position]) }
    }

    mutating func masterTarget(_ name: String, _ change: (inout MasterTarget) -> Void) {
        let position = inventory.masterTargetIndex[name]!
        inventory.update { change(&$0.masterTargets[position]) }
    }

    mutating func datastore(_ name: String, _ change: (inout Datastore) -> Void) {
        let position = inventory.datastoreIndex[name]!
        inventory.update { change(&$0.datastores[position]) }
    }

    mutating func host(_ name: String, _ change: (inout ESXiHost) -> Void) {
        let position = inventory.hostIndex[name]!
        inventory.update { change(&$0.hosts[position]) }
    }

    mutating func vcenter(_ name: String, _ change: (inout VCenter) -> Void) {
        let position = inventory.vcenterIndex[name]!
        inventory.update { change(&$0.vcenters[position]) }
    }

    mutating func processServer(_ name: String, _ change: (inout ProcessServer) -> Void) {
        let position = inventory.processServerIndex[name]!
        inventory.update { change(&$0.processServers[position]) }
    }

    mutating func step(_ machine: String, _ change: (inout Step) -> Void) {
        change(&reprotects[reprotects.firstIndex { $0.machine == machine }!])
    }

    mutating func add(_ records: (inout Inventory.Records) -> Void) {
        inventory.update(records)
    }

    func index(of machine: String) -> Int { reprotects.firstIndex { $0.machine == machine }! }

    // MARK: checking

    var facts: PlanFacts {
        func resolve<T>(_ name: String?, _ lookup: (String) -> T?) -> Resolved<T> {
            guard let name, name != "auto" else { return .auto }
            return lookup(name).map(Resolved.record) ?? .unresolved
        }
        let reprotects = reprotects.map { step in
            PlannedReprotect(machine: inventory.machine(step.machine)!,
                             masterTarget: resolve(step.masterTarget, inventory.masterTarget),
                             processServer: resolve(step.processServer, inventory.processServer),
                             datastore: resolve(step.datastore, inventory.datastore),
                             retention: step.retention)
        }
        let failbacks = failbacks.map { PlannedFailback(machine: inventory.machine($0.machine)!, reprotectsBefore: $0.reprotectsBefore) }
        return PlanFacts(reprotects: reprotects, failbacks: failbacks, isRecoveryPlan: isRecoveryPlan)
    }

    func findings(now: Date = Estate.now) -> [Finding] {
        Prerequisites.check(facts, inventory: inventory, now: now)
    }

    func findings(_ code: DiagnosticCode, now: Date = Estate.now) -> [Finding] {
        findings(now: now).filter { $0.code == code }
    }
}

extension Finding {
    /// For failure messages: what was found, where.
    var summary: String { "\(code.rawValue) \(subject): \(message)" }
}

/// The clean estate has no `code`; the broken one has exactly one, at `subject`,
/// naming every entity in `mentions`, with a help line taken from the reprotect guide.
@discardableResult
func expectOnly(_ code: DiagnosticCode, clean: Estate, broken: Estate, at subject: Subject, mentions: [String] = [],
                help: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Finding? {
    #expect(clean.findings(code).isEmpty, "the clean estate already has \(code.rawValue)", sourceLocation: sourceLocation)
    let found = broken.findings(code)
    #expect(found.map(\.subject) == [subject], "\(found.map(\.summary))", sourceLocation: sourceLocation)
    guard let finding = found.first else { return nil }
    for name in mentions {
        #expect(finding.message.contains("'\(name)'"), "\(finding.message) should name '\(name)'", sourceLocation: sourceLocation)
    }
    if let help {
        #expect(finding.help.contains { $0.contains(help) }, "\(finding.help) should say \(help)", sourceLocation: sourceLocation)
    }
    #expect(finding.severity == code.defaultSeverity, sourceLocation: sourceLocation)
    return finding
}
