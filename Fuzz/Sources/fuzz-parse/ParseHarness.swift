import FuzzDriver
import RPLSource
import RPLSyntax

/// Any bytes are a file: the parser must not trap, and neither may any of
/// the three renderings of whatever it reports.
@_cdecl("LLVMFuzzerTestOneInput")
public func parseAndRender(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = SourceFile(name: "fuzz.rpl", bytes: fuzzInput(data, size))
    let tree = Parser.parse(file)
    _ = TextRenderer(color: false).render(tree.diagnostics)
    _ = TextRenderer(color: true).render(tree.diagnostics)
    _ = JSONDiagnostics.render(tree.diagnostics)
    _ = SARIFDiagnostics.render(tree.diagnostics, toolVersion: "fuzz")
    return 0
}

@_cdecl("fuzz_parse_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, parseAndRender)
}
