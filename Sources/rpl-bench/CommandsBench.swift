import Foundation
import RPLStore

/// `rpl-bench commands`: the rows of the speed table, each as a user runs
/// the command: the release `rpl` beside this binary, whole processes,
/// medians of wall time and CPU time (user + system), peak memory, next to
/// the peer (luac5.4, lua5.4) or the target. The estate is the check
/// benchmark's: 50,000 machines, 1,000 master targets, 100 hosts, 40
/// datastores, 20 process servers; the same records as a Lua table for Lua.
let commandsBenchmark = BenchCommand(
    name: "commands", usage: "commands [--runs N] [--run-machines N,N] [--dir D]",
    summary: "every row of the speed table: whole rpl commands vs lua5.4/luac5.4 or the target"
) { arguments in
    let options = try BenchOptions(arguments, valued: ["runs", "run-machines", "dir"])
    let runs = try options.int("runs", default: 5)
    let directory = options.values["dir"] ?? "bench-out"
    let runSizes = (options.values["run-machines"] ?? "5000,50000").split(separator: ",").compactMap { Int($0) }
    let rpl = try Peers.rpl()

    let estate = CheckEstate.make(machines: 50_000)
    let database = "\(directory)/commands-inventory.sqlite"
    let plan = "\(directory)/commands-plan.rpl"
    let emptyPlan = "\(directory)/commands-empty.rpl"
    let lua = "\(directory)/commands-validate.lua"
    try? FileManager.default.removeItem(atPath: database)
    try FileManager.default.writeBench(estate.plan, to: plan)
    try FileManager.default.writeBench("plan empty <\n>\n", to: emptyPlan)
    try FileManager.default.writeBench(estate.lua, to: lua)
    try InventoryStore(path: database).importInventory(estate.inventory)
    print(String(format: "commands: whole processes, median of %d; plan %.2f MB, 50,000 machines", runs, Double(estate.plan.utf8.count) / 1e6))
    print("  what                                rpl                              peer / target")

    let luac = Tools.find("luac5.4")
    let luaBinary = Tools.find("lua5.4")
    if luac == nil || luaBinary == nil { print("  (install Debian's lua5.4 for the peer columns)") }

    // rpl --version
    let version = try Sample.median(runs: max(runs, 20), rpl, ["--version"])
    let luaVersion = try luaBinary.map { try Sample.median(runs: max(runs, 20), $0, ["-v"]) }
    Row.print("rpl --version", version, peer: luaVersion.map { ("lua5.4 -v", $0) }, target: "<= 5 ms",
              met: version.wall <= 0.005, extra: "\(Peers.sharedLibraries(rpl)) shared libraries")

    // rpl check --syntax-only: the parse benchmark's plan (4.66 MB) and the same records as a Lua table.
    let parsePlan = "\(directory)/commands-parse.rpl"
    let parseLua = "\(directory)/commands-parse.lua"
    try FileManager.default.writeBench(SyntheticEstate.plan(50_000), to: parsePlan)
    try FileManager.default.writeBench(SyntheticEstate.lua(50_000), to: parseLua)
    let syntax = try Sample.median(runs: runs, rpl, ["check", "--syntax-only", parsePlan])
    let luacParse = try luac.map { try Sample.median(runs: runs, $0, ["-p", parseLua]) }
    Row.print("rpl check --syntax-only", syntax, peer: luacParse.map { ("luac5.4 -p", $0) }, target: "<= 0.5x luac",
              met: luacParse.map { syntax.wall <= 0.5 * $0.wall })

    // rpl check against the database
    let check = try Sample.median(runs: runs, rpl, ["check", "--inventory", database, plan])
    let luaCheck = try luaBinary.map { try Sample.median(runs: runs, $0, [lua]) }
    Row.print("rpl check --inventory DB", check, peer: luaCheck.map { ("lua5.4 load+validate", $0) },
              target: "<= 1.0x lua wall and CPU, < 80 MB",
              met: luaCheck.map { check.wall <= $0.wall && check.cpu <= $0.cpu && check.peakMB < 80 })

    // Inventory load alone: a plan with no steps.
    let load = try Sample.median(runs: runs, rpl, ["check", "--inventory", database, emptyPlan])
    Row.print("inventory load (empty plan)", load, peer: nil, target: "<= 40 ms", met: load.wall <= 0.040)

    // rpl plan, JSON
    let planJSON = try Sample.median(runs: runs, rpl, ["plan", "--inventory", database, "--format", "json", plan])
    Row.print("rpl plan --format json", planJSON, peer: nil, target: "<= 0.4 s", met: planJSON.wall <= 0.4)
    // The same schedule as text: timed beside JSON, no target of its own.
    let planText = try Sample.median(runs: runs, rpl, ["plan", "--inventory", database, plan])
    Row.print("rpl plan (text)", planText, peer: nil, target: "none (timed beside JSON)", met: nil)

    // rpl run through the simulator, on a fresh copy of the database each time.
    for machines in runSizes {
        let sized = machines == 50_000 ? estate : CheckEstate.make(machines: machines)
        let sizedDatabase = "\(directory)/commands-run-\(machines).sqlite"
        let sizedPlan = "\(directory)/commands-run-\(machines).rpl"
        try? FileManager.default.removeItem(atPath: sizedDatabase)
        try InventoryStore(path: sizedDatabase).importInventory(sized.inventory)
        try FileManager.default.writeBench(sized.plan, to: sizedPlan)
        let copy = "\(directory)/commands-run-copy.sqlite"
        let runSamples = machines >= 50_000 ? 3 : runs
        let run = try Sample.median(runs: runSamples, rpl, ["run", sizedPlan, "--inventory", copy, "--provider", "sim"]) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
            try FileManager.default.copyItem(atPath: sizedDatabase, toPath: copy)
        }
        let target = machines == 50_000 ? "<= 10 s" : "(50,000 at <= 10 s)"
        Row.print("rpl run --provider sim, \(machines)", run, peer: nil, target: target,
                  met: machines == 50_000 ? run.wall <= 10 : nil)
    }
}

