import RPLInventory
import RPLSource

/// What the plan puts on each replication appliance, as its modernized
/// reprotects are evaluated: the same notion as the master target's attached
/// disks (RP311). A reprotected machine's disks stay with the appliance until
/// it fails back, so every machine the plan reprotects through one appliance
/// counts against its limit together.
struct ApplianceLoad {
    struct Member {
        var machine: String
        var disks: Int
        var file: SourceFile
        var span: Span
    }

    /// Appliance name → the machines the plan reprotects through it, in plan order.
    private(set) var members: [String: [Member]] = [:]
    /// Appliances already reported over the limit (RP914 is said once per appliance).
    var reportedOverLimit: Set<String> = []
    /// vCenters already reported for a read-only account (RP601 is said once per vCenter).
    var reportedReadOnly: Set<String> = []

    /// Adds the machine (once) and returns the appliance's disks with it.
    mutating func add(_ machine: Machine, to appliance: String, in file: SourceFile, at span: Span) -> Int {
        var list = members[appliance, default: []]
        if !list.contains(where: { $0.machine == machine.name }) {
            list.append(Member(machine: machine.name, disks: machine.disks, file: file, span: span))
            members[appliance] = list
        }
        return list.reduce(0) { $0 + $1.disks }
    }
}

extension ReplicationAppliance {
    /// Disks one appliance can reprotect together: RP914, and the
    /// scheduler's placement of reprotect agents (RP940).
    public static let maxReprotectedDisks = 60
}

extension Evaluator {
    /// RP914: the disks of the machines reprotected through one appliance, past its limit.
    func checkApplianceLoad(_ machine: Machine, appliance: ReplicationAppliance, at span: Span) {
        let total = building.applianceLoad.add(machine, to: appliance.name, in: file, at: span)
        let limit = ReplicationAppliance.maxReprotectedDisks
        guard total > limit, building.applianceLoad.reportedOverLimit.insert(appliance.name).inserted else { return }
        let others = (building.applianceLoad.members[appliance.name] ?? []).filter { $0.machine != machine.name }
        report(.RP914, "appliance '\(appliance.name)' would reprotect \(total) disks together (limit is \(limit)): '\(machine.name)' adds \(machine.disks) to the \(total - machine.disks) of the machines before it",
               at: span, secondary: others.map { Label(file: $0.file, span: $0.span, message: "'\($0.machine)' (\($0.disks) disks) also goes through '\(appliance.name)'") },
               help: ["reprotect some of these machines through another appliance's reprotect agent, or in a later plan after they fail back"])
    }

    /// RP601 for a modernized reprotect: the agent's vCenter account must create disks and power VMs on.
    func checkAgentVCenterAccount(_ agent: ReprotectAgent, at span: Span) {
        guard let vcenter = inventory.vcenter(agent.vcenter),
              let concern = VCenterAccountRule.concern(vcenter, through: .reprotectAgent(agent.name)),
              building.applianceLoad.reportedReadOnly.insert(vcenter.name).inserted else { return }
        report(.RP601, concern.message, at: span, help: [concern.help])
    }
}
