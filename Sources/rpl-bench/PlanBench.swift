import Foundation
import RPLCheck
import RPLInventory
import RPLRuntime
import RPLSource

/// `rpl-bench plan`: schedules an evaluated plan of 50,000 reprotects (500
/// groups of 100, each after the one before, every master target `auto`)
/// on the generated estate of 50,000 machines, 1,000 master targets, 100
/// hosts, 40 datastores and 20 process servers, and times `Scheduler.schedule`
/// and both renderings. The whole `rpl plan` should stay under 2 s; the
/// scheduler's share is meant to be small (under 300 ms).
func runPlanBenchmark(_ arguments: [String] = []) throws {
    let options = try BenchOptions(arguments, valued: ["runs", "groups", "per-group"])
    let runs = try options.int("runs", default: 5)
    let groups = try options.int("groups", default: 500)
    let perGroup = try options.int("per-group", default: 100)
    let machineCount = groups * perGroup

    let inventory = schedulableEstate(machines: machineCount, masterTargets: 1_000, hosts: 100, datastores: 40,
                                      processServers: 20)
    let plan = benchmarkPlan(inventory: inventory, groups: groups, perGroup: perGroup)

    var result: Scheduler.Result?
    var samples: [Double] = []
    for _ in 0..<runs {
        samples.append(Timing.measure { result = Scheduler.schedule(plan, inventory: inventory) })
    }
    guard let result else { return }
    var text = ""
    var json = ""
    let textTime = Timing.measure { text = PlanText(width: 100).render(result.schedule, inventory: inventory) }
    let jsonTime = Timing.measure { json = PlanJSON.render(result.schedule) }

    let placed = result.schedule.entries.filter { $0.masterTarget != nil }.count
    print("plan: \(plan.steps.count) reprotects (\(groups) groups x \(perGroup), using auto) on \(inventory.masterTargets.count) master targets, \(inventory.processServers.count) process servers")
    print(String(format: "  schedule: median %.1f ms, best %.1f ms over %d runs", Timing.median(samples) * 1000, (samples.min() ?? 0) * 1000, runs))
    print(String(format: "  render:   text %.1f ms (%d bytes), json %.1f ms (%d bytes)", textTime * 1000, text.utf8.count, jsonTime * 1000, json.utf8.count))
    print("  placed \(placed) of \(result.schedule.entries.count); \(result.diagnostics.count) diagnostics; completion \(ClockFormat.duration(result.schedule.completionSeconds)); critical path \(result.schedule.criticalPath.count) steps")
    if let first = result.diagnostics.first { print("  first diagnostic: \(first.code.rawValue) \(first.message)") }
}

let planBenchmark = BenchCommand(
    name: "plan",
    usage: "plan [--runs N] [--groups N] [--per-group N]",
    summary: "time scheduling 50,000 auto-placed reprotects (500 groups x 100)"
) { arguments in try runPlanBenchmark(arguments) }

/// An estate where every machine can be placed: one disk per machine (50
/// per master target on average, under the 60-disk limit), a Windows master
/// target for every third, datastore d mounted read-write on every host h
/// with h mod D = d (so each datastore reaches a few dozen master targets),
/// and replication groups of five machines of one OS. Deterministic.
func schedulableEstate(machines: Int, masterTargets: Int, hosts: Int, datastores: Int, processServers: Int) -> Inventory {
    let hostNames = (0..<hosts).map { "esx\($0)" }
    let stores = (0..<datastores).map { d in
        Datastore(name: "ds\(d)", freeGB: 65_536,
                  mounts: hostNames.indices.filter { $0 % datastores == d }.map { (hostNames[$0], MountAccess.readWrite) })
    }
    let targets = (0..<masterTargets).map { t in
        let os: OSFamily = t % 3 == 2 ? .windows : .linux
        let volume = os == .windows ? Volume(path: "R:", filesystem: "NTFS", capacityGB: 2_048)
                                    : Volume(path: "/mnt/retention", filesystem: "ext4", capacityGB: 2_048)
        return MasterTarget(name: "mt\(t)", os: os, host: hostNames[t % hosts], volumes: [volume])
    }
    let servers = (0..<processServers).map { ProcessServer(name: "ps\($0)", site: .azure) }
    let estate = (0..<machines).map { m in
        // Blocks of five share an OS; every fourth block is a replication group.
        let block = m / 5
        let os: OSFamily = block % 3 == 2 ? .windows : .linux
        let host = (m / 5) % hosts
        return Machine(name: "vm\(m)", os: os, replicationGroup: block % 4 == 0 ? "rg\(block)" : nil,
                       disks: 1, diskGB: 32 + m % 97,
                       onpremVM: OnPremVM(exists: true, host: hostNames[host], datastores: [stores[host % datastores].name]))
    }
    return Inventory(network: Network(link: .expressRoutePrivate, bandwidthMbps: 10_000),
                     configurationServer: ConfigurationServer(name: "cs01"), vcenters: [VCenter(name: "vc01")],
                     hosts: hostNames.map { ESXiHost(name: $0, vcenter: "vc01") }, datastores: stores,
                     masterTargets: targets, processServers: servers, machines: estate)
}

/// The evaluator's output for `groups` groups of `perGroup` reprotects of the
/// inventory's machines in order, each group after the previous one.
func benchmarkPlan(inventory: Inventory, groups: Int, perGroup: Int) -> EvaluatedPlan {
    let file = SourceFile(name: "bench.rpl", text: "# generated\n")
    let span = Span(0, 11)
    var planGroups: [PlanGroup] = []
    var steps: [PlanStep] = []
    steps.reserveCapacity(groups * perGroup)
    for g in 0..<groups {
        let name = "g\(g)"
        planGroups.append(PlanGroup(name: name, after: g == 0 ? [] : ["g\(g - 1)"], span: span))
        for m in 0..<perGroup {
            let index = g * perGroup + m
            guard index < inventory.machines.count else { break }
            let machine = inventory.machines[index]
            let server = inventory.processServers[index % inventory.processServers.count].name
            let action = ReprotectAction(machine: machine.name, masterTarget: nil, processServer: server,
                                         datastore: machine.onpremVM.datastores.first, retention: nil)
            steps.append(PlanStep(id: "\(name)/reprotect/\(machine.name)", action: .reprotect(action), group: name,
                                  dependsOn: [], span: span))
        }
    }
    return EvaluatedPlan(name: "bench", version: 1, file: file, groups: planGroups, steps: steps)
}