/// Medians of one command's whole-process figures.
struct Sample {
    var wall: Double
    var cpu: Double
    var peakMB: Double

    /// Runs the command `runs` times (after `prepare`, not timed), output discarded; it must exit 0.
    static func median(runs: Int, _ executable: String, _ arguments: [String], prepare: () throws -> Void = {}) throws -> Sample {
        var walls: [Double] = []
        var cpus: [Double] = []
        for _ in 0..<runs {
            try prepare()
            let result = try ChildProcess.measure(executable, arguments)
            guard result.status == 0 else {
                throw BenchFailure("\(executable) \(arguments.joined(separator: " ")) exited \(result.status)")
            }
            walls.append(result.seconds)
            cpus.append(result.cpuSeconds)
        }
        try prepare()
        return Sample(wall: Timing.median(walls), cpu: Timing.median(cpus), peakMB: try peakMegabytes(executable, arguments))
    }

    /// A child's peak memory, as GNU time reads it: the rusage of a child
    /// spawned from this large process starts at this process's size (Linux
    /// keeps the peak across fork and exec), so it is read one hop away.
    static func peakMegabytes(_ executable: String, _ arguments: [String]) throws -> Double {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return .nan }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-bench-peak-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try ChildProcess.measure("/usr/bin/time", ["-f", "%M", "-o", output, executable] + arguments)
        guard let text = try? String(contentsOfFile: output, encoding: .utf8),
              let kilobytes = text.split(separator: "\n").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) })
        else { return .nan }
        return kilobytes / 1024
    }

    var text: String {
        let time = wall < 1 ? String(format: "%6.1f ms", wall * 1000) : String(format: "%6.2f s ", wall)
        let cpuText = cpu < 1 ? String(format: "cpu %6.1f ms", cpu * 1000) : String(format: "cpu %6.2f s ", cpu)
        return "\(time) \(cpuText) \(String(format: "%4.0f MB", peakMB))"
    }
}

enum Row {
    static func print(_ what: String, _ rpl: Sample, peer: (String, Sample)?, target: String, met: Bool?, extra: String? = nil) {
        var line = "  " + what.padding(toLength: 36, withPad: " ", startingAt: 0) + rpl.text
        if let (name, sample) = peer {
            line += String(format: "   %@ %@ (%.2fx wall, %.2fx cpu)", name, sample.text, rpl.wall / sample.wall, rpl.cpu / max(sample.cpu, 1e-6))
        }
        line += "   target \(target)"
        if let met { line += met ? ": met" : ": NOT MET" }
        if let extra { line += "; \(extra)" }
        Swift.print(line)
    }
}

enum Peers {
    /// The `rpl` built in the same configuration, beside rpl-bench.
    static func rpl() throws -> String {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rpl").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchFailure("\(path) is missing: build it in the same configuration (bench/run.sh does)")
        }
        return path
    }

    /// How many shared libraries the dynamic loader maps for the program (ldd's lines, less the vDSO).
    static func sharedLibraries(_ path: String) -> String {
        guard let ldd = Tools.find("ldd") else { return "?" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ldd)
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "?" }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.split(separator: "\n").filter { !$0.contains("linux-vdso") }.count)
    }
}
