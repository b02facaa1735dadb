// swift-tools-version:6.0
// rpl: the recovery-plan language. One library target per phase, each
// depending only on those below it; the `rpl` executable is a thin shell.
import PackageDescription

let package = Package(
    name: "rpl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rpl", targets: ["rpl"]),
        // The front-end phases as libraries, for the fuzz harnesses in Fuzz/.
        .library(name: "RPLSource", targets: ["RPLSource"]),
        .library(name: "RPLSyntax", targets: ["RPLSyntax"]),
        .library(name: "RPLFormat", targets: ["RPLFormat"]),
        .library(name: "RPLInventory", targets: ["RPLInventory"]),
        .library(name: "RPLCheck", targets: ["RPLCheck"]),
        .library(name: "RPLImport", targets: ["RPLImport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    // Each target declares exactly what it imports: scripts/test builds with
    // --explicit-target-dependency-import-check error.
    targets: [
        // Sources, positions, diagnostics and their renderings (text, JSON, SARIF).
        .target(name: "RPLSource"),
        // Tokens, byte-level lexer, AST, recovering parser.
        .target(name: "RPLSyntax", dependencies: ["RPLSource"]),
        // Canonical formatting (`rpl fmt`).
        .target(name: "RPLFormat", dependencies: ["RPLSource", "RPLSyntax"]),
        // The inventory model, its JSON import format and the protocol the checker reads it through.
        .target(name: "RPLInventory", dependencies: ["RPLSource"], resources: [.copy("Resources/demo-inventory.json")]),
        // libcurl's variadic calls, for rpl's HTTP (RPLHTTP says why not URLSession).
        // libcurl itself is opened on the first request (shim.c says why): only its headers are needed to build.
        .target(name: "CCurlShim"),
        // HTTP requests through libcurl, for every client that talks to a server (vCenter, Azure Resource Manager).
        .target(name: "RPLHTTP", dependencies: ["CCurlShim"]),
        // Reading an estate from where it lives: the vCenter (vSphere SOAP API) into the inventory model.
        .target(name: "RPLImport", dependencies: ["RPLInventory", "RPLSource", "RPLHTTP", "RPLAzure"]),
        // Azure Resource Manager: tokens, requests with retries, ARM's errors; Azure Site Recovery's operations.
        .target(name: "RPLAzure", dependencies: ["RPLSource", "RPLHTTP"]),
        // Name resolution, types and every prerequisite rule.
        .target(name: "RPLCheck", dependencies: ["RPLSource", "RPLSyntax", "RPLInventory", "RPLStdlib"]),
        // The standard library, written in rpl; this target only locates its files.
        .target(name: "RPLStdlib", path: "stdlib", exclude: ["README.md"], resources: [.copy("modules")]),
        // Evaluation into a step graph, scheduling, time model, providers.
        .target(name: "RPLRuntime", dependencies: [
            "RPLSource", "RPLSyntax", "RPLInventory", "RPLCheck",
            .product(name: "HeapModule", package: "swift-collections"),
        ]),
        // What two versions of a plan do differently (`rpl diff`), from their evaluations and schedules.
        .target(name: "RPLDiff", dependencies: ["RPLCheck", "RPLRuntime", "RPLSource"]),
        // `--provider asr`: steps as Site Recovery actions through ARM, each followed to the end of its job, exactly once.
        .target(name: "RPLASR", dependencies: ["RPLAzure", "RPLInventory", "RPLRuntime", "RPLSource", "RPLStore"]),
        // The only target that knows SQLite: inventory database and run journal.
        .target(name: "RPLStore", dependencies: [
            "RPLSource", "RPLInventory", "RPLCheck", "RPLRuntime",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The way from bytes to journal, once, for every front end: inventory and run database,
        // check, schedule, steps, locks, journaled runs, providers.
        .target(name: "RPLPipeline", dependencies: ["RPLSource", "RPLSyntax", "RPLInventory", "RPLCheck", "RPLRuntime", "RPLStore", "RPLDiff",
                                                   "RPLAzure", "RPLASR", "RPLHTTP"]),
        // REPL session logic: evaluate, complete, load, reset, runs. No terminal code.
        .target(name: "RPLRepl", dependencies: [
            "RPLSource", "RPLSyntax", "RPLInventory", "RPLCheck", "RPLStdlib", "RPLRuntime", "RPLStore", "RPLPipeline",
        ]),
        // libedit, and a C shim for its variadic calls.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "CEditShim", dependencies: ["CEditLine"]),
        // The thin terminal layer of the REPL.
        .target(name: "RPLTerminal", dependencies: ["RPLRepl", "CEditShim"]),
        // glibc's mallopt, for the heap on huge pages (Sources/rpl/HeapOnHugePages.swift).
        .target(name: "CMalloc"),
        .executableTarget(name: "rpl", dependencies: [
            "CMalloc", "RPLSource", "RPLSyntax", "RPLFormat", "RPLInventory", "RPLRuntime", "RPLStore", "RPLPipeline", "RPLRepl", "RPLTerminal", "RPLImport",
            "RPLDiff", "RPLHTTP", "RPLAzure",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Release-build benchmarks against luac5.4 / lua5.4, printed figures.
        .executableTarget(name: "rpl-bench", dependencies: ["RPLSource", "RPLSyntax", "RPLInventory", "RPLCheck", "RPLRuntime", "RPLStore"]),

        // One test target per library; golden files are read from the source tree, not bundled.
        .testTarget(name: "RPLSourceTests", dependencies: ["RPLSource", "RPLSyntax"]),
        .testTarget(name: "RPLSyntaxTests", dependencies: ["RPLSource", "RPLSyntax"], exclude: ["Golden"]),
        .testTarget(name: "RPLFormatTests", dependencies: ["RPLSource", "RPLSyntax", "RPLFormat"]),
        .testTarget(name: "RPLInventoryTests", dependencies: ["RPLSource", "RPLInventory"]),
        .testTarget(name: "RPLCheckTests", dependencies: ["RPLSource", "RPLSyntax", "RPLInventory", "RPLCheck", "RPLStdlib", "RPLRuntime"],
                    exclude: ["Golden"]),
        .testTarget(name: "RPLRuntimeTests", dependencies: ["RPLSource", "RPLSyntax", "RPLInventory", "RPLCheck", "RPLRuntime", "RPLStore",
                                                            .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RPLStoreTests", dependencies: ["RPLSource", "RPLInventory", "RPLStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RPLPipelineTests", dependencies: ["RPLSource", "RPLInventory", "RPLRuntime", "RPLStore", "RPLPipeline"]),
        .testTarget(name: "RPLReplTests", dependencies: ["RPLSource", "RPLInventory", "RPLCheck", "RPLPipeline", "RPLRepl"]),
        .testTarget(name: "CLITests", dependencies: ["RPLSource"]),
        .testTarget(name: "RPLImportTests", dependencies: ["RPLImport", "RPLInventory", "RPLSource", "RPLHTTP"], resources: [.copy("Fixtures")]),
        // The ARM client against the ARM stand-in (Tests/ARMStandIn, python3).
        .testTarget(name: "RPLAzureTests", dependencies: ["RPLAzure", "RPLHTTP", "RPLSource"]),
        .testTarget(name: "RPLASRTests", dependencies: ["RPLASR", "RPLAzure", "RPLCheck", "RPLHTTP", "RPLInventory", "RPLRuntime", "RPLSource", "RPLStore"]),
        .testTarget(name: "RPLDiffTests", dependencies: ["RPLDiff", "RPLCheck", "RPLRuntime", "RPLSyntax", "RPLInventory", "RPLSource"]),
    ],
    swiftLanguageModes: [.v6]
)
