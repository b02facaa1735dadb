import Foundation
import RPLInventory
import RPLSource

/// RP301–RP311: the master target, its ESXi host and what the plan puts on
/// it. Facts about the master target alone (RP301–RP309) are reported once
/// per master target, on the first step that uses it.
extension MasterTarget {
    /// Disks one master target can have attached (the VMware SCSI limit it
    /// works within: four controllers of fifteen disks, less its own): RP311,
    /// and the scheduler's placement for `using auto`.
    public static let maxAttachedDisks = 60
}

enum MasterTargetRules {
    static let maxAttachedDisks = MasterTarget.maxAttachedDisks

    static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (name, index) in context.firstUse.sorted(by: { $0.value < $1.value }) {
            let target = context.facts.reprotects[index].masterTargetSlot
            guard target.hasRecord, target.record.name == name else { continue }
            findings += masterTargetFacts(target.record, at: .reprotect(index, .masterTarget), context)
        }
        // The host's existence is known per master target (no hash per step).
        for (index, step) in context.classicReprotects
        where context.isHostKnown(ofStep: index) && !step.machine.onpremVM.exists && step.datastoreSlot.hasRecord {
            datastoreAttached(step.datastoreSlot.record, step, index, step.masterTargetSlot.record, context, into: &findings)
        }
        attachedDiskLimit(context, into: &findings)
        return findings
    }

    static func masterTargetFacts(_ target: MasterTarget, at subject: Subject, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        let name = quoted(target.name)
        if !target.diskEnableUUID {
            findings.append(Finding(.RP301, "master target \(name) does not have disk.EnableUUID=true: its VMDKs get no consistent UUID and do not mount correctly",
                                    at: subject,
                                    help: ["set disk.EnableUUID=true in the configuration parameters of the master target VM in vCenter (add the row if it does not exist)"]))
        }
        if target.storageVMotion {
            findings.append(Finding(.RP302, "master target \(name) uses Storage vMotion: failback can fail, and the VM will not start because its disks are not made available to it",
                                    at: subject,
                                    help: ["you cannot use Storage vMotion for the master target server: turn it off for \(name), or use another master target"]))
        }
        if target.snapshots > 0 {
            findings.append(Finding(.RP303, "master target \(name) has \(plural(target.snapshots, "snapshot")) on its disks: reprotect and failback will fail",
                                    at: subject, help: ["delete the snapshots of master target \(name)"]))
        }
        if target.scsiController == .paravirtual {
            findings.append(Finding(.RP304, "master target \(name) has a Paravirtual SCSI controller: reprotect will fail without an LSI Logic controller",
                                    at: subject, help: ["replace the SCSI controller of \(name) with an LSI Logic controller"]))
        }
        if !target.vmwareTools {
            findings.append(Finding(.RP306, "VMware tools are not installed on master target \(name): the datastores on its ESXi host cannot be detected",
                                    at: subject, help: ["install VMware tools on master target \(name)"]))
        }
        if target.site != .onprem {
            findings.append(Finding(.RP309, "master target \(name) is in \(target.site.rawValue == "azure" ? "Azure" : target.site.rawValue), not on-premises: it must receive the data on the on-premises site",
                                    at: subject, help: ["use an on-premises master target server (the one installed with the configuration server, or a separate one)"]))
        }
        guard let host = context.host(of: target) else {
            findings.append(Finding(.RP308, "the ESXi host \(quoted(target.host)) of master target \(name) has not been discovered",
                                    at: subject,
                                    help: ["make sure the vCenter of \(quoted(target.host)) is discovered, and that the master target server is also discovered"]))
            return findings
        }
        let vmfs = context.inventory.datastores.filter { $0.access(on: host.name) != nil }
        if !vmfs.contains(where: { $0.type == .vmfs }) {
            let others = vmfs.map { "\($0.name) (\($0.type.rawValue.uppercased()))" }
            let what = others.isEmpty ? "no datastore at all" : "only \(others.joined(separator: ", "))"
            findings.append(Finding(.RP305, "ESXi host \(quoted(host.name)) of master target \(name) has no VMFS datastore attached (\(what)): the Datastore list of the reprotect would be empty",
                                    at: subject, help: ["attach at least one VMFS datastore to \(quoted(host.name)); NFS is not supported"]))
        }
        if host.edition.isFree {
            let edition = host.edition == .esxi55Free ? "ESXi 5.5 free edition" : "vSphere 6 Hypervisor free edition"
            findings.append(Finding(.RP307, "ESXi host \(quoted(host.name)) of master target \(name) runs \(edition): failover succeeds, but failback does not",
                                    at: subject, help: ["upgrade to the evaluation license"]))
        }
        let vcenter = context.inventory.vcenter(host.vcenter)
        if vcenter?.discovered != true {
            let state = vcenter == nil ? "is not in the inventory" : "has not been discovered"
            findings.append(Finding(.RP308, "vCenter \(quoted(host.vcenter)) of master target \(name) \(state): the datastores are not accessible or visible in the reprotect",
                                    at: subject,
                                    help: ["when you fail back to an alternate vCenter, make sure that the new vCenter is discovered and that the master target server is also discovered"]))
        }
        return findings
    }

    // MARK: RP310

    /// Why a new VM cannot be created in this datastore on this host, or nil.
    /// The reprotect's Datastore list offers only the VMFS datastores attached
    /// to the master target's host.
    static func unusableReason(_ datastore: Datastore, host: String) -> String? {
        switch datastore.access(on: host) {
        case nil: "is not attached to \(quoted(host))"
        case .readOnly?: "is mounted read-only on \(quoted(host))"
        case .readWrite? where datastore.type != .vmfs: "is \(datastore.type.rawValue.uppercased()), not VMFS"
        case .readWrite?: nil
        }
    }

    static func datastoreAttached(_ datastore: Datastore, _ step: PlannedReprotect, _ index: Int, _ target: MasterTarget,
                                  _ context: RuleContext, into findings: inout [Finding]) {
        guard let reason = unusableReason(datastore, host: target.host) else { return }
        let usable = context.inventory.datastores.filter { unusableReason($0, host: target.host) == nil }.map(\.name)
        var help = "the on-prem VM of \(quoted(step.machine.name)) does not exist, so a new one is created on \(quoted(target.host)): choose a VMFS datastore attached to that host read/write"
        if !usable.isEmpty { help += ", e.g. \(quotedList(usable))" }
        findings.append(Finding(.RP310, "datastore \(quoted(datastore.name)) \(reason), the ESXi host of master target \(quoted(target.name))",
                                at: .reprotect(index, .datastore), help: [help]))
    }

    // MARK: RP311

    /// Reprotected disks stay attached to the master target until failback,
    /// so every machine the plan puts on it adds its disks.
    static func attachedDiskLimit(_ context: RuleContext, into findings: inout [Finding]) {
        // Tables by master target ordinal, not name: no hash per step.
        var total = [Int?](repeating: nil, count: context.masterTargetCount)
        var steps = [[Int]](repeating: [], count: context.masterTargetCount)
        var reported = [Bool](repeating: false, count: context.masterTargetCount)
        for (index, step) in context.classicReprotects {
            let ordinal = context.masterTargetOrdinal[index]
            guard ordinal >= 0 else { continue }
            let before = total[ordinal] ?? step.masterTargetSlot.record.attachedDisks
            let after = before + step.machine.disks
            total[ordinal] = after
            steps[ordinal].append(index)
            guard after > maxAttachedDisks, !reported[ordinal] else { continue }
            reported[ordinal] = true
            let target = step.masterTargetSlot.record
            let others = steps[ordinal].dropLast()
            let machine = step.machine
            findings.append(Finding(.RP311, "master target \(quoted(target.name)) would have \(after) attached disks (limit is \(maxAttachedDisks)): it has \(target.attachedDisks), and this plan adds \(after - target.attachedDisks) by the time it reprotects \(quoted(machine.name)) (\(plural(machine.disks, "disk")))",
                                    at: .reprotect(index, .masterTarget),
                                    related: others.map { (.reprotect($0, .masterTarget), "\(quoted(context.facts.reprotects[$0].machine.name)) also uses \(quoted(target.name))") },
                                    help: ["reprotect some of these machines through another master target, or in a later plan after failback"]))
        }
    }
}
