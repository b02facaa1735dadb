import RPLCheck
import Foundation
import RPLInventory

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
