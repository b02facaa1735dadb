import RPLSource

/// `rpl diff` for people (text), for tools (JSON, docs/cli.md) and for a
/// pull-request comment (Markdown). `oldLabel`/`newLabel` say where each
/// version came from (`HEAD~1:plans/erp.rpl`, `run r2026...`).
public struct DiffRendering: Sendable {
    public var oldLabel: String
    public var newLabel: String

    public init(oldLabel: String, newLabel: String) {
        self.oldLabel = oldLabel
        self.newLabel = newLabel
    }

    static let sameBehaviour = "no change in behaviour"

    private func title(_ diff: BehaviourDiff) -> String {
        func version(_ plan: PlanBehaviour) -> String { plan.name + (plan.version.map { " version \($0)" } ?? "") }
        let names = version(diff.old) == version(diff.new) ? version(diff.new) : "\(version(diff.old)) -> \(version(diff.new))"
        return "plan \(names): \(oldLabel) -> \(newLabel)"
    }

    private func sign(_ kind: BehaviourChange.Kind) -> String {
        switch kind {
        case .added: "+"
        case .removed: "-"
        case .changed: "~"
        }
    }

    /// One change in a sentence, the same in text and Markdown.
    public func sentence(_ change: BehaviourChange) -> String {
        switch change.kind {
        case .added: change.subject + (change.after.map { ": \($0)" } ?? "")
        case .removed: change.subject + (change.before.map { ": \($0)" } ?? "")
        case .changed:
            (change.field.isEmpty ? change.subject : "\(change.subject), \(change.field)")
                + ": \(change.before ?? "-") -> \(change.after ?? "-")"
        }
    }

    public func text(_ diff: BehaviourDiff) -> String {
        var out = title(diff) + "\n"
        guard !diff.isSameBehaviour else { return out + Self.sameBehaviour + "\n" }
        for section in BehaviourChange.Section.allCases {
            let changes = diff.changes.filter { $0.section == section }
            guard !changes.isEmpty else { continue }
            out += section.rawValue + "\n"
            for change in changes { out += "  \(sign(change.kind)) \(sentence(change))\n" }
        }
        return out
    }

    public func markdown(_ diff: BehaviourDiff) -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "### rpl diff: \(cell(title(diff)))\n\n"
        guard !diff.isSameBehaviour else { return out + "**\(Self.sameBehaviour)**\n" }
        let count = diff.changes.count
        out += "**\(count) change\(count == 1 ? "" : "s") in behaviour**\n"
        for section in BehaviourChange.Section.allCases {
            let changes = diff.changes.filter { $0.section == section }
            guard !changes.isEmpty else { continue }
            out += "\n#### \(section.rawValue)\n\n| | what | before | after |\n|---|---|---|---|\n"
            for change in changes {
                let what = change.field.isEmpty ? change.subject : "\(change.subject): \(change.field)"
                out += "| \(sign(change.kind)) | \(cell(what)) | \(cell(change.before ?? "")) | \(cell(change.after ?? "")) |\n"
            }
        }
        return out
    }

    public func json(_ diff: BehaviourDiff) -> String {
        func side(_ plan: PlanBehaviour, _ label: String) -> JSONValue {
            .object([
                ("source", .string(label)),
                ("plan", .string(plan.name)),
                ("version", plan.version.map { .number(Double($0)) } ?? .null),
                ("completion_seconds", plan.schedule.map { .number(Double($0.completionSeconds)) } ?? .null),
                ("longest_downtime_seconds", plan.schedule?.longestDowntime.map { .number(Double($0)) } ?? .null),
            ])
        }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let value = JSONValue.object([
            ("old", side(diff.old, oldLabel)),
            ("new", side(diff.new, newLabel)),
            ("same_behaviour", .bool(diff.isSameBehaviour)),
            ("changes", .array(diff.changes.map { change in
                .object([
                    ("section", .string(change.section.rawValue)),
                    ("kind", .string(change.kind.rawValue)),
                    ("subject", .string(change.subject)),
                    ("field", change.field.isEmpty ? .null : .string(change.field)),
                    ("before", text(change.before)),
                    ("after", text(change.after)),
                ])
            })),
        ])
        return value.serialized(pretty: true) + "\n"
    }
}
