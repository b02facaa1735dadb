import Foundation
import RPLSource
import RPLSyntax

/// Parse speed against a production parser of a small language: rpl
/// parsing a 50,000-machine plan in-process versus `luac5.4 -p` reading
/// the same records as a Lua table (a process start included, which is
/// about a millisecond). Target: rpl within 1.5 times luac.
let parseBenchmark = BenchCommand(
    name: "parse", usage: "parse [--runs N] [--machines N] [--dir D]",
    summary: "parse a 50,000-machine plan; compare with luac5.4 -p"
) { arguments in
    let options = try BenchOptions(arguments, valued: ["runs", "machines", "dir"])
    let runs = try options.int("runs", default: 7)
    let machines = try options.int("machines", default: 50_000)
    let directory = options.values["dir"] ?? "bench-out"
    let targetRatio = 1.5

    let planPath = "\(directory)/plan-\(machines).rpl"
    let luaPath = "\(directory)/plan-\(machines).lua"
    try FileManager.default.writeBench(SyntheticEstate.plan(machines), to: planPath)
    try FileManager.default.writeBench(SyntheticEstate.lua(machines), to: luaPath)
    guard let planData = FileManager.default.contents(atPath: planPath),
          let luaData = FileManager.default.contents(atPath: luaPath) else { throw BenchFailure("cannot read back \(planPath)") }
    let planBytes = Array(planData)
    let megabytes = Double(planBytes.count) / 1_000_000

    print("parse: \(machines) machines, \(runs) runs each, median")
    print(String(format: "  plan  %@  %.2f MB", planPath, megabytes))
    print(String(format: "  lua   %@  %.2f MB", luaPath, Double(luaData.count) / 1_000_000))

    // Warm-up, and a check that the benchmark measures a clean parse.
    let tree = Parser.parse(SourceFile(name: planPath, bytes: planBytes))
    guard tree.diagnostics.isEmpty else {
        throw BenchFailure("the generated plan has \(tree.diagnostics.count) diagnostics; first: \(tree.diagnostics[0].message)")
    }
    let reprotects = tree.statements.reduce(0) { count, statement in
        if case let .group(group) = statement.kind { return count + group.body.statements.count }
        return count
    }
    guard reprotects == machines else { throw BenchFailure("parsed \(reprotects) reprotects, expected \(machines)") }

    var rplSamples: [Double] = []
    for _ in 0..<runs {
        rplSamples.append(Timing.measure {
            let parsed = Parser.parse(SourceFile(name: planPath, bytes: planBytes))
            precondition(parsed.diagnostics.isEmpty)
        })
    }
    let rpl = Timing.median(rplSamples)
    print("  rpl parse      \(Timing.milliseconds(rpl))" + String(format: "   %.0f MB/s", megabytes / rpl))

    guard let luac = Tools.find("luac5.4") else {
        print("  luac5.4 -p     MISSING: install Debian's lua5.4 (apt-get install lua5.4) to compare; no ratio")
        return
    }
    try Tools.run(luac, ["-p", luaPath])
    var luacSamples: [Double] = []
    for _ in 0..<runs { luacSamples.append(try Timing.measure { try Tools.run(luac, ["-p", luaPath]) }) }
    let lua = Timing.median(luacSamples)
    print("  luac5.4 -p     \(Timing.milliseconds(lua))" + String(format: "   %.0f MB/s", Double(luaData.count) / 1_000_000 / lua))
    let ratio = rpl / lua
    let verdict = ratio <= targetRatio ? "within target" : "SLOWER than target"
    print(String(format: "  ratio rpl/luac %.2fx (target <= %.1fx): %@", ratio, targetRatio, verdict))
}
