import Foundation
import RPLInventory
import RPLRepl

/// A session on the demo inventory at a time when every agent has had its
/// 15 minutes (no RP211 warnings to get in the way).
func demoSession() throws -> ReplSession {
    ReplSession(inventory: try DemoInventory.load(), now: demoNow)
}

let demoNow = ISO8601DateFormatter().date(from: "2026-11-24T09:00:00Z")!

extension ReplOutput {
    var codes: [String] { diagnostics.map(\.code.rawValue) }
}
