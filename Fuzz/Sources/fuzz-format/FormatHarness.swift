import FuzzDriver
import RPLFormat
import RPLSource

/// Text that parses must format to text that parses to the same tree, with
/// the same comments in the same order, and that formatting leaves alone.
/// A broken promise stops the run with the input and what went wrong.
@_cdecl("LLVMFuzzerTestOneInput")
public func formatKeepsItsPromises(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = SourceFile(name: "fuzz.rpl", bytes: fuzzInput(data, size))
    if let broken = FormatPromises.brokenPromise(file) {
        fatalError("fmt broke a promise: \(broken)")
    }
    return 0
}

@_cdecl("fuzz_format_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, formatKeepsItsPromises)
}
