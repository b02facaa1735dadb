import RPLInventory

/// The promise every harness that makes an inventory holds it to: its JSON
/// is accepted by the strict importer, and what that reads encodes to the
/// same bytes. Returns what was read back; traps (for libFuzzer) otherwise.
public func strictRoundTrip(_ inventory: Inventory, what: String) -> Inventory {
    let encoded = InventoryJSON.encode(inventory).serialized(pretty: true)
    let reimported: Inventory
    do {
        reimported = try InventoryJSON.decode(Array(encoded.utf8))
    } catch {
        fatalError("\(what) does not import again: \(error)\n\(encoded)")
    }
    let reencoded = InventoryJSON.encode(reimported).serialized(pretty: true)
    if reencoded != encoded {
        fatalError("\(what) changes on a round trip:\n\(encoded)\n---\n\(reencoded)")
    }
    return reimported
}
