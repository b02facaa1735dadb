import Foundation
import RPLInventory
import RPLSource

/// RP211, the one implementation: after the VM boots in Azure its agent
/// takes up to 15 minutes to register with the configuration server, and
/// until then reprotect fails. The checker asks it for every reprotect;
/// `rpl resume` asks it again for the reprotects still to run.
public enum AgentRegistration {
    /// How long the agent may take to register after the VM boots in Azure.
    public static let window: TimeInterval = 15 * 60

    public static let help = "at run time the step waits and retries; or wait a few minutes and reprotect again"

    /// What to say about the machine's agent at `now`; nil when it is surely registered.
    public static func concern(_ machine: Machine, now: Date) -> String? { concern(of: machine, now: now) }

    /// The same, reading the fields in place through a planned step (see `MachineCarrier`).
    static func concern(of step: some MachineCarrier, now: Date) -> String? {
        if !step.machine.agentRegistered {
            return "the agent of \(quoted(step.machine.name)) is not registered with the configuration server yet: reprotect fails until it is"
        }
        guard let booted = step.machine.bootedInAzureAt else { return nil }
        let elapsed = now.timeIntervalSince(booted)
        guard elapsed < window else { return nil }
        let minutes = max(0, Int(elapsed / 60))
        return "\(quoted(step.machine.name)) booted in Azure \(plural(minutes, "minute")) ago: its agent may not be registered with the configuration server yet (that takes up to 15 minutes)"
    }
}
