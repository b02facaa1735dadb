import ArgumentParser
import Foundation
import RPLSource

/// The `rpl` command: subcommands hand off to the libraries and map
/// failure to the exit statuses of docs/cli.md (0 ok, 1 plan errors or a failed run,
/// 2 usage, I/O or inventory errors).
@main
struct RPL: ParsableCommand {
    static let version = "0.1.0"

    /// swift-argument-parser exits 64 on a usage error; docs/cli.md says 2.
    static func main() {
        // Answered before the argument parser builds its tree of commands
        // (reflection over every subcommand's options): that was most of
        // `rpl --version`'s time once the libraries were linked statically.
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(version)
            return
        }
        HeapOnHugePages.request()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error) + subcommandHint(Array(CommandLine.arguments.dropFirst())))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }

    /// "did you mean 'check'?" under the usage error when the first word is
    /// a subcommand misspelt: the same rule as for names and keywords.
    static func subcommandHint(_ arguments: [String]) -> String {
        guard let first = arguments.first, !first.hasPrefix("-") else { return "" }
        let names = configuration.subcommands.map { $0._commandName }
        guard !names.contains(first), let phrase = Suggestions.phrase(Suggestions.nearest(to: first, in: names)) else { return "" }
        return "\nhelp: " + phrase
    }

    static let configuration = CommandConfiguration(
        commandName: "rpl",
        abstract: "Check, plan and run recovery plans that reprotect and fail back machines from Azure to on-premises VMware.",
        version: version,
        subcommands: [
            Check.self, Plan.self, Run.self, Resume.self, Jobs.self, Diff.self, Repl.self, Fmt.self, InventoryCommand.self, Explain.self,
        ]
    )
}

/// Exit statuses (docs/cli.md, "Exit status").
enum ExitStatus {
    static let planErrors = ExitCode(1)
    static let usage = ExitCode(2)
}
