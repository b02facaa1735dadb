import RPLInventory

/// The promise every harness that makes an inventory holds it to: the strict
/// importer reads its JSON back as the same inventory, which encodes to the
/// same bytes. Traps (for libFuzzer) otherwise.
public func expectStrictRoundTrip(_ inventory: Inventory, what: String) {
    let encoded = InventoryJSON.encode(inventory).serialized(pretty: true)
    let reimported: Inventory
    do {
        reimported = try InventoryJSON.decode(Array(encoded.utf8))
    } catch {
        fatalError("\(what) does not import again: \(error)\n\(encoded)")
    }
    if reimported != inventory {
        fatalError("\(what) imports again as another inventory:\n\(encoded)")
    }
    let reencoded = InventoryJSON.encode(reimported).serialized(pretty: true)
    if reencoded != encoded {
        fatalError("\(what) changes on a round trip:\n\(encoded)\n---\n\(reencoded)")
    }
}
