import Foundation
import RPLInventory
import RPLSource

/// The rules of the modernized architecture that apply to a plan's resolved
/// steps: a modernized machine sent through a master target (RP909), and
/// what a modernized failback needs from the machine's replication
/// (RP910–RP913), and a machine whose planned failover failed (RP920, RP921,
/// for both architectures). A reprotect through a reprotect agent is checked
/// as it is evaluated (ModernizedReprotect.swift).
enum ArchitectureRules {
    static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (index, step) in context.distinctReprotects where step.machine.architecture == .modernized {
            // With `using auto` the scheduler would choose a master target:
            // the classic form itself is what cannot serve this machine.
            let through = step.masterTarget.record.map { "master target \(quoted($0.name))" } ?? "a master target and a process server"
            findings.append(Finding(.RP909, "machine \(quoted(step.machine.name)) failed over under the modernized architecture: it cannot be reprotected through \(through)",
                                    at: .reprotect(index, .masterTarget),
                                    help: ["reprotect it through a reprotect agent of its vCenter: `reprotect \(step.machine.name) using REPROTECT-AGENT datastore DATASTORE log-storage ACCOUNT`"]))
        }
        for (index, step) in context.distinctReprotects where step.machine.forwardReplication.plannedFailoverFailed {
            let name = step.machine.name
            findings.append(Finding(.RP920, FailedPlannedFailover.reprotectMessage(name), at: .reprotect(index, .machine),
                                    help: [FailedPlannedFailover.cancelHelp(name)]))
        }
        for (index, failback) in context.facts.failbacks.enumerated() {
            let machine = failback.machine
            if machine.forwardReplication.plannedFailoverFailed {
                findings.append(Finding(.RP921, FailedPlannedFailover.failbackMessage(machine.name), at: .failback(index),
                                        help: [FailedPlannedFailover.cancelHelp(machine.name)]))
            }
            if machine.architecture == .modernized { findings += failbackReadiness(machine, at: .failback(index)) }
        }
        return findings
    }

    /// RP910–RP913: a modernized failback is a planned failover from the
    /// replication Site Recovery holds for the machine; it needs that
    /// replication healthy, past its initial copy, not waiting for a resync,
    /// and a recovery point to fail over to. Each machine of a group or of
    /// `failback all` earns its own finding.
    static func failbackReadiness(_ machine: Machine, at subject: Subject) -> [Finding] {
        let replication = machine.forwardReplication
        let name = quoted(machine.name)
        let prerequisites: [(broken: Bool, code: DiagnosticCode, message: String, help: String)] = [
            (replication.health != .normal, .RP910,
             "the replication of \(name) is \(replication.health.rawValue), not normal: it cannot be failed back",
             "resolve the replication health errors Site Recovery shows for \(name), then fail back"),
            (!replication.initialReplicationComplete, .RP911,
             "the initial replication of \(name) has not completed: it cannot be failed back yet",
             "wait until Site Recovery shows the initial replication of \(name) as complete, then fail back"),
            (replication.resyncRequired, .RP912,
             "Site Recovery asks for a resynchronization of \(name): it cannot be failed back until the resync is done",
             "resynchronize \(name) in Site Recovery and wait for it to finish, then fail back"),
            (replication.recoveryPoints <= 0, .RP913,
             "\(name) has no recovery point: there is nothing to fail back to",
             "wait until Site Recovery has created a recovery point for \(name) (the failback policy makes one every few minutes once replication is healthy)"),
        ]
        return prerequisites.filter(\.broken).map { Finding($0.code, $0.message, at: subject, help: [$0.help]) }
    }
}
