import Foundation
import RPLCheck
import RPLInventory
import RPLSource
import RPLStore
import RPLSyntax

/// `rpl-bench check`: the whole `rpl check --inventory DB PLAN` on a
/// 50,000-machine plan against a 50,000-machine inventory database (1,000
/// master targets, 100 hosts, 40 datastores, 20 process servers), run as
/// the real `rpl` binary, wall time and peak memory, side by side with
/// `lua5.4` loading the same 50,000 records as a Lua table and validating
/// each name against lookup tables. Targets: at most 1.0x lua in wall and
/// CPU time, under 80 MB.
let checkBenchmark = BenchCommand(
    name: "check", usage: "check [--runs N] [--dir D]",
    summary: "check a 50,000-machine plan against a 50,000-machine database; compare with lua5.4"
) { arguments in
    let options = try BenchOptions(arguments, valued: ["runs", "dir"])
    let runs = try options.int("runs", default: 5)
    let directory = options.values["dir"] ?? "bench-out"
    let estate = CheckEstate.make(machines: 50_000)

    let databasePath = "\(directory)/check-inventory.sqlite"
    let planPath = "\(directory)/check-plan.rpl"
    let luaPath = "\(directory)/check-validate.lua"
    try? FileManager.default.removeItem(atPath: databasePath)
    try FileManager.default.writeBench(estate.plan, to: planPath)
    try FileManager.default.writeBench(estate.lua, to: luaPath)
    try InventoryStore(path: databasePath).importInventory(estate.inventory)
    print("check: 50,000 machines, 1,000 master targets, 100 hosts, 40 datastores, 20 process servers; \(runs) runs, median")
    print(String(format: "  plan %@  %.2f MB", planPath, Double(estate.plan.utf8.count) / 1e6))

    // In-process phases, to see where the time goes.
    let store = try InventoryStore(path: databasePath, mode: .readOnly)
    var inventory = Inventory()
    let load = Timing.measure { inventory = try! store.loadInventory() }
    var tree: SyntaxTree?
    let parse = Timing.measure { tree = Parser.parse(SourceFile(name: planPath, bytes: Array(estate.plan.utf8))) }
    var result: CheckResult?
    let check = Timing.measure { result = Checker.check(tree!, inventory: inventory) }
    let errors = result!.diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else {
        throw BenchFailure("the generated plan should check clean; first error: \(errors[0].code.rawValue) \(errors[0].message)")
    }
    print("  phases (in process): load \(Timing.milliseconds(load)), parse \(Timing.milliseconds(parse)), check \(Timing.milliseconds(check)), \(result!.plan!.steps.count) steps")

    // The real command, as a user runs it.
    let rpl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rpl").path
    guard FileManager.default.isExecutableFile(atPath: rpl) else {
        throw BenchFailure("\(rpl) is missing: build it in the same configuration (bench/run.sh does)")
    }
    let rplCheck = try Sample.median(runs: runs, rpl, ["check", "--inventory", databasePath, planPath])
    print("  rpl check            \(rplCheck.text) (target < 80 MB)")

    guard let lua = Tools.find("lua5.4") else {
        print("  lua5.4         MISSING: install Debian's lua5.4 to compare; no ratio")
        return
    }
    let luaCheck = try Sample.median(runs: runs, lua, [luaPath])
    print("  lua5.4 load+validate \(luaCheck.text)")
    let wall = rplCheck.wall / luaCheck.wall
    let cpu = rplCheck.cpu / luaCheck.cpu
    print(String(format: "  ratio rpl/lua %.2fx wall, %.2fx cpu (target <= 1.0x both): %@; memory %@", wall, cpu,
                 wall <= 1 && cpu <= 1 ? "within target" : "SLOWER than target", rplCheck.peakMB < 80 ? "within target" : "OVER target"))
}

/// A clean estate for the check benchmark: every machine placed on a master
/// target of its OS whose host has the machine's datastore mounted
/// read-write, whole replication groups together, at most 60 disks a
/// master target — so the measured check is the full check of a plan
/// that passes, not the rendering of thousands of errors.
struct CheckEstate {
    var inventory: Inventory
    var plan: String
    var lua: String

