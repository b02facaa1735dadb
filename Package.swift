// swift-tools-version:6.0
// rpl: the recovery-plan language. One library target per phase, each
// depending only on those below it; the `rpl` executable is a thin shell.
import PackageDescription

let package = Package(
    name: "rpl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rpl", targets: ["rpl"]),
        .library(name: "RPLCheck", targets: ["RPLCheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Sources, positions, diagnostics and their renderings (text, JSON, SARIF).
        .target(name: "RPLSource"),
        // Tokens, byte-level lexer, AST, recovering parser.
        .target(name: "RPLSyntax", dependencies: ["RPLSource"]),
        // Canonical formatting (`rpl fmt`).
        .target(name: "RPLFormat", dependencies: ["RPLSyntax"]),
        // The inventory model, its JSON import format and the protocol the checker reads it through.
        .target(name: "RPLInventory", dependencies: ["RPLSource"], resources: [.copy("Resources/demo-inventory.json")]),
        // libcurl's variadic calls, for the vCenter client's HTTP (RPLImport says why not URLSession).
        .target(name: "CCurlShim", linkerSettings: [.linkedLibrary("curl")]),
        // Reading an estate from where it lives: the vCenter (vSphere SOAP API) into the inventory model.
        .target(name: "RPLImport", dependencies: ["RPLInventory", "RPLSource", "CCurlShim"]),
        // Name resolution, types and every prerequisite rule of the seed.
        .target(name: "RPLCheck", dependencies: ["RPLSyntax", "RPLInventory", "RPLStdlib"]),
        // The standard library, written in rpl; this target only locates its files.
        .target(name: "RPLStdlib", path: "stdlib", exclude: ["README.md"], resources: [.copy("modules")]),
        // Evaluation into a step graph, scheduling, time model, providers.
        .target(name: "RPLRuntime", dependencies: [
            "RPLCheck", "RPLStdlib",
            .product(name: "Collections", package: "swift-collections"),
        ]),
        // The only target that knows SQLite: inventory database and run journal.
        .target(name: "RPLStore", dependencies: [
            "RPLInventory", "RPLRuntime",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // REPL session logic: evaluate, complete, load, reset. No terminal code.
        .target(name: "RPLRepl", dependencies: ["RPLRuntime", "RPLFormat"]),
        // libedit, and a C shim for its variadic calls.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "CEditShim", dependencies: ["CEditLine"]),
        // The thin terminal layer of the REPL.
        .target(name: "RPLTerminal", dependencies: ["RPLRepl", "CEditShim"]),
        .executableTarget(name: "rpl", dependencies: [
            "RPLSyntax", "RPLFormat", "RPLCheck", "RPLRuntime", "RPLStore", "RPLRepl", "RPLTerminal", "RPLImport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Release-build benchmarks against luac5.4 / lua5.4, printed figures.
        .executableTarget(name: "rpl-bench", dependencies: ["RPLSyntax", "RPLCheck", "RPLRuntime", "RPLStore"]),

        .testTarget(name: "RPLSourceTests", dependencies: ["RPLSource", "RPLSyntax"]),
        .testTarget(name: "RPLSyntaxTests", dependencies: ["RPLSyntax"], resources: [.copy("Golden")]),
        .testTarget(name: "RPLFormatTests", dependencies: ["RPLFormat"]),
        .testTarget(name: "RPLCheckTests", dependencies: ["RPLCheck", "RPLStdlib", "RPLRuntime"], resources: [.copy("Golden")]),
        .testTarget(name: "RPLRuntimeTests", dependencies: ["RPLRuntime", "RPLStore", "RPLCheck", "RPLSyntax"]),
        .testTarget(name: "RPLReplTests", dependencies: ["RPLRepl", "RPLStore"]),
        .testTarget(name: "CLITests", dependencies: ["RPLSource"]),
        .testTarget(name: "RPLStoreTests", dependencies: ["RPLStore"]),
        .testTarget(name: "RPLImportTests", dependencies: ["RPLImport", "RPLInventory"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
