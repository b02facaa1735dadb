import ArgumentParser

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Dry run: the schedule, per-machine parameters, RTO and critical path.")
    @Argument var plan: String
    func run() throws { try notBuiltYet("plan") }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Execute a plan through a provider, journaled in SQLite.")
    @Argument var plan: String
    func run() throws { try notBuiltYet("run") }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Continue an interrupted or paused run without repeating finished steps.")
    @Argument var runID: String
    func run() throws { try notBuiltYet("resume") }
}

struct Jobs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List runs and their steps (the Jobs tab).")
    @Argument var runID: String?
    func run() throws { try notBuiltYet("jobs") }
}

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Interactive session on libedit.")
    func run() throws { try notBuiltYet("repl") }
}

struct Inventory: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load and view the inventory.")
    func run() throws { try notBuiltYet("inventory") }
}
