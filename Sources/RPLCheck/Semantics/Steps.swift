import RPLInventory
import RPLSource
import RPLSyntax

extension Evaluator {
    func executeReprotect(_ reprotect: Reprotect, span: Span) {
        if let named = reprotectAgentNamed(by: reprotect.masterTarget) {
            executeModernizedReprotect(reprotect, through: named)
            return
        }
        if case .auto = reprotect.masterTarget, reprotect.logStorage != nil {
            executeModernizedReprotect(reprotect, through: nil)
            return
        }
        if let logStorage = reprotect.logStorage {
            report(.RP909, "'log-storage' belongs to a reprotect through a reprotect agent, not a master target", at: logStorage.span,
                   help: ["leave it out, or name a reprotect agent after 'using'"])
        }
        // Resolving these leaves the bindings as it found them (a call's scope ends with it).
        let nothingBound = nothingIsBound
        let machineIndex = resolveIndex(reprotect.machine, as: .machine, nothingBound: nothingBound)
        // Each record is kept as its position in the inventory's array, not copied (`RecordSlot`).
        var masterTarget: RecordSlot<MasterTarget> = .auto
        var masterTargetName: String?
        if case let .expr(expr) = reprotect.masterTarget {
            if let index = resolveIndex(expr, as: .masterTarget, nothingBound: nothingBound) {
                masterTarget = RecordSlot(at: index, of: inventory.masterTargets)
                masterTargetName = inventory.masterTargets[index].name
            } else {
                masterTarget = .unresolved
            }
        }
        var processServer: RecordSlot<ProcessServer> = .unresolved
        var processServerName = ""
        if let expr = reprotect.processServer, let index = resolveIndex(expr, as: .processServer, nothingBound: nothingBound) {
            processServer = RecordSlot(at: index, of: inventory.processServers)
            processServerName = inventory.processServers[index].name
        }
        var datastore: RecordSlot<Datastore> = .auto
        var datastoreName: String?
        if let expr = reprotect.datastore {
            if let index = resolveIndex(expr, as: .datastore, nothingBound: nothingBound) {
                datastore = RecordSlot(at: index, of: inventory.datastores)
                datastoreName = inventory.datastores[index].name
            } else {
                datastore = .unresolved
            }
        }
        var retention: String?
        if let expr = reprotect.retention {
            let value = evaluate(expr)
            switch value {
            case let .string(path): retention = path
            case .invalid: break
            default:
                report(.RP104, "'retention' needs a volume path as a string (\"R:\" or \"/mnt/retention\"), found \(value.type)",
                       at: expr.span)
            }
        }
        if let expr = reprotect.policy { checkPolicy(expr) }

        guard let machineIndex else { return }
        let machineRecord = inventory.machines[machineIndex]
        let machineName = machineRecord.name
        if options.producesPlan {
            let action = ReprotectAction(machine: machineName, masterTarget: masterTargetName, processServer: processServerName,
                                         datastore: datastoreName, retention: retention)
            guard let id = addStep("\(stepPrefix)/reprotect/\(machineName)", .reprotect(action), dependsOn: [], span: span) else { return }
            if building.reprotectStep[machineName] == nil { building.reprotectStep[machineName] = id }
        }
        building.addToCurrentGroup(machineName)
        building.reprotectedInOrder.append(machineName)
        building.reprotects.append(PlannedReprotect(machineAt: machineIndex, of: inventory.machines, masterTarget: masterTarget,
                                                    processServer: processServer, datastore: datastore, retention: retention,
                                                    group: building.currentGroup))
        if file !== rootFile, let site = callSite {
            building.reprotectSpans.append(StepSpans(file: rootFile, statement: site, machine: site, masterTarget: site,
                                            processServer: site, datastore: site, retention: site, policy: site))
        } else {
            building.reprotectSpans.append(StepSpans(file: file, statement: reprotect.keyword, machine: reprotect.machine.span,
                                            masterTarget: reprotect.masterTarget.span,
                                            processServer: reprotect.processServer?.span ?? reprotect.masterTarget.span,
                                            datastore: reprotect.datastore?.span, retention: reprotect.retention?.span,
                                            policy: reprotect.policy?.span))
        }
    }

