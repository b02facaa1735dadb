import ArgumentParser
import Foundation
import RPLInventory

/// `--now`: the clock for time-based rules (the agent registers up to 15
/// minutes after boot), as ISO 8601 (`2026-11-24T08:10:00Z`, fractional
/// seconds and offsets accepted), parsed as the inventory's times are.
/// Default: the current time.
func parseNow(_ text: String?) throws -> Date {
    guard let text else { return Date() }
    if let date = ISO8601.parse(text) { return date }
    printError("rpl: --now '\(text)' is not an ISO 8601 time (for example 2026-11-24T08:10:00Z)")
    throw ExitStatus.usage
}
