import RPLCheck
/// A text Gantt chart of a schedule: one bar per step, scaled to the
/// terminal's width. Reprotects are `#`, failbacks `=`, waits `-`, manual
/// steps a `!` where the run pauses; steps on the critical path are marked
/// `*` beside their name.
public struct GanttChart: Sendable {
    /// Past this many steps one bar per step is unreadable: one bar per plan group instead.
    public static let maxStepRows = 200
    /// The step names' column never takes more than this; longer ids are cut.
    public static let maxLabelWidth = 32
    /// Narrower than this the bars say nothing.
    public static let minBarWidth = 20

    public var width: Int
    public var color: Bool

    public init(width: Int = 80, color: Bool = false) {
        self.width = width
        self.color = color
    }

    struct Row {
        var label: String
        var start: Int64
        var end: Int64
        var glyph: Character
        var critical: Bool
    }

    public func render(_ schedule: Schedule) -> String {
        let critical = Set(schedule.criticalPath)
        var rows: [Row]
        var note: String?
        if schedule.entries.count <= GanttChart.maxStepRows {
            rows = schedule.entries.map { entry in
                Row(label: entry.id, start: entry.startSeconds, end: entry.endSeconds,
                    glyph: GanttChart.glyph(entry.step.action.kind), critical: critical.contains(entry.id))
            }
        } else {
            rows = GanttChart.groupRows(schedule, critical: critical)
            note = "(\(schedule.entries.count) steps: one bar per group)"
        }
        guard !rows.isEmpty else { return "" }
        let labelWidth = min(GanttChart.maxLabelWidth, rows.map(\.label.count).max() ?? 0)
        let barWidth = max(GanttChart.minBarWidth, width - labelWidth - 4)
        let total = max(schedule.completionSeconds, 1)
        func column(_ seconds: Int64) -> Int { Int((Double(seconds) * Double(barWidth) / Double(total)).rounded(.down)) }

        var out = ""
        let endLabel = ClockFormat.duration(schedule.completionSeconds)
        let scale = "0" + String(repeating: " ", count: max(1, barWidth - endLabel.count - 1)) + endLabel
        out += String(repeating: " ", count: labelWidth + 3) + scale + "\n"
        for row in rows {
            var bar = Array(repeating: Character(" "), count: barWidth)
            let first = min(barWidth - 1, column(row.start))
            let last = max(first + 1, min(barWidth, column(row.end)))
            for index in first..<last { bar[index] = row.glyph }
            let label = GanttChart.cut(row.label, to: labelWidth)
            let mark = row.critical ? "*" : " "
            var drawn = String(bar)
            if color {
                let paint = row.critical ? "\u{1B}[1;31m" : (row.glyph == "#" ? "\u{1B}[36m" : "\u{1B}[33m")
                let head = String(bar[0..<first])
                let body = String(bar[first..<last])
                let tail = String(bar[last...])
                drawn = head + paint + body + "\u{1B}[0m" + tail
            }
            out += mark + label + String(repeating: " ", count: labelWidth - label.count) + " |" + drawn + "|\n"
        }
        if let note { out += note + "\n" }
        return out
    }

    static func glyph(_ kind: ActionKind) -> Character {
        switch kind {
        case .reprotect: "#"
        case .failback: "="
        case .commit: "c"
        case .protect: "p"
        case .manual: "!"
        case .wait: "-"
        }
    }

    static func cut(_ label: String, to width: Int) -> String {
        label.count <= width ? label : String(label.prefix(max(0, width - 1))) + "~"
    }

    /// One bar per plan group (plan-level steps together), from its first start to its last end.
    static func groupRows(_ schedule: Schedule, critical: Set<String>) -> [Row] {
        var order: [String] = schedule.plan.groups.map(\.name)
        var spans: [String: Row] = [:]
        for entry in schedule.entries {
            let name = entry.step.group ?? "(plan)"
            if spans[name] == nil, !order.contains(name) { order.append(name) }
            var row = spans[name] ?? Row(label: name, start: entry.startSeconds, end: entry.endSeconds, glyph: "#", critical: false)
            row.start = min(row.start, entry.startSeconds)
            row.end = max(row.end, entry.endSeconds)
            row.critical = row.critical || critical.contains(entry.id)
            spans[name] = row
        }
        return order.compactMap { spans[$0] }
    }
}
