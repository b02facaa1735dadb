import Foundation
import RPLInventory
import RPLRuntime
import RPLStore

/// A fresh inventory database (the demo inventory) in a temporary directory.
func makeExecStore() throws -> InventoryStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-exec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let store = try InventoryStore(path: directory.appendingPathComponent("inventory.db").path)
    try store.importInventory(try DemoInventory.load())
    return store
}

func reprotect(_ machine: String, group: String = "app", mt: String = "mt1", ps: String = "ps-azure",
               seconds: Int64 = 600, after: [String] = []) -> ExecutableStep {
    ExecutableStep(id: "\(group)/reprotect/\(machine)",
                   action: .reprotect(machine: machine, masterTarget: mt, processServer: ps, datastore: "ds1", retention: "/mnt/retention"),
                   group: group, dependsOn: after, estimatedStart: 0, estimatedSeconds: seconds)
}

func failback(_ machine: String, group: String = "app", after: [String]) -> ExecutableStep {
    ExecutableStep(id: "\(group)/failback/\(machine)", action: .failback(machine: machine), group: group, dependsOn: after,
                   estimatedStart: 0, estimatedSeconds: 300)
}

func planRecord(_ name: String = "test", provider: String = "sim") -> RunPlanRecord {
    RunPlanRecord(name: name, file: "\(name).rpl", text: "# \(name)\n", provider: provider, seed: 1, estimatedCompletionSeconds: 0)
}

func machineStates(_ store: InventoryStore) throws -> [String: MachineState] {
    Dictionary(uniqueKeysWithValues: try store.loadInventory().machines.map { ($0.name, $0.state) })
}

/// Start and end of each step on the provider's clock.
final class TimelineObserver: ExecutionObserver {
    var started: [String: Double] = [:]
    var finished: [String: Double] = [:]
    var events: [RunEvent] = []

    func executor(_ update: ExecutionUpdate) {
        switch update {
        case let .stepStarted(step, _, clock): started[step.id] = started[step.id] ?? clock
        case let .stepFinished(step, _, _, clock): finished[step.id] = clock
        case let .event(event): events.append(event)
        case .stepWaiting, .tick: break
        }
    }
}
