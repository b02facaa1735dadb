import Foundation
import RPLInventory
import RPLPipeline
import RPLRepl

/// A session on the demo inventory at a time when every agent has had its
/// 15 minutes (no RP211 warnings to get in the way). The inventory is a
/// JSON file in a directory of the session's own, so `:run` journals into
/// the `estate.sqlite` made beside it, never into the working directory.
func demoSession(provider: ProviderSpec = .sim(seed: 1, faults: [])) throws -> ReplSession {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let json = directory.appendingPathComponent("estate.json")
    try Data(DemoInventory.json).write(to: json)
    let workspace = try Workspace(inventoryPath: json.path, now: demoNow)
    return ReplSession(inventory: try workspace.readInventory(), workspace: workspace, provider: provider)
}

let demoNow = ISO8601.parse("2026-11-24T09:00:00Z")!

extension ReplOutput {
    var codes: [String] { diagnostics.map(\.code.rawValue) }
}
