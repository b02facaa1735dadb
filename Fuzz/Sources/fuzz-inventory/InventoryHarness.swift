import FuzzDriver
import FuzzOracles
import RPLInventory
import RPLSource

/// The strict importer on any bytes. What it accepts must survive a round
/// trip: encoded and imported again, it gives the same inventory, which
/// encodes to the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func importAndReencode(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let inventory = try? InventoryJSON.decode(bytes) else { return 0 }
    expectStrictRoundTrip(inventory, what: "the re-encoded inventory")
    return 0
}

@_cdecl("fuzz_inventory_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, importAndReencode)
}
