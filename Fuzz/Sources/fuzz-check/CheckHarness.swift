import Foundation
import FuzzDriver
import RPLCheck
import RPLInventory
import RPLSource
import RPLSyntax

/// The demo inventory, decoded once: every input is checked against it.
let demoInventory: Inventory = {
    do { return try DemoInventory.load() } catch { fatalError("the demo inventory does not load: \(error)") }
}()

/// The mixed (migrating) example estate: classic and modernized machines,
/// an appliance, reprotect agents, a log storage account. The demo inventory
/// has no modernized machine, so without it the modernized rules and the
/// cycle's steps would never see a machine they apply to.
let mixedInventory: Inventory = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../examples/mixed/inventory.json").standardizedFileURL.path
    guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
    do { return try InventoryJSON.decode([UInt8](data)) } catch { fatalError("\(path) does not import: \(error)") }
}()

/// Parse and check against the demo inventory and the mixed estate: the
/// checker must not trap or hang, whatever the plan says.
@_cdecl("LLVMFuzzerTestOneInput")
public func checkAgainstDemoInventory(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = SourceFile(name: "/nonexistent/fuzz/fuzz.rpl", bytes: fuzzInput(data, size))
    let tree = Parser.parse(file)
    // `import "PATH"` reads the machine's files (`/dev/zero`, `/dev/stdin`
    // would never end): the harness checks plans, not the file system.
    if importsAPath(tree) { return -1 }
    for inventory in [demoInventory, mixedInventory] {
        let result = Checker.check(tree, inventory: inventory)
        _ = TextRenderer(color: false).render(result.diagnostics)
    }
    return 0
}

func importsAPath(_ tree: SyntaxTree) -> Bool {
    let tokens = Lexer.tokenize(tree.file).tokens
    return zip(tokens, tokens.dropFirst()).contains { $0.kind == .kwImport && $1.kind == .string }
}

@_cdecl("fuzz_check_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, checkAgainstDemoInventory)
}
