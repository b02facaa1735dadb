import Foundation

/// The inventory every command uses when no `--inventory` is given, so that
/// `rpl` works out of the box: the design card's names (`web`, `mt1`,
/// `ps-azure`, `ds1`) in a small estate where the card's example
/// `group app < reprotect web using mt1 ps-azure datastore ds1 >` checks clean.
public enum DemoInventory {
    /// The document as shipped (`Resources/demo-inventory.json`).
    public static var json: [UInt8] {
        guard let url = Bundle.module.url(forResource: "demo-inventory", withExtension: "json"),
              let data = try? Data(contentsOf: url)
        else { preconditionFailure("the demo inventory resource is missing from the RPLInventory bundle") }
        return Array(data)
    }

    public static func load() throws(InventoryJSONError) -> Inventory {
        try InventoryJSON.decode(json)
    }
}

/// An inventory held in memory (a JSON file or the demo), read like a store.
public struct InMemoryInventory: InventoryReader {
    public var inventory: Inventory
    public init(_ inventory: Inventory) { self.inventory = inventory }
    public func loadInventory() throws -> Inventory { inventory }
}
