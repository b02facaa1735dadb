import ArgumentParser

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Dry run: the schedule, per-machine parameters, RTO and critical path.")
    @Argument var plan: String
    func run() throws { try notBuiltYet("plan") }
}
