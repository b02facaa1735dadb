// rpl-bench: release-build benchmarks with printed figures.
//
//   rpl-bench                     list the benchmarks
//   rpl-bench parse [--runs N]    parse a 50,000-machine plan; compare with luac5.4 -p
//   rpl-bench gen-plan N FILE     write a plan of N machines (groups of 100)
//   rpl-bench gen-lua N FILE      write the same N records as a Lua table
//   rpl-bench commands            every row of the speed table, whole commands vs peer or target
//
// A new benchmark is one file with a `BenchCommand` value and one line in
// `commands` below.
import Foundation

let commands: [BenchCommand] = [
    parseBenchmark,
    checkBenchmark,
    inventoryLoadBenchmark,
    generatePlanCommand,
    generateLuaCommand,
    planBenchmark,
    commandsBenchmark,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "-h", name != "--help", name != "help" else {
    print("usage: rpl-bench COMMAND [ARGS...]\n\ncommands:")
    for command in commands { print("  \(command.usage.padding(toLength: 44, withPad: " ", startingAt: 0))  \(command.summary)") }
    exit(0)
}
guard let command = commands.first(where: { $0.name == name }) else {
    FileHandle.standardError.write(Data("rpl-bench: unknown command '\(name)' (try rpl-bench --help)\n".utf8))
    exit(2)
}
do {
    try command.run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("rpl-bench \(name): \(error)\n".utf8))
    exit(error is UsageError ? 2 : 1)
}
