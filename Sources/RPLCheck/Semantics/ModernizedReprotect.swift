import RPLInventory
import RPLSource
import RPLSyntax

/// A reprotect whose `using` names a reprotect agent: the modernized
/// architecture. None of the master-target and retention rules apply; these
/// do (RP901–RP909), each from the modernized reprotect's prerequisites.
extension Evaluator {
    /// The reprotect agent `using` names, when it names one (a plain name no binding shadows).
    func reprotectAgentNamed(by choice: MasterTargetChoice) -> (agent: ReprotectAgent, appliance: ReplicationAppliance)? {
        // The agent's one hash first: most names are no agent's, and the
        // scope walk `lookup` makes (built-ins, groups, six kinds of record)
        // cost 152 M instructions on a 50k check when it came first.
        guard case let .expr(expr) = choice, case let .name(name) = expr.kind,
              let agent = inventory.reprotectAgent(name), lookup(name) == nil else { return nil }
        return agent
    }

    /// A reprotect through a reprotect agent: the one `using` names, or
    /// (`chosen` nil, `using auto`) the one the scheduler will choose, which
    /// leaves only the agent-free rules to check here.
    func executeModernizedReprotect(_ reprotect: Reprotect, through chosen: (agent: ReprotectAgent, appliance: ReplicationAppliance)?) {
        let agentSpan = reprotect.masterTarget.span
        let machineIndex = resolveIndex(reprotect.machine, as: .machine)
        var datastore: Datastore?
        if let expr = reprotect.datastore, let index = resolveIndex(expr, as: .datastore) { datastore = inventory.datastores[index] }
        let account = logStorageAccount(reprotect.logStorage, keyword: reprotect.keyword)
        reportClassicOptions(of: reprotect, agent: chosen.map { "reprotect agent '\($0.agent.name)'" } ?? "a reprotect agent",
                             using: chosen?.agent.name ?? "auto")
        if let chosen {
            checkAppliance(chosen.agent, chosen.appliance, at: agentSpan)
            checkAgentVCenterAccount(chosen.agent, at: agentSpan)
        }
        if let account, let expr = reprotect.logStorage { checkLogStorageAccount(account, at: expr.span) }
        guard let machineIndex else { return }
        let machine = inventory.machines[machineIndex]
        guard reprotectThroughAgent(machine, reprotect, agent: chosen?.agent.name, appliance: chosen?.appliance.name,
                                    datastore: datastore?.name, logStorageAccount: account?.name) else { return }
        if let chosen { checkApplianceLoad(machine, appliance: chosen.appliance, at: agentSpan) }
        checkFailedPlannedFailover(machine, at: reprotect.machine.span)
        checkRecoveryLocation(machine, at: reprotect.machine.span)
        guard let agent = chosen?.agent else { return }
        if let datastore, !agent.accessibleDatastores.contains(datastore.name) {
            let reachable = agent.accessibleDatastores.isEmpty ? "none" : agent.accessibleDatastores.joined(separator: ", ")
            report(.RP904, "reprotect agent '\(agent.name)' cannot write to datastore '\(datastore.name)'",
                   at: reprotect.datastore?.span ?? agentSpan,
                   help: ["choose one of the datastores the agent can reach (\(reachable)), or give it access to '\(datastore.name)'"])
        }
        if let host = machine.onpremVM.host.flatMap(inventory.host), host.vcenter != agent.vcenter {
            report(.RP905, "reprotect agent '\(agent.name)' writes to vCenter '\(agent.vcenter)', but the on-prem VM of '\(machine.name)' is on vCenter '\(host.vcenter)'",
                   at: agentSpan, help: ["use a reprotect agent of vCenter '\(host.vcenter)': failback to another vCenter is not supported"])
        }
    }

    /// RP907: the account is given and known, without soft delete; nil when it cannot be used.
    func logStorageAccount(_ expr: Expr?, keyword: Span) -> LogStorageAccount? {
        guard let expr else {
            report(.RP907, "a modernized reprotect needs a log storage account", at: keyword,
                   help: ["add `log-storage ACCOUNT`, one of: \(inventory.logStorageAccounts.map(\.name).joined(separator: ", "))"])
            return nil
        }
        guard case let .name(name) = expr.kind, let account = inventory.logStorageAccount(name) else {
            report(.RP907, "'\(file.text(expr.span))' is not a log storage account of the inventory", at: expr.span,
                   help: ["name one of: \(inventory.logStorageAccounts.map(\.name).joined(separator: ", "))"])
            return nil
        }
        return account
    }

    func checkLogStorageAccount(_ account: LogStorageAccount, at span: Span) {
        if account.softDelete {
            report(.RP907, "log storage account '\(account.name)' has soft delete on: Site Recovery cannot use it", at: span,
                   help: ["turn blob soft delete off on '\(account.name)', or use another account"])
        }
        if let vault = inventory.vault, vault.region != account.region {
            report(.RP908, "log storage account '\(account.name)' is in \(account.region), the vault '\(vault.name)' in \(vault.region)",
                   at: span, help: ["use a log storage account in \(vault.region)"])
        }
    }

    /// RP903 (unhealthy appliance, agent or process server), RP906 (a crowded appliance).
    private func checkAppliance(_ agent: ReprotectAgent, _ appliance: ReplicationAppliance, at span: Span) {
        var unhealthy: [String] = []
        if appliance.health != .normal { unhealthy.append("appliance '\(appliance.name)' is \(appliance.health.rawValue)") }
        if appliance.lastHeartbeat == nil { unhealthy.append("appliance '\(appliance.name)' has no heartbeat") }
        if agent.health != .normal { unhealthy.append("reprotect agent '\(agent.name)' is \(agent.health.rawValue)") }
        if agent.lastHeartbeat == nil { unhealthy.append("reprotect agent '\(agent.name)' has no heartbeat") }
        for name in appliance.processServers {
            if let server = inventory.processServer(name), !server.heartbeat {
                unhealthy.append("process server '\(name)' has no current heartbeat")
            }
        }
        if !unhealthy.isEmpty {
            report(.RP903, unhealthy.joined(separator: "; "), at: span,
                   help: ["bring the appliance and every component back to healthy with a fresh heartbeat before reprotecting"])
        }
        if appliance.protectedItems > ReplicationAppliance.advisedProtectedItems {
            report(.RP906, "appliance '\(appliance.name)' protects \(appliance.protectedItems) machines, more than the \(ReplicationAppliance.advisedProtectedItems) advised",
                   at: span, help: ["spread the machines over another appliance"])
        }
    }

    /// RP901 (failover not committed), RP902 (agent not re-registered).
    func checkForwardReplication(_ machine: Machine, at span: Span) {
        let forward = machine.forwardReplication
        if !forward.failoverCommitted {
            report(.RP901, "the failover of '\(machine.name)' is not committed: a modernized reprotect needs it committed", at: span,
                   help: ["commit the failover of '\(machine.name)' in Site Recovery, then reprotect"])
        }
        if !forward.agentReregistered {
            report(.RP902, "the mobility agent of '\(machine.name)' has not re-registered with the appliance since the failover",
                   at: span, help: ["wait for the agent of the Azure VM '\(machine.name)' to register with the appliance (check its connectivity to the appliance), then reprotect"])
        }
    }
}

extension ReplicationAppliance {
    /// More protected machines per appliance than Site Recovery advises (RP906).
    public static let advisedProtectedItems = 200
}
