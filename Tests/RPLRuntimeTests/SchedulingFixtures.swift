import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource

/// Plans built by hand, the way the evaluator would build them, and a small
/// estate to schedule them on.
enum Fixture {
    /// One line per step, so that each step has its own span.
    static let file = SourceFile(name: "plan.rpl", text: (1...400).map { "step \($0)" }.joined(separator: "\n"))

    static func span(_ line: Int) -> Span {
        let start = Int(file.lineStarts[line - 1])
        return Span(start, start + "step \(line)".utf8.count)
    }

    static func reprotect(_ machine: String, group: String? = nil, using target: String? = nil, ps: String = "ps-azure",
                          datastore: String? = "ds1", retention: String? = nil, dependsOn: [String] = [], line: Int = 1) -> PlanStep {
        PlanStep(id: "\(group ?? "plan")/reprotect/\(machine)",
                 action: .reprotect(ReprotectAction(machine: machine, masterTarget: target, processServer: ps,
                                                    datastore: datastore, retention: retention)),
                 group: group, dependsOn: dependsOn, span: span(line))
    }

    static func failback(_ machine: String, group: String? = nil, dependsOn: [String], line: Int = 1) -> PlanStep {
        PlanStep(id: "\(group ?? "plan")/failback/\(machine)", action: .failback(machine: machine), group: group,
                 dependsOn: dependsOn, span: span(line))
    }

    static func plan(_ groups: [(name: String, after: [String])], _ steps: [PlanStep], name: String = "test") -> EvaluatedPlan {
        EvaluatedPlan(name: name, version: 1, file: file,
                      groups: groups.enumerated().map { PlanGroup(name: $1.name, after: $1.after, span: span($0 + 1)) },
                      steps: steps)
    }

    static func linuxTarget(_ name: String, host: String = "esx01", attachedDisks: Int = 0,
                            volumes: [Volume] = [Volume(path: "/mnt/retention", filesystem: "ext4", capacityGB: 500)]) -> MasterTarget {
        MasterTarget(name: name, os: .linux, host: host, attachedDisks: attachedDisks, volumes: volumes)
    }

    static func windowsTarget(_ name: String, host: String = "esx01") -> MasterTarget {
        MasterTarget(name: name, os: .windows, host: host, volumes: [Volume(path: "R:", filesystem: "ntfs", capacityGB: 500)])
    }

    static func machine(_ name: String, os: OSFamily = .linux, disks: Int = 1, diskGB: Int = 0, group: String? = nil) -> Machine {
        Machine(name: name, os: os, replicationGroup: group, disks: disks, diskGB: diskGB,
                onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"]))
    }

    /// Two hosts that both mount ds1 read-write; ds2 only on esx02.
    static func inventory(machines: [Machine], targets: [MasterTarget] = [linuxTarget("mt1")],
                          bandwidthMbps: Int = 200) -> Inventory {
        Inventory(
            network: Network(link: .expressRoutePrivate, bandwidthMbps: bandwidthMbps),
            configurationServer: ConfigurationServer(name: "cs01"),
            vcenters: [VCenter(name: "vc01")],
            hosts: [ESXiHost(name: "esx01", vcenter: "vc01"), ESXiHost(name: "esx02", vcenter: "vc01")],
            datastores: [
                Datastore(name: "ds1", freeGB: 4096, mounts: [("esx01", .readWrite), ("esx02", .readWrite)]),
                Datastore(name: "ds2", freeGB: 4096, mounts: [("esx02", .readWrite)]),
            ],
            masterTargets: targets,
            processServers: [ProcessServer(name: "ps-azure", site: .azure), ProcessServer(name: "ps2", site: .azure)],
            machines: machines)
    }

    static func entry(_ schedule: Schedule, _ id: String) -> ScheduledStep? {
        schedule.entries.first { $0.id == id }
    }
}