    /// RP706: the failback policy is chosen automatically and cannot be edited.
    func checkPolicy(_ expr: Expr) {
        let help = ["leave 'policy' out: the automatic failback policy is selected for you"]
        if case let .name(name) = expr.kind, lookup(name) == nil {
            report(.RP706, "'\(name)' is not the automatic failback policy", at: expr.span, help: help)
            return
        }
        let value = evaluate(expr)
        if case .invalid = value { return }
        if value.equals(Builtins.failbackPolicy) != true {
            report(.RP706, "only the automatic failback policy can be used (RPO threshold 15m, recovery-point retention 24h, app-consistent snapshots every 60m); it cannot be edited",
                   at: expr.span, help: help)
        }
    }

    func executeFailback(_ failback: Failback, span: Span) {
        // The machine, and the plan group it fails back with (`failback GROUP`).
        let machines = machines(of: failback.target, statement: "failback", all: building.reprotectedInOrder) { span, group in
            if let group {
                report(.RP708, "group '\(group)' reprotects no machine to fail back", at: span)
            } else {
                report(.RP708, "'failback all' but this plan reprotects no machine", at: span,
                       help: ["reprotect the machines first; failback needs them in the reprotected state"])
            }
        }
        for (name, machineSpan, withGroup) in machines {
            guard let record = inventory.machine(name) else { continue }
            let dependencies = building.reprotectStep[name].map { [$0] } ?? []
            let recoveryPoint = recoveryPointType(failback.recoveryPoint, of: record)
            if options.producesPlan {
                guard let id = addStep("\(stepPrefix)/failback/\(name)", .failback(machine: name, recoveryPoint: recoveryPoint),
                                       dependsOn: dependencies, span: span, failsBackWithGroup: withGroup)
                else { return }
                if building.failbackStep[name] == nil { building.failbackStep[name] = id }
            }
            building.failedBackInOrder.append(name)
            building.failbacks.append(PlannedFailback(machine: record, group: building.currentGroup, reprotectsBefore: building.reprotects.count,
                                                      reprotectedThroughAgentEarlier: building.reprotectedThroughAgent.contains(name)))
            let (spanFile, statement, target) = file !== rootFile && callSite != nil
                ? (rootFile, callSite!, callSite!) : (file, failback.keyword, machineSpan)
            building.failbackSpans.append(StepSpans(file: spanFile, statement: statement, machine: target,
                                           masterTarget: target, processServer: target))
        }
    }

    /// The machines a failback, commit or protect names, each with the span
    /// to report it at and the plan group it was named through: `all` is
    /// `all` (in plan order, once each), a group is the machines it reprotects.
    /// `empty` reports a target that names none.
    func machines(of target: Failback.Target, statement: String, all: [String],
                  empty: (Span, _ group: String?) -> Void) -> [(String, Span, group: String?)] {
        var machines: [(String, Span, group: String?)] = []
        switch target {
        case let .all(allSpan):
            var seen = Set<String>()
            for machine in all where seen.insert(machine).inserted { machines.append((machine, allSpan, nil)) }
            if machines.isEmpty { empty(allSpan, nil) }
        case let .expr(expr):
            if case let .name(name) = expr.kind, lookup(name) == nil, building.declaredGroups[name] != nil {
                for machine in building.machines(ofGroup: name) { machines.append((machine, expr.span, name)) }
                if machines.isEmpty { empty(expr.span, name) }
            } else {
                let value = evaluate(expr)
                for item in flatten(value) {
                    switch item {
                    case let .entity(.machine, name): machines.append((name, expr.span, nil))
                    case let .entity(.group, name): for machine in building.machines(ofGroup: name) { machines.append((machine, expr.span, name)) }
                    case .invalid: break
                    default:
                        report(.RP104, "'\(statement)' needs a machine, a group or 'all', found \(item.type)", at: expr.span)
                    }
                }
            }
        }
        return machines
    }

    private func flatten(_ value: Value) -> [Value] {
        if case let .list(items) = value { return items.flatMap(flatten) }
        return [value]
    }
}
