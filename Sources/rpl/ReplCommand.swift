import ArgumentParser
import Foundation
import RPLPipeline
import RPLRepl
import RPLTerminal

/// `rpl repl`: an interactive session on libedit, or, when standard input
/// is not a terminal, the same session fed line by line (scripts, replays).
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Interactive session on libedit: the operator's console.",
        discussion: """
            Statements are checked as typed, with those before them; an expression prints its value. \
            :run starts a journaled run of the session's plan on the run database of --inventory (as `rpl run` \
            does: `rpl jobs` sees it), through --provider; :jobs, :resume, :confirm, :watch and :cancel work on \
            that journal. :help lists the commands. History is kept in $XDG_STATE_HOME/rpl/history \
            (~/.local/state/rpl/history). When standard input is not a terminal, lines are read without editing \
            and results printed.
            """)

    @OptionGroup var inventoryOptions: InventoryOptions

    @Option(help: "The time rules depend on (ISO 8601), e.g. 2026-11-24T08:10:00Z. Default: now.")
    var now: String?

    @Option(help: "The provider :run uses: sim, exec:COMMAND or asr.")
    var provider = ProviderArgument(.sim(seed: 1, faults: []))

    @Option(help: "Azure Resource Manager's URL for --provider asr (sovereign clouds, tests).")
    var armEndpoint: String?

    func run() throws {
        let workspace = try inventoryOptions.workspace(now: now)
        let inventory = try pipeline { () throws(PipelineFailure) in try workspace.readInventory() }
        let session = ReplSession(inventory: inventory, workspace: workspace, provider: try provider.with(armEndpoint: armEndpoint))
        let status: Int32
        if isatty(0) == 1 {
            session.color = Terminal.wantsColor(fileDescriptor: 1)
            status = TerminalRepl.run(session: session, historyPath: HistoryLocation.path(environment: ProcessInfo.processInfo.environment))
        } else {
            status = TerminalRepl.runScript(session: session)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
