import RPLSyntax
import RPLCheck
import RPLInventory

/// `rpl plan` for a terminal: what would happen, in which order, where, and
/// when; then how long the whole plan takes, the downtime of each group and
/// machine, the critical path and a Gantt chart. Deterministic
/// for a given width, so golden tests can compare it.
public struct PlanText: Sendable {
    public var width: Int
    public var color: Bool

    /// The width `rpl plan` prints at when standard output is not a
    /// terminal (pipes, files, golden tests).
    public static let defaultWidth = 80

    public init(width: Int = PlanText.defaultWidth, color: Bool = false) {
        self.width = width
        self.color = color
    }

    public func render(_ schedule: Schedule, inventory: Inventory) -> String {
        var out = header(schedule.plan, inventory)
        out += "\n"
        out += table(schedule)
        out += "\n"
        out += "completion: \(ClockFormat.duration(schedule.completionSeconds)) (\(schedule.completionSeconds) s) for the whole plan, "
        out += "most of it replication while Azure still serves the machines\n"
        out += downtimes(schedule)
        out += "critical path (\(schedule.criticalPath.count) step\(schedule.criticalPath.count == 1 ? "" : "s")): "
        out += (schedule.criticalPath.isEmpty ? "none" : schedule.criticalPath.joined(separator: " -> ")) + "\n"
        out += recoveryLocations(schedule)
        if schedule.entries.contains(where: { $0.step.action.kind == .manual }) {
            out += "manual steps are estimated at 0:00:00: the run pauses there until someone confirms\n"
        }
        let chart = GanttChart(width: width, color: color).render(schedule)
        if !chart.isEmpty { out += "\n" + chart }
        return out
    }

    /// Which recovery location each modernized reprotect's estimate assumed.
    func recoveryLocations(_ schedule: Schedule) -> String {
        var machines: [RecoveryLocation: [String]] = [:]
        for entry in schedule.entries { if let r = entry.agentReprotect { machines[r.location, default: []].append(r.machine) } }
        var out = ""
        for location in RecoveryLocation.allCases {
            guard let names = machines[location] else { continue }
            let shown = names.prefix(Self.downtimeLines).joined(separator: ", ") + (names.count > Self.downtimeLines ? ", ..." : "")
            out += "reprotect through a reprotect agent, estimated for the \(location.assumption): \(shown)\n"
        }
        return out
    }

    /// Most lines a plan's downtime list shows; `--format json` lists all.
    static let downtimeLines = 12

    /// The longest outage (the RTO), then each group's and each machine's
    /// that no listed group covers, longest first.
    func downtimes(_ schedule: Schedule) -> String {
        guard let longest = schedule.longestDowntime else { return "downtime: none (nothing fails back)\n" }
        func subject(_ downtime: Downtime) -> String {
            switch downtime.subject {
            case let .group(name): "group \(name)"
            case let .machine(name): "machine \(name)"
            }
        }
        var out = "downtime (RTO): \(ClockFormat.duration(longest.seconds)) at most, \(subject(longest))\n"
        // Machines whose group's downtime is listed: their own line would say it again.
        var groupsListed = Set<String>()
        for downtime in schedule.downtimes { if case let .group(name) = downtime.subject { groupsListed.insert(name) } }
        var covered = Set<String>()
        for entry in schedule.entries {
            if let group = entry.step.group, groupsListed.contains(group), let machine = entry.step.action.machine {
                covered.insert(machine)
            }
        }
        let listed = schedule.downtimes.filter {
            if case let .machine(name) = $0.subject { return !covered.contains(name) }
            return true
        }
        let names = listed.map(subject)
        let width = names.map(\.count).max() ?? 0
        for (downtime, name) in zip(listed, names).prefix(Self.downtimeLines) {
            out += "  " + name + String(repeating: " ", count: width - name.count + 2)
            out += "\(ClockFormat.duration(downtime.seconds))  "
            out += "\(ClockFormat.offset(downtime.startSeconds)) to \(ClockFormat.offset(downtime.endSeconds))\n"
        }
        if listed.count > Self.downtimeLines {
            out += "  ... and \(listed.count - Self.downtimeLines) more (`rpl plan --format json` lists every one)\n"
        }
        return out
    }

