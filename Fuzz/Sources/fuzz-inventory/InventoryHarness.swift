import FuzzDriver
import RPLInventory
import RPLSource

/// The strict importer on any bytes. What it accepts must survive a round
/// trip: encoded and imported again, it gives the same inventory, which
/// encodes to the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func importAndReencode(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let inventory = try? InventoryJSON.decode(bytes) else { return 0 }
    let encoded = InventoryJSON.encode(inventory).serialized(pretty: true)
    let reimported: Inventory
    do {
        reimported = try InventoryJSON.decode(Array(encoded.utf8))
    } catch {
        fatalError("the re-encoded inventory does not import: \(error)\n\(encoded)")
    }
    if reimported != inventory {
        fatalError("the re-encoded inventory imports as another inventory:\n\(encoded)")
    }
    let reencoded = InventoryJSON.encode(reimported).serialized(pretty: true)
    if reencoded != encoded {
        fatalError("re-encoding changed the inventory:\n\(encoded)\n---\n\(reencoded)")
    }
    return 0
}

@_cdecl("fuzz_inventory_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, importAndReencode)
}
