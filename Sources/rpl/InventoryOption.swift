import ArgumentParser
import Foundation
import RPLPipeline

/// `--inventory PATH`, shared by every command that reads the inventory.
///
/// PATH is either an inventory JSON file (its name ends in `.json`, or its
/// first non-blank byte is `{`), read and validated in memory, or a SQLite
/// inventory database made by `rpl inventory import`, which must exist.
/// Without `--inventory`, the embedded demo inventory is used. Any problem
/// (a missing file, a directory, broken JSON, a validation error, a damaged
/// database) is printed to standard error and ends the command with exit status 2.
struct InventoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Inventory: a SQLite database (from `rpl inventory import`) or an inventory JSON file. Default: the embedded demo inventory.",
        valueName: "path"))
    var inventory: String?

    /// The pipeline on this inventory, with the clock of `--now`.
    func workspace(now: String?) throws -> Workspace {
        let clock = try parseNow(now)
        return try pipeline { () throws(PipelineFailure) in try Workspace(inventoryPath: inventory, now: clock) }
    }
}
