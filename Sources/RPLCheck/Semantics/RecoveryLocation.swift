import RPLInventory
import RPLSource

/// Where a modernized reprotect writes the machine back, and what changed in
/// Azure since the failover decides it: original location when the on-prem
/// VM still exists and its disks still fit (only changed blocks go back),
/// alternate location otherwise (a new VM, every disk copied in full).
extension Evaluator {
    /// RP915–RP919, at the reprotect's machine.
    func checkRecoveryLocation(_ machine: Machine, at span: Span) {
        let history = DiskHistory(machine)
        let name = machine.name
        if let added = history.added {
            report(.RP915, "\(added == 1 ? "a disk was" : "\(added) disks were") added to '\(name)' in Azure after the failover: \(added == 1 ? "it is" : "they are") not replicated back",
                   at: span, help: ["copy the data of the added disks back by other means after failback, or move it onto the protected disks before reprotecting"])
        }
        if let shrunk = history.shrunk {
            report(.RP917, "the disks of '\(name)' shrank in Azure after the failover (\(shrunk.from) GB → \(shrunk.to) GB each): it cannot be failed back",
                   at: span, help: ["grow the disks of '\(name)' in Azure back to at least \(shrunk.from) GB, then reprotect"])
        }
        guard machine.onpremVM.exists else {
            let total = machine.disks * machine.diskGB
            report(.RP919, "the on-prem VM of '\(name)' no longer exists: alternate-location recovery creates a new VM and copies every disk in full (\(machine.disks) × \(machine.diskGB) GB = \(total) GB)",
                   at: span, help: ["plan for the full copy, or restore the original VM so that only the changed blocks are sent"])
            return
        }
        // A machine that cannot be failed back has no recovery to tell of.
        if history.shrunk != nil { return }
        if let grown = history.grown {
            report(.RP916, "the disks of '\(name)' grew in Azure after the failover (\(grown.from) GB → \(grown.to) GB each): failback creates a new VM at an alternate location and copies every disk in full",
                   at: span, help: ["plan for the full copy; the original VM is left as it is"])
            return
        }
        report(.RP918, "the reprotect of '\(name)' uses original-location recovery: its on-prem VM exists, so only the changed blocks are sent back",
               at: span)
    }
}

/// Where a modernized reprotect writes the machine back, which decides how
/// much it sends: to the original on-prem VM (only the blocks changed in
/// Azure since the failover) or to an alternate location (a new VM: every
/// disk in full).
public enum RecoveryLocation: String, Sendable, CaseIterable {
    case original
    case alternate

    /// The one decision, read by the checker's notes (RP916, RP918, RP919),
    /// the time model and the step a provider receives: original only while
    /// the on-prem VM exists and its disks kept their size.
    public static func of(_ machine: Machine) -> RecoveryLocation {
        let history = DiskHistory(machine)
        return machine.onpremVM.exists && history.grown == nil && history.shrunk == nil ? .original : .alternate
    }

    /// What `rpl plan` says it assumed.
    public var assumption: String {
        switch self {
        case .original: "original location (the on-prem VM exists): changed blocks only"
        case .alternate: "alternate location (no on-prem VM): every disk in full"
        }
    }
}

/// A machine's disks now against the disks it failed over with.
struct DiskHistory {
    /// Disks added in Azure since the failover, when any.
    var added: Int?
    var grown: (from: Int, to: Int)?
    var shrunk: (from: Int, to: Int)?

    init(_ machine: Machine) {
        let forward = machine.forwardReplication
        if let before = forward.disksAtFailover, machine.disks > before { added = machine.disks - before }
        if let before = forward.diskGBAtFailover {
            if machine.diskGB > before { grown = (before, machine.diskGB) }
            if machine.diskGB < before { shrunk = (before, machine.diskGB) }
        }
    }
}

/// RP920 and RP921, the one implementation for both architectures: a machine
/// whose last planned failover failed must have it cancelled in Site
/// Recovery; disabling its replication would throw the machine's recovery
/// away. A failback of it retries the failover; anything else is an error.
enum FailedPlannedFailover {
    static func cancelHelp(_ name: String) -> String {
        "cancel the failed failover of '\(name)' in Site Recovery (Cancel failover; never Disable replication), then retry it with `failback \(name)`"
    }

    static func reprotectMessage(_ name: String) -> String {
        "the last planned failover of '\(name)' failed: it must be cancelled and retried before '\(name)' is reprotected"
    }

    static func failbackMessage(_ name: String) -> String {
        "the failback of '\(name)' retries its failed planned failover: cancel the failed one in Site Recovery first"
    }
}

extension Evaluator {
    /// RP920 for a modernized reprotect (the classic ones are ArchitectureRules').
    func checkFailedPlannedFailover(_ machine: Machine, at span: Span) {
        guard machine.forwardReplication.plannedFailoverFailed else { return }
        report(.RP920, FailedPlannedFailover.reprotectMessage(machine.name), at: span,
               help: [FailedPlannedFailover.cancelHelp(machine.name)])
    }
}