    func header(_ plan: EvaluatedPlan, _ inventory: Inventory) -> String {
        var out = "plan \(plan.name)"
        if let version = plan.version { out += " version \(version)" }
        out += "\n"
        func count(_ n: Int, _ singular: String, _ plural: String) -> String { "\(n) \(n == 1 ? singular : plural)" }
        out += "inventory: " + [
            count(inventory.machines.count, "machine", "machines"),
            count(inventory.masterTargets.count, "master target", "master targets"),
            count(inventory.processServers.count, "process server", "process servers"),
            count(inventory.datastores.count, "datastore", "datastores"),
            count(inventory.hosts.count, "ESXi host", "ESXi hosts"),
        ].joined(separator: ", ") + "\n"
        if let network = inventory.network {
            out += "network: \(network.link.rawValue), \(network.bandwidthMbps) Mbps shared by concurrent transfers\n"
        } else {
            out += "network: not in the inventory; estimated at \(TimeModel.standardBandwidthMbps) Mbps\n"
        }
        return out
    }

    /// Steps under their plan group (groups in the order written, plan-level
    /// steps last), each group's steps in start order, columns aligned.
    func table(_ schedule: Schedule) -> String {
        let columns = ["start", "end", "action", "machine", "master target", "process server", "datastore", "retention"]
        var sections: [(title: String, rows: [[String]])] = []
        var sectionIndex: [String: Int] = [:]
        for group in schedule.plan.groups where sectionIndex[group.name] == nil {
            sectionIndex[group.name] = sections.count
            let after = group.after.isEmpty ? "" : " (after \(group.after.joined(separator: ", ")))"
            sections.append(("group \(group.name)\(after)", []))
        }
        let planLevel = "\u{0}plan"
        for entry in schedule.entries {
            let key = entry.step.group ?? planLevel
            if sectionIndex[key] == nil {
                sectionIndex[key] = sections.count
                sections.append((key == planLevel ? "plan steps" : "group \(key)", []))
            }
            sections[sectionIndex[key]!].rows.append(row(entry))
        }
        // Each cell's width in characters, counted once, and each pad made
        // once: counting the cells again to pad them and a new String of
        // spaces per pad cost some 300 M of the table's 1,350 M instructions
        // on 50,000 reprotects.
        let sectionCounts = sections.map { $0.rows.map { $0.map(\.count) } }
        let columnCounts = columns.map(\.count)
        var widths = columnCounts
        for rows in sectionCounts {
            for counts in rows {
                // A row's last cell is never padded, so it never widens a column.
                for (index, count) in counts.enumerated() where index < counts.count - 1 {
                    widths[index] = max(widths[index], count)
                }
            }
        }
        let pads = (0...(widths.max() ?? 0) + 2).map { String(repeating: " ", count: $0) }
        let lineCapacity = widths.reduce(2) { $0 + $1 + 2 } + 1
        func line(_ cells: [String], _ counts: [Int]) -> String {
            var text = "  "
            text.reserveCapacity(lineCapacity)
            for (index, cell) in cells.enumerated() {
                text += cell
                if index < cells.count - 1 { text += pads[widths[index] - counts[index] + 2] }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            text += "\n"
            return text
        }
        var out = line(columns, columnCounts)
        for (section, rowCounts) in zip(sections, sectionCounts) {
            out += section.title + "\n"
            if section.rows.isEmpty { out += "  (no steps)\n" }
            for (row, counts) in zip(section.rows, rowCounts) { out += line(row, counts) }
        }
        return out
    }

    func row(_ entry: ScheduledStep) -> [String] {
        // Each row one array literal: `times + [...]` built a third array per row.
        let start = ClockFormat.offset(entry.startSeconds)
        let end = ClockFormat.offset(entry.endSeconds)
        switch entry.step.action {
        case let .reprotect(r) where r.architecture == .modernized:
            // The writer's column holds the reprotect agent, the last one the log storage account.
            return [start, end, "reprotect", r.machine, entry.agentReprotect.map { "agent \($0.reprotectAgent)" } ?? "(no agent fits)",
                    "-", entry.datastore ?? "-", entry.agentReprotect.map { "log-storage \($0.logStorageAccount)" } ?? "-"]
        case let .reprotect(r):
            return [start, end, "reprotect", r.machine, entry.masterTarget ?? "(none fits)", entry.processServer ?? "-",
                    entry.datastore ?? "-", entry.retention ?? "-"]
        case let .failback(machine, nil):
            return [start, end, "failback", machine, "shut down in Azure, boot on-prem"]
        case let .failback(machine, recoveryPoint?):
            return [start, end, "failback", machine, "shut down in Azure, boot on-prem from the latest \(recoveryPoint.rawValue) point"]
        case let .commit(machine):
            return [start, end, "commit", machine, "Site Recovery removes the Azure VM"]
        case let .protect(p):
            return [start, end, "protect", p.machine, "to Azure", p.processServer, "-", p.policy.map { "policy \($0)" } ?? "-"]
        case let .manual(name, _):
            return [start, end, "manual", name, "pauses the run until confirmed"]
        case let .wait(seconds):
            return [start, end, "wait", NumberLiterals.durationText(seconds)]
        }
    }
}
