import Foundation
import RPLInventory

/// Where a modernized reprotect writes the machine back, which decides how
/// much it sends: to the original on-prem VM (it still exists: only the
/// blocks changed in Azure since the failover) or to an alternate location
/// (a new VM: every disk in full).
public enum RecoveryLocation: String, Sendable, CaseIterable {
    case original
    case alternate

    public static func of(_ machine: Machine) -> RecoveryLocation {
        machine.onpremVM.exists ? .original : .alternate
    }

    /// What `rpl plan` says it assumed.
    public var assumption: String {
        switch self {
        case .original: "original location (the on-prem VM exists): changed blocks only"
        case .alternate: "alternate location (no on-prem VM): every disk in full"
        }
    }
}

extension TimeModel {
    /// The data a reprotect through a reprotect agent sends. Original
    /// location: the machine's churn for every day it has run in Azure (a
    /// day at least; the full size when the inventory does not say since
    /// when or the plan has no `--now`), never more than its disks. Alternate location: its disks in
    /// full. (A classic reprotect reads and compares every block, so its
    /// estimate is the full size either way: `resyncMegabits`.)
    public static func agentReprotectMegabits(of machine: Machine, now: Date?) -> Double {
        let full = resyncMegabits(of: machine)
        guard RecoveryLocation.of(machine) == .original, let booted = machine.bootedInAzureAt, let now else { return full }
        let days = max(1, (now.timeIntervalSince(booted) / 86_400).rounded(.up))
        return min(full, days * Double(max(0, machine.churnGBPerDay)) * megabitsPerGB)
    }
}
