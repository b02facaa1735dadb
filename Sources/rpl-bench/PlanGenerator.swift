import Foundation

/// The synthetic estate the benchmarks use: N machines in groups of 100,
/// spread over 60 master targets, 12 process servers and 24 datastores.
/// The same records come out as an rpl plan and as a Lua table, so the two
/// parsers read the same information.
enum SyntheticEstate {
    struct Record {
        var machine: String
        var group: String
        var masterTarget: String
        var processServer: String
        var datastore: String
        var retention: String
    }

    static func records(_ count: Int) -> [Record] {
        (0..<count).map { index in
            Record(machine: "vm" + padded(index + 1, 5),
                   group: "g" + padded(index / 100 + 1, 3),
                   masterTarget: "mt" + padded(index % 60 + 1, 3),
                   processServer: "ps-azure" + padded(index % 12 + 1, 2),
                   datastore: "ds" + padded(index % 24 + 1, 2),
                   retention: "/mnt/retention")
        }
    }

    static func plan(_ count: Int) -> String {
        var out = "# Synthetic failback plan: \(count) machines, groups of 100.\nplan bench-estate version 1 <\n"
        out.reserveCapacity(count * 96)
        var currentGroup = ""
        for record in records(count) {
            if record.group != currentGroup {
                if !currentGroup.isEmpty { out += "  >\n" }
                out += currentGroup.isEmpty ? "  group \(record.group) <\n" : "  group \(record.group) after \(currentGroup) <\n"
                currentGroup = record.group
            }
            out += "    reprotect \(record.machine) using \(record.masterTarget) \(record.processServer) datastore \(record.datastore) retention \"\(record.retention)\"\n"
        }
        if !currentGroup.isEmpty { out += "  >\n" }
        out += ">\n"
        return out
    }

    static func lua(_ count: Int) -> String {
        var out = "-- The same \(count) machines as a Lua table.\nreturn {\n"
        out.reserveCapacity(count * 140)
        for record in records(count) {
            out += "  {machine=\"\(record.machine)\", group=\"\(record.group)\", master_target=\"\(record.masterTarget)\", process_server=\"\(record.processServer)\", datastore=\"\(record.datastore)\", retention=\"\(record.retention)\"},\n"
        }
        out += "}\n"
        return out
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

let generatePlanCommand = BenchCommand(
    name: "gen-plan", usage: "gen-plan N FILE", summary: "write a plan of N machines in groups of 100"
) { arguments in
    guard arguments.count == 2, let count = Int(arguments[0]), count > 0 else { throw UsageError("usage: rpl-bench gen-plan N FILE") }
    try FileManager.default.writeBench(SyntheticEstate.plan(count), to: arguments[1])
}

let generateLuaCommand = BenchCommand(
    name: "gen-lua", usage: "gen-lua N FILE", summary: "write the same N machines as a Lua table"
) { arguments in
    guard arguments.count == 2, let count = Int(arguments[0]), count > 0 else { throw UsageError("usage: rpl-bench gen-lua N FILE") }
    try FileManager.default.writeBench(SyntheticEstate.lua(count), to: arguments[1])
}
