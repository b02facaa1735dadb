import CLibFuzzer

/// One input to a harness: the bytes libFuzzer made (nil when there are none).
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer on `target` with the program's arguments.
///
/// SwiftPM links an executable on Linux with `main` aliased to
/// `<module>_main`, so libFuzzer's own `main` cannot be the entry point:
/// each harness defines `<module>_main` and calls this, which hands over to
/// libFuzzer's driver exactly as its `main` would.
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, _ target: FuzzTarget
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, target)
}

/// The bytes of one input as an array.
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}
