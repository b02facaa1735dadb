import Foundation
import RPLInventory
import RPLSource

/// RP201–RP211: facts about the machine being reprotected or failed back,
/// and about how it meets the master target and datastore chosen for it.
enum MachineRules {
    // Each rule appends to one array rather than returning its own: the
    // 400,000 returned arrays of a 50k check cost 58 M instructions to append.
    // The rules read the records' fields in place, through the step
    // (`MachineCarrier`) and its `RecordSlot`s, and copy a record only to
    // word a finding.
    static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (index, step) in context.distinctReprotects {
            reprotectState(step, index, into: &findings)
            onPremSnapshots(step, index, into: &findings)
        }
        // The agent's registration with the configuration server and the
        // master target's fit are classic facts (a modernized machine has RP902).
        var mounts = MountMemo(masterTargets: context.masterTargetCount)
        for (index, step) in context.classicReprotects {
            agentRegistration(step, index, now: context.now, into: &findings)
            let target = step.masterTargetSlot
            guard target.hasRecord else { continue }
            diskUUIDClash(step, index, target, into: &findings)
            osMismatch(step, index, target, context, into: &findings)
            datastorePlacement(step, index, target, hostKnown: context.isHostKnown(ofStep: index), context,
                               mounts: &mounts, ordinal: context.masterTargetOrdinal[index], into: &findings)
        }
        // A machine's own facts: on its reprotect, or on its first failback when the plan does not reprotect it.
        for (index, step) in context.distinctReprotects {
            machineRecord(step, .reprotect(index, .machine), into: &findings)
        }
        for (index, failback) in context.failbacksOfMachinesNotReprotected {
            machineRecord(failback, .failback(index), into: &findings)
        }
        linuxAfterFailback(context, into: &findings)
        return findings
    }

    static func machineRecord(_ step: some MachineCarrier, _ subject: Subject, into findings: inout [Finding]) {
        configurationServerRecord(step, subject, into: &findings)
        windows2008R2Physical(step, subject, into: &findings)
    }

    // MARK: RP201: the state a reprotect needs (a failback's is in PlanRules)

    static func reprotectState(_ step: PlannedReprotect, _ index: Int, into findings: inout [Finding]) {
        guard step.machine.state != .failedOver else { return }
        let machine = step.machine
        let help: String
        switch machine.state {
        case .protected: help = "fail \(quoted(machine.name)) over to Azure first: only a failed-over machine can be reprotected"
        case .reprotecting: help = "a reprotect of \(quoted(machine.name)) is already running: wait until it is reprotected"
        case .reprotected: help = "\(quoted(machine.name)) is already reprotected: fail it back with `failback \(machine.name)`"
        case .failingBack, .failedBack, .committed, .protecting: help = "\(quoted(machine.name)) is already failing back or back on-premises: there is nothing to reprotect"
        case .failedOver: help = ""
        }
        findings.append(Finding(.RP201, "machine \(quoted(machine.name)) is \(machine.state.rawValue), not failed-over, so it cannot be reprotected",
                                at: .reprotect(index, .machine), help: [help]))
    }

    // MARK: RP202 RP203 RP205 RP211: the machine itself

    static func onPremSnapshots(_ step: PlannedReprotect, _ index: Int, into findings: inout [Finding]) {
        guard step.machine.onpremVM.exists, step.machine.onpremVM.snapshots > 0 else { return }
        let machine = step.machine
        findings.append(Finding(.RP202, "the on-prem VM of \(quoted(machine.name)) has \(plural(machine.onpremVM.snapshots, "snapshot")): reprotection will fail",
                                at: .reprotect(index, .machine),
                                help: ["delete the snapshots of the on-prem VM \(quoted(machine.name)), then reprotect"]))
    }

    static func configurationServerRecord(_ step: some MachineCarrier, _ subject: Subject, into findings: inout [Finding]) {
        // The modernized architecture has no configuration server.
        guard step.machine.architecture == .classic, !step.machine.inConfigurationServer else { return }
        let machine = step.machine
        findings.append(Finding(.RP203, "machine \(quoted(machine.name)) is not in the configuration server database: failback won't be successful",
                                at: subject,
                                help: ["the machine must exist in the configuration server database during failback; restore the configuration server from its backup (with the same IP address) so that it knows \(quoted(machine.name))"]))
    }

    static func windows2008R2Physical(_ step: some MachineCarrier, _ subject: Subject, into findings: inout [Finding]) {
        guard step.machine.os == .windows, step.machine.kind == .physical, isWindows2008R2SP1(step.machine.osVersion) else { return }
        let machine = step.machine
        findings.append(Finding(.RP205, "machine \(quoted(machine.name)) runs \(machine.osVersion) and is protected as a physical server: it cannot be failed back from Azure to on-premises",
                                at: subject,
                                help: ["a Windows Server 2008 R2 SP1 server protected as a physical on-premises server cannot be failed back; keep it in Azure, or protect it as a VMware VM"]))
    }

    /// Loose: "Windows Server 2008 R2 SP1", "Windows Server 2008 R2 Service Pack 1", "win2008r2-sp1".
    static func isWindows2008R2SP1(_ version: String) -> Bool {
        let compact = version.lowercased().filter { $0.isLetter || $0.isNumber }
        return compact.contains("2008r2") && (compact.contains("sp1") || compact.contains("servicepack1"))
    }

    static func agentRegistration(_ step: PlannedReprotect, _ index: Int, now: Date, into findings: inout [Finding]) {
        guard let concern = AgentRegistration.concern(of: step, now: now) else { return }
        findings.append(Finding(.RP211, concern, at: .reprotect(index, .machine), help: [AgentRegistration.help]))
    }

    // MARK: RP204 RP206: machine against master target

    static func diskUUIDClash(_ step: PlannedReprotect, _ index: Int, _ target: RecordSlot<MasterTarget>, into findings: inout [Finding]) {
        // A machine has a handful of disks: a linear scan beats building a set per step.
        let uuids = step.machine.diskUUIDs
        let targetUUIDs = target.record.diskUUIDs
        guard !uuids.isEmpty, !targetUUIDs.isEmpty else { return }
        let shared = uuids.filter(targetUUIDs.contains)
        guard !shared.isEmpty else { return }
        let name = step.machine.name
        let subject = shared.count == 1 ? "disk UUID \(quotedList(shared)) of \(quoted(name)) clashes"
            : "disk UUIDs \(quotedList(shared)) of \(quoted(name)) clash"
        findings.append(Finding(.RP204, "\(subject) with master target \(quoted(target.record.name)): both were created from the same template",
                                at: .reprotect(index, .machine),
                                help: ["deploy another master target that was not created from the same template"]))
    }

    static func osMismatch(_ step: PlannedReprotect, _ index: Int, _ target: RecordSlot<MasterTarget>, _ context: RuleContext,
                           into findings: inout [Finding]) {
        guard step.machine.os != target.record.os else { return }
        let machine = step.machine
        let os = machine.os.displayName
        var help = "a \(os) machine needs a \(os) master target"
        let candidates = context.inventory.masterTargets.filter { $0.os == machine.os && $0.site == .onprem }.map(\.name)
        if !candidates.isEmpty { help += ", e.g. \(quotedList(candidates))" }
        findings.append(Finding(.RP206, "\(os) machine \(quoted(machine.name)) cannot be reprotected through \(target.record.os.displayName) master target \(quoted(target.record.name))",
                                at: .reprotect(index, .masterTarget), help: [help]))
    }

    // MARK: RP209 RP210: where the disks go

    /// `hostKnown`: whether the inventory has the master target's ESXi host
    /// (an unknown host is RP308's to report); the check passes it computed
    /// once per master target (`RuleContext.isHostKnown`) instead of a hash per step.
    /// `mounts` remembers, per master target `ordinal` (-1: none), the last datastore it answered for.
    static func datastorePlacement(_ step: PlannedReprotect, _ index: Int, _ target: RecordSlot<MasterTarget>, hostKnown: Bool,
                                   _ context: RuleContext, mounts: inout MountMemo, ordinal: Int, into findings: inout [Finding]) {
        guard hostKnown else { return }
        let host = target.record.host
        let given = step.datastoreSlot
        if step.machine.onpremVM.exists {
            let vmDatastores = step.machine.onpremVM.datastores
            let unmounted = vmDatastores.filter { !mounts.isReadWrite($0, on: host, ordinal: ordinal, context.inventory) }
            if !unmounted.isEmpty {
                let machine = step.machine
                findings.append(Finding(.RP209, "the on-prem VM of \(quoted(machine.name)) is on datastore \(quotedList(unmounted)), not mounted read/write on \(quoted(host)), the ESXi host of master target \(quoted(target.record.name))",
                                        at: .reprotect(index, .datastore),
                                        help: ["mount \(quotedList(unmounted)) with read/write access on \(quoted(host)), or use a master target on the host that has the VM's datastores"]))
                return
            }
            guard given.hasRecord, !vmDatastores.contains(given.record.name) else { return }
            findings.append(Finding(.RP210, "the on-prem VM of \(quoted(step.machine.name)) exists, so datastore \(quoted(given.record.name)) is ignored: the replicated data is written to its existing disks on \(quotedList(vmDatastores))",
                                    at: .reprotect(index, .datastore)))
            return
        }
        // A datastore the new VM cannot be created in is RP310's to report.
        guard given.hasRecord, MasterTargetRules.unusableReason(given.record, host: host) == nil else { return }
        findings.append(Finding(.RP210, "the on-prem VM of \(quoted(step.machine.name)) does not exist: a new VM will be created in vCenter on \(quoted(host)), the ESXi host of master target \(quoted(target.record.name)), in datastore \(quoted(given.record.name))",
                                at: .reprotect(index, .datastore),
                                help: ["choose the master target's ESXi host carefully: the failed-back VM is created on that host"]))
    }

    // MARK: RP207 RP208: Linux machines after failback

    /// Both are about the machine once it runs on-premises again, so they are
    /// reported on its failback; a static IP (a manual step to plan for) is
    /// also reported on a reprotect when this plan does not fail the machine back.
    static func linuxAfterFailback(_ context: RuleContext, into findings: inout [Finding]) {
        var seen: Set<String> = []
        for (index, failback) in context.facts.failbacks.enumerated() {
            let machine = failback.machine
            guard machine.os == .linux, seen.insert(machine.name).inserted else { continue }
            staticIP(machine, .failback(index), into: &findings)
            findings.append(Finding(.RP208, "the Network Manager package of \(quoted(machine.name)) was removed when it was recovered in Azure, and stays removed after failback",
                                    at: .failback(index),
                                    help: ["reinstall Network Manager on \(quoted(machine.name)) after failback if it needs it"]))
        }
        // The OS first, and no hash while no machine fails back.
        for (index, step) in context.distinctReprotects
        where step.machine.os == .linux && (seen.isEmpty || !seen.contains(step.machine.name)) {
            staticIP(step, .reprotect(index, .machine), into: &findings)
        }
    }

    static func staticIP(_ step: some MachineCarrier, _ subject: Subject, into findings: inout [Finding]) {
        guard step.machine.staticIP else { return }
        let machine = step.machine
        findings.append(Finding(.RP207, "Linux machine \(quoted(machine.name)) had a static IP address: in Azure it got one from DHCP, and it keeps using DHCP on-premises after failback",
                                at: subject,
                                help: ["after failback, sign in to \(quoted(machine.name)) and set its static IP address again"]))
    }
}

/// Whether a datastore is mounted read/write on a master target's host,
/// remembered per master target for the last datastore asked about: the steps
/// through one master target mostly have their VMs on one datastore, and a
/// string compare then replaces the datastore's hash and copy (~23 M
/// instructions on a 50k check).
struct MountMemo {
    private var last: [(datastore: String, readWrite: Bool)?]

    init(masterTargets count: Int) { last = Array(repeating: nil, count: count) }

    /// `ordinal`: the master target's (`RuleContext.masterTargetOrdinal`), whose host is `host`; -1 remembers nothing.
    mutating func isReadWrite(_ datastore: String, on host: String, ordinal: Int, _ inventory: Inventory) -> Bool {
        if ordinal >= 0, let known = last[ordinal], known.datastore == datastore { return known.readWrite }
        let readWrite = inventory.datastore(datastore)?.access(on: host) == .readWrite
        if ordinal >= 0 { last[ordinal] = (datastore, readWrite) }
        return readWrite
    }
}
