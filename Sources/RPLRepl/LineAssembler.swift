/// Gathers typed lines into inputs: a line that leaves a `<` block open
/// waits for the lines that close it; a meta-command is always one line.
public struct LineAssembler: Sendable {
    public private(set) var pending: [String] = []

    public init() {}

    /// True while a block is open: the terminal shows the continuation prompt.
    public var isContinuing: Bool { !pending.isEmpty }

    /// Adds a line; returns the whole input once it is complete.
    public mutating func add(_ line: String) -> String? {
        if pending.isEmpty {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix(":") || trimmed.isEmpty { return line }
        }
        pending.append(line)
        let text = pending.joined(separator: "\n")
        guard InputBalance.isComplete(text) else { return nil }
        pending = []
        return text
    }

    /// What is left at the end of input (an unclosed block, for the checker to report).
    public mutating func flush() -> String? {
        defer { pending = [] }
        return pending.isEmpty ? nil : pending.joined(separator: "\n")
    }

    /// Ctrl-C: forget the input being typed.
    public mutating func cancel() { pending = [] }
}

/// Where the REPL keeps its history: `$XDG_STATE_HOME/rpl/history`, or
/// `~/.local/state/rpl/history` (the XDG base directory default).
public enum HistoryLocation {
    public static func path(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/rpl/history" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/rpl/history"
    }
}
