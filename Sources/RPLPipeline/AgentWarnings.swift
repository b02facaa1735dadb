import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource

extension AgentRegistration {
    /// RP211 for the reprotects a resumed run still has to send: the plan is
    /// not checked again (its machines have moved on), but the checker's own
    /// rule is asked again about each of their machines at `now`.
    static func warnings(for pending: [ExecutableStep], run: String, inventory: Inventory, now: Date) -> [Diagnostic] {
        pending.compactMap { step in
            guard case .reprotect = step.action, let name = step.machine, let machine = inventory.machine(name),
                  let concern = concern(machine, now: now) else { return nil }
            return RunDiagnostics.forRun(run, .RP211, "\(step.id): \(concern)", help: [help])
        }
    }
}
