import RPLInventory
import RPLSource
import RPLSyntax

/// The steps a modernized reprotect produces: each carries every name Site
/// Recovery's `InMageRcm` reprotect needs (reprotect agent, appliance,
/// datastore, log storage account, failback policy), so that a provider only
/// resolves them to ids.
extension Evaluator {
    /// Adds the step (when evaluation produces a plan) and the bookkeeping a later failback reads.
    func addAgentReprotectStep(machine: Machine, agent: String?, appliance: String?, datastore: String?,
                               logStorageAccount: String?, span: Span) {
        if options.producesPlan {
            let action = ReprotectAction.modernized(
                machine: machine.name, agent: agent, appliance: appliance, datastore: datastore,
                logStorageAccount: logStorageAccount, policy: inventory.failbackPolicy(for: .modernized)?.name)
            if let id = addStep("\(stepPrefix)/reprotect/\(machine.name)", .reprotect(action), dependsOn: [], span: span),
               building.reprotectStep[machine.name] == nil {
                building.reprotectStep[machine.name] = id
            }
        }
        building.addToCurrentGroup(machine.name)
        building.reprotectedThroughAgent.insert(machine.name)
        building.reprotectedInOrder.append(machine.name)
    }

    /// The step, then the machine's own rules: RP909 for a classic machine
    /// (false: nothing more to check), RP901/RP902 for its forward replication.
    @discardableResult
    func reprotectThroughAgent(_ machine: Machine, _ reprotect: Reprotect, agent: String?, appliance: String?, datastore: String?,
                               logStorageAccount: String?) -> Bool {
        addAgentReprotectStep(machine: machine, agent: agent, appliance: appliance, datastore: datastore,
                              logStorageAccount: logStorageAccount, span: reprotect.keyword)
        if machine.architecture == .classic {
            let through = agent.map { "reprotect agent '\($0)'" } ?? "a reprotect agent"
            let using = agent == nil ? "auto PROCESS-SERVER" : "MASTER-TARGET PROCESS-SERVER"
            report(.RP909, "machine '\(machine.name)' failed over under the classic architecture: it cannot be reprotected through \(through)",
                   at: reprotect.machine.span,
                   help: ["reprotect it through a master target and a process server: `reprotect \(machine.name) using \(using) datastore DATASTORE`"])
            return false
        }
        checkForwardReplication(machine, at: reprotect.machine.span)
        return true
    }

    /// RP909 for what only a classic reprotect has (a process server, a
    /// retention volume); RP706 for a policy other than the automatic one.
    func reportClassicOptions(of reprotect: Reprotect, agent: String, using: String) {
        if let processServer = reprotect.processServer {
            report(.RP909, "a reprotect through \(agent) names no process server: the appliance uses its own",
                   at: processServer.span, help: ["leave the process server out: `reprotect MACHINE using \(using) datastore DATASTORE log-storage ACCOUNT`"])
        }
        if let retention = reprotect.retention {
            report(.RP909, "the modernized architecture has no retention volume: the log storage account takes its place",
                   at: retention.span, help: ["leave 'retention' out"])
        }
        if let expr = reprotect.policy { checkPolicy(expr) }
    }
}