    static func make(machines count: Int) -> CheckEstate {
        var inventory = generateInventory(machines: count, masterTargets: 1_000, hosts: 100, datastores: 40, processServers: 20)
        let hostsWithDatastores = min(inventory.datastores.count, inventory.hosts.count)
        // Which master target each machine goes to, for the plan below.
        let assignment = inventory.update { records -> [Int] in
            for index in records.masterTargets.indices {
                records.masterTargets[index].host = records.hosts[index % hostsWithDatastores].name
            }
            var load = [Int](repeating: 2, count: records.masterTargets.count)
            var byOS: [OSFamily: [Int]] = [:]
            for (index, target) in records.masterTargets.enumerated() { byOS[target.os, default: []].append(index) }
            var cursor: [OSFamily: Int] = [:]
            var groupTarget: [String: Int] = [:]
            var assignment = [Int](repeating: 0, count: records.machines.count)
            for index in records.machines.indices {
                var machine = records.machines[index]
                machine.disks = 1
                machine.diskGB = 64
                machine.diskUUIDs = Array(machine.diskUUIDs.prefix(1))
                let target: Int
                if let group = machine.replicationGroup, let chosen = groupTarget[group] {
                    target = chosen
                } else {
                    let candidates = byOS[machine.os]!
                    var position = cursor[machine.os, default: 0]
                    while load[candidates[position % candidates.count]] >= 55 { position += 1 }
                    target = candidates[position % candidates.count]
                    cursor[machine.os] = position + 1
                    if let group = machine.replicationGroup { groupTarget[group] = target }
                }
                load[target] += 1
                assignment[index] = target
                let host = records.masterTargets[target].host
                let datastore = records.datastores[target % hostsWithDatastores].name
                machine.onpremVM = OnPremVM(exists: true, host: host, datastores: [datastore])
                records.machines[index] = machine
            }
            return assignment
        }
        let azureServers = inventory.processServers.filter { $0.site == .azure }.map(\.name)

        var plan = "# Generated for rpl-bench check: \(count) machines in groups of 100.\nplan check-estate version 1 <\n"
        var lua = "local machines, master_targets, process_servers, datastores = {}, {}, {}, {}\n"
        plan.reserveCapacity(count * 100)
        lua.reserveCapacity(count * 200)
        for machine in inventory.machines { lua += "machines[\"\(machine.name)\"] = true\n" }
        for target in inventory.masterTargets { lua += "master_targets[\"\(target.name)\"] = true\n" }
        for server in inventory.processServers { lua += "process_servers[\"\(server.name)\"] = true\n" }
        for store in inventory.datastores { lua += "datastores[\"\(store.name)\"] = true\n" }
        lua += "local plan = {\n"
        for (index, machine) in inventory.machines.enumerated() {
            if index % 100 == 0 {
                if index > 0 { plan += "  >\n" }
                plan += "  group g\(index / 100 + 1) <\n"
            }
            let target = inventory.masterTargets[assignment[index]]
            let server = azureServers[index % azureServers.count]
            let datastore = machine.onpremVM.datastores[0]
            plan += "    reprotect \(machine.name) using \(target.name) \(server) datastore \(datastore) retention \"\(target.defaultRetentionPath)\"\n"
            lua += "  {machine=\"\(machine.name)\", master_target=\"\(target.name)\", process_server=\"\(server)\", datastore=\"\(datastore)\", retention=\"\(target.defaultRetentionPath)\"},\n"
        }
        plan += "  >\n>\n"
        lua += """
        }
        local unknown = 0
        for _, r in ipairs(plan) do
          if not machines[r.machine] then unknown = unknown + 1 end
          if not master_targets[r.master_target] then unknown = unknown + 1 end
          if not process_servers[r.process_server] then unknown = unknown + 1 end
          if not datastores[r.datastore] then unknown = unknown + 1 end
        end
        if unknown > 0 then error(unknown .. " unknown names") end

        """
        return CheckEstate(inventory: inventory, plan: plan, lua: lua)
    }
}

/// Runs a program to its end and reports its times. Not its peak memory:
/// Linux starts a spawned child's peak at its parent's size
/// (`Sample.peakMegabytes` reads it one hop away).
enum ChildProcess {
    /// Wall time, CPU time (user + system) and exit status.
    static func measure(_ executable: String, _ arguments: [String]) throws -> (seconds: Double, cpuSeconds: Double, status: Int32) {
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            throw BenchFailure("cannot start \(executable)")
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func time(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
        return (seconds, time(usage.ru_utime) + time(usage.ru_stime), (status >> 8) & 0xFF)
    }
}
