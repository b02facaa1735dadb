import RPLInventory
import RPLSource
import RPLSyntax

/// The end of the failback cycle, in both architectures: failed-back
/// (commit pending) → committed → protecting → protected. A commit waits for
/// the machine's failback, a protect for its commit (RP941, RP942); a
/// modernized failback names its recovery point type (RP945, RP946).
extension Evaluator {
    func executeCommit(_ commit: Commit, span: Span) {
        let machines = machines(of: commit.target, statement: "commit", all: building.failedBackInOrder) { span, group in
            report(.RP941, group.map { "group '\($0)' reprotects no machine to commit" } ?? "'commit all' but this plan fails back no machine",
                   at: span, help: ["fail the machines back first: a commit ends a failback"])
        }
        for (name, machineSpan, _) in machines {
            guard let record = inventory.machine(name) else { continue }
            let failback = building.failbackStep[name]
            if failback == nil, !building.failedBackInOrder.contains(name), record.state != .failedBack {
                report(.RP941, "commit of '\(name)', which is \(record.state.rawValue) and not failed back earlier in this plan",
                       at: machineSpan, help: ["fail '\(name)' back before committing: `failback \(name)`, then `commit \(name)`"])
            }
            if options.producesPlan {
                guard let id = addStep("\(stepPrefix)/commit/\(name)", .commit(machine: name), dependsOn: failback.map { [$0] } ?? [],
                                       span: span)
                else { return }
                if building.commitStep[name] == nil { building.commitStep[name] = id }
            }
            building.committedInOrder.append(name)
        }
    }

    func executeProtect(_ protect: Protect, span: Span) {
        let machines = machines(of: protect.target, statement: "protect", all: building.committedInOrder) { span, group in
            report(.RP942, group.map { "group '\($0)' reprotects no machine to protect" } ?? "'protect all' but this plan commits no machine",
                   at: span, help: ["commit the failback of the machines first: `commit all`"])
        }
        let serverIndex = resolveIndex(protect.processServer, as: .processServer)
        let server = serverIndex.map { inventory.processServers[$0] }
        for (name, machineSpan, _) in machines {
            guard let record = inventory.machine(name) else { continue }
            let commit = building.commitStep[name]
            if commit == nil, !building.committedInOrder.contains(name), record.state != .committed {
                report(.RP942, "protection of '\(name)' to Azure, which is \(record.state.rawValue) and not committed earlier in this plan",
                       at: machineSpan, help: ["commit its failback first: `commit \(name)`, then `protect \(name) using PROCESS-SERVER`"])
            }
            let appliance = server.flatMap { checkProtectProcessServer($0, for: record, at: protect.processServer.span) }
            let policy = protectPolicy(protect.policy, for: record, at: protect.keyword)
            guard options.producesPlan, let server else { continue }
            let action = ProtectAction(machine: name, architecture: record.architecture, processServer: server.name,
                                       appliance: appliance, policy: policy)
            guard addStep("\(stepPrefix)/protect/\(name)", .protect(action), dependsOn: commit.map { [$0] } ?? [], span: span) != nil
            else { return }
        }
    }

    /// RP943: classic protection replicates through an on-prem process server
    /// of the configuration server; modernized through one of an appliance's.
    /// Returns the appliance of a modernized machine's process server.
    private func checkProtectProcessServer(_ server: ProcessServer, for machine: Machine, at span: Span) -> String? {
        let appliance = inventory.appliances.first { $0.processServers.contains(server.name) }
        switch machine.architecture {
        case .classic where server.site != .onprem || appliance != nil:
            let why = appliance.map { "belongs to appliance '\($0.name)' (modernized)" } ?? "is in Azure"
            report(.RP943, "process server '\(server.name)' \(why): '\(machine.name)' is protected to Azure through an on-premises process server of the configuration server",
                   at: span, help: ["name an on-premises process server of configuration server '\(inventory.configurationServer?.name ?? "?")'"])
        case .modernized where appliance == nil:
            let names = inventory.appliances.flatMap(\.processServers)
            report(.RP943, "process server '\(server.name)' belongs to no replication appliance: '\(machine.name)' is protected to Azure through an appliance's process server",
                   at: span, help: [names.isEmpty ? "add the appliance and its process servers to the inventory" : "name one of: \(names.joined(separator: ", "))"])
        default:
            break
        }
        return appliance?.name
    }

    /// RP944: the forward policy named (or, when none is, the inventory's
    /// only one) is of the machine's architecture: `InMageAzureV2` or `InMageRcm`.
    private func protectPolicy(_ expr: Expr?, for machine: Machine, at keyword: Span) -> String? {
        let kind: FailbackPolicyKind = machine.architecture == .classic ? .inMageAzureV2 : .inMageRcm
        let candidates = inventory.failbackPolicies.filter { $0.kind == kind }.map(\.name)
        let help = candidates.isEmpty ? "add the vault's \(kind.rawValue) policy to the inventory's failback_policies"
            : "name one of: \(candidates.joined(separator: ", "))"
        guard let expr else {
            if candidates.isEmpty {
                report(.RP944, "the inventory has no \(kind.rawValue) policy to protect '\(machine.name)' to Azure with", at: keyword, help: [help])
            }
            return candidates.first
        }
        guard case let .name(name) = expr.kind, let record = inventory.policy(name) else {
            report(.RP944, "'\(file.text(expr.span))' is not a policy of the inventory", at: expr.span, help: [help])
            return nil
        }
        if record.kind != kind {
            report(.RP944, "policy '\(name)' is \(record.kind.rawValue): protecting '\(machine.name)' (\(machine.architecture.rawValue)) to Azure takes a \(kind.rawValue) policy",
                   at: expr.span, help: [help])
        }
        return name
    }

    /// RP945 (a recovery point type on a classic failback, or an unknown one),
    /// RP946 (app-consistent points lag). Modernized default: crash-consistent.
    func recoveryPointType(_ expr: Expr?, of machine: Machine) -> RecoveryPointType? {
        guard machine.architecture == .modernized else {
            if let expr {
                report(.RP945, "'\(machine.name)' fails back under the classic architecture, which always takes the latest recovery point",
                       at: expr.span, help: ["leave 'recovery-point' out"])
            }
            return nil
        }
        guard let expr else { return .crashConsistent }
        guard case let .name(name) = expr.kind, let type = RecoveryPointType(rawValue: name) else {
            report(.RP945, "'\(file.text(expr.span))' is not a recovery point type", at: expr.span,
                   help: ["write `recovery-point crash-consistent` (recommended) or `recovery-point app-consistent`"])
            return .crashConsistent
        }
        if type == .appConsistent {
            let minutes = inventory.failbackPolicy(for: .modernized)?.appConsistentFrequencyMinutes
                ?? Int(FailbackPolicy.appConsistentSnapshotSeconds / 60)
            report(.RP946, "'\(machine.name)' fails back to its latest app-consistent recovery point, which can be up to \(minutes) minutes older than the latest crash-consistent one",
                   at: expr.span, help: ["prefer `recovery-point crash-consistent` unless the application needs app consistency"])
        }
        return type
    }
}
