import Foundation
import RPLInventory
import RPLStore

/// A large, valid, deterministic estate for benchmarks: the same arguments
/// always give the same inventory. Two Linux machines in three, every tenth
/// block of five machines a replication group, on-prem VMs spread over the
/// hosts with a datastore mounted read-write on their host.
func generateInventory(machines: Int, masterTargets: Int, hosts: Int, datastores: Int, processServers: Int) -> Inventory {
    let hostCount = max(hosts, 1)
    let datastoreCount = max(datastores, 1)
    func pad(_ n: Int, _ width: Int = 5) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    let hostNames = (0..<hostCount).map { "esx\(pad($0 + 1, 3))" }
    let vcenterCount = (hostCount + 49) / 50
    let vcenters = (0..<vcenterCount).map { VCenter(name: "vc\(pad($0 + 1, 2))") }
    let esxiHosts = hostNames.enumerated().map { ESXiHost(name: $0.element, vcenter: vcenters[$0.offset / 50].name) }
    // Datastore d is mounted read-write on hosts d and d+1 (mod the host count).
    let stores = (0..<datastoreCount).map { d in
        let first = hostNames[d % hostCount]
        let second = hostNames[(d + 1) % hostCount]
        let mounts: [(host: String, access: MountAccess)] = first == second ? [(first, .readWrite)] : [(first, .readWrite), (second, .readWrite)]
        return Datastore(name: "ds\(pad(d + 1, 3))", type: .vmfs, freeGB: 4096 + d, mounts: mounts)
    }
    let targets = (0..<masterTargets).map { t in
        let os: OSFamily = t % 3 == 2 ? .windows : .linux
        let volumes = os == .linux
            ? [Volume(path: "/mnt/retention", filesystem: "ext4", capacityGB: 500),
               Volume(path: "/usr/local/ASR", filesystem: "ext4", capacityGB: 100, cache: true, purpose: .none)]
            : [Volume(path: "R:", filesystem: "NTFS", capacityGB: 500),
               Volume(path: "C:", filesystem: "NTFS", capacityGB: 120, cache: true, purpose: .none)]
        return MasterTarget(name: "mt\(pad(t + 1, 4))", os: os, host: hostNames[t % hostCount],
                            diskUUIDs: ["6000c29f-\(pad(t, 8))-0001", "6000c29f-\(pad(t, 8))-0002"],
                            attachedDisks: 2, volumes: volumes)
    }
    let servers = (0..<processServers).map { p in
        ProcessServer(name: "ps\(pad(p + 1, 3))", site: p % 2 == 0 ? .azure : .onprem)
    }
    let booted = Date(timeIntervalSince1970: 1_795_507_200)  // 2026-11-24T08:00:00Z
    let estate = (0..<machines).map { m in
        let os: OSFamily = m % 3 == 2 ? .windows : .linux
        let disks = 1 + m % 4
        let block = m / 5
        let host = m % hostCount
        // Datastore `host` is mounted on this host (when there are at least as many datastores as hosts).
        let datastore = stores[host % datastoreCount].name
        return Machine(
            name: "vm\(pad(m + 1, 6))", os: os,
            osVersion: os == .linux ? "Ubuntu 22.04" : "Windows Server 2019",
            bootedInAzureAt: booted,
            // A replication group shares one OS: blocks of five, all Linux or all Windows by block.
            replicationGroup: block % 10 == 0 ? "rg\(pad(block, 5))" : nil,
            disks: disks, diskGB: 64 * disks,
            diskUUIDs: (0..<disks).map { "6000c29a-\(pad(m, 8))-\(pad($0, 4))" },
            onpremVM: OnPremVM(exists: true, host: hostNames[host], datastores: [datastore]))
    }
    // Replication groups must not mix operating systems: give each group its first member's OS.
    var machinesOut = estate
    var groupOS: [String: OSFamily] = [:]
    for index in machinesOut.indices {
        guard let group = machinesOut[index].replicationGroup else { continue }
        let os = groupOS[group] ?? machinesOut[index].os
        groupOS[group] = os
        machinesOut[index].os = os
        machinesOut[index].osVersion = os == .linux ? "Ubuntu 22.04" : "Windows Server 2019"
    }
    return Inventory(network: Network(link: .siteToSiteVPN, bandwidthMbps: 1000),
                     configurationServer: ConfigurationServer(name: "cs01"),
                     vcenters: vcenters, hosts: esxiHosts, datastores: stores, masterTargets: targets,
                     processServers: servers, machines: machinesOut)
}

/// `rpl-bench inventory-load`: imports a generated estate into a SQLite
/// file and times `InventoryStore.loadInventory()` (the work every
/// `rpl check --inventory DB` does before checking), best of N runs.
let inventoryLoadBenchmark = BenchCommand(
    name: "inventory-load",
    usage: "inventory-load [--machines N] [--master-targets N] [--runs N]",
    summary: "time loading a generated inventory from SQLite (default 50,000 machines, 1,000 master targets)"
) { arguments in
    let options = try BenchOptions(arguments, valued: ["machines", "master-targets", "runs"])
    func number(_ key: String, _ fallback: Int) throws -> Int {
        guard let text = options.values[key] else { return fallback }
        guard let value = Int(text), value >= 0 else { throw UsageError("--\(key) needs a non-negative integer") }
        return value
    }
    let machineCount = try number("machines", 50_000)
    let targetCount = try number("master-targets", 1_000)
    let runs = max(try number("runs", 5), 1)

    var clock = ContinuousClock.now
    let inventory = generateInventory(machines: machineCount, masterTargets: targetCount, hosts: 200,
                                      datastores: 400, processServers: 20)
    let generated = ContinuousClock.now - clock

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("inventory.sqlite").path

    clock = .now
    try InventoryStore(path: path).importInventory(inventory)
    let imported = ContinuousClock.now - clock

    let store = try InventoryStore(path: path, mode: .readOnly)
    var best = Duration.seconds(1_000_000)
    var bestCPU = Double.infinity
    var loaded = Inventory()
    for _ in 0..<runs {
        let cpu = threadCPUSeconds()
        clock = .now
        let fresh = try store.loadInventory()
        best = min(best, ContinuousClock.now - clock)
        bestCPU = min(bestCPU, threadCPUSeconds() - cpu)
        loaded = fresh  // freeing the previous run's inventory is not part of loading
    }
    guard loaded == inventory else { throw BenchFailure("the loaded inventory differs from the imported one") }
    func ms(_ d: Duration) -> String { String(format: "%.1f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) }
    let uuidRows = inventory.machines.reduce(0) { $0 + $1.diskUUIDs.count }
    print("inventory: \(machineCount) machines (\(uuidRows) disk UUIDs), \(targetCount) master targets, 200 hosts, 400 datastores")
    print("generate:  \(ms(generated))")
    print("import:    \(ms(imported)) (one transaction)")
    print("load:      \(ms(best)) wall, \(String(format: "%.1f ms", bestCPU * 1000)) CPU (best of \(runs), read-only open)")
}

/// CPU time of the calling thread: on a busy machine, closer than wall time
/// to what the same work takes on an idle one.
private func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
