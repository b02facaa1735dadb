// swift-tools-version:6.0
// libFuzzer harnesses for rpl's front end, one executable a phase. A package
// of its own, so that the main build never sees `-sanitize=fuzzer`: build
// and run them with `scripts/fuzz`, which passes the flag to every target
// (the libraries too, so that their code is what coverage guides).
import PackageDescription

/// A harness: `LLVMFuzzerTestOneInput`, and a `<module>_main` that starts
/// libFuzzer's driver on it (see `FuzzDriver`).
func harness(_ name: String, _ dependencies: [String], oracles: Bool = false) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzDriver"] + (oracles ? ["FuzzOracles"] : []) + dependencies.map { .product(name: $0, package: "rpl") },
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "rpl-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "rpl", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzDriver", dependencies: ["CLibFuzzer"]),
        // What the harnesses that make inventories hold them to.
        .target(name: "FuzzOracles", dependencies: [.product(name: "RPLInventory", package: "rpl")]),
        // Any bytes: parse, then render every diagnostic as text, JSON and SARIF.
        harness("fuzz-parse", ["RPLSource", "RPLSyntax"]),
        // Text that parses: format, and hold the formatter to its promises.
        harness("fuzz-format", ["RPLSource", "RPLSyntax", "RPLFormat"]),
        // Parse and check against the embedded demo inventory.
        harness("fuzz-check", ["RPLSource", "RPLSyntax", "RPLInventory", "RPLCheck"]),
        // The strict inventory importer, and re-encoding what it accepts.
        harness("fuzz-inventory", ["RPLSource", "RPLInventory"], oracles: true),
        // Saved Site Recovery responses (one or several documents) imported and merged
        // into an inventory; what validates must re-encode to what the strict importer accepts.
        harness("fuzz-asr", ["RPLSource", "RPLInventory", "RPLImport"], oracles: true),
    ],
    swiftLanguageModes: [.v6]
)
