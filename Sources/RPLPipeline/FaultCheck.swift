import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource

/// `--fault` names what it breaks: a step of this run, a machine, a master
/// target or a process server. A name that is not there would make a
/// rehearsal "succeed" without the fault, so it is a usage error with the
/// nearest names offered.
enum FaultCheck {
    static func validate(_ spec: ProviderSpec, steps: [ExecutableStep], inventory: Inventory) throws(PipelineFailure) {
        guard case let .sim(_, faults) = spec else { return }
        var problems: [String] = []
        for fault in faults {
            let (kind, name, candidates): (String, String, [String])
            switch fault {
            case let .agentLate(machine, _):
                (kind, name, candidates) = ("machine", machine, inventory.machines.map(\.name))
            case let .processServerHeartbeatLost(processServer, _):
                (kind, name, candidates) = ("process server", processServer, inventory.processServers.map(\.name))
            case let .masterTargetUnreachable(masterTarget, _):
                (kind, name, candidates) = ("master target", masterTarget, inventory.masterTargets.map(\.name))
            case let .failStep(step):
                (kind, name, candidates) = ("step of this run", step, steps.map(\.id))
            }
            guard !candidates.contains(name) else { continue }
            let nearest = Suggestions.nearest(to: name, in: candidates)
            let hint = nearest.isEmpty ? "" : " (did you mean \(nearest.map { "'\($0)'" }.joined(separator: ", "))?)"
            problems.append("--fault \(fault): there is no \(kind) '\(name)'\(hint)")
        }
        guard !problems.isEmpty else { return }
        throw PipelineFailure(.usage, problems.count == 1 ? problems[0] : "\(problems.count) faults name nothing in this run",
                              details: problems.count == 1 ? [] : problems)
    }
}
