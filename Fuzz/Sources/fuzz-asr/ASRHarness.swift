import FuzzDriver
import FuzzOracles
import RPLImport
import RPLInventory
import RPLSource

/// The ASR importer on any bytes: the input is one or several saved ARM
/// responses separated by a NUL byte (which JSON text never contains), as
/// if each were a file of `rpl inventory import --from asr DIR`. Oracles:
/// no crash; a failure names one of the documents (and an item left out,
/// its JSON path); an inventory that validates re-encodes to JSON the strict
/// importer reads back as the same inventory, which encodes to the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func importVaultDocuments(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let documents = fuzzInput(data, size).split(separator: 0, omittingEmptySubsequences: false)
    let names = documents.indices.map { "doc\($0).json" }
    var resources: [ARMResource] = []
    let outcome: ASRImport.Outcome
    do {
        for (name, bytes) in zip(names, documents) {
            resources += try ARMResponses.resources(inFile: Array(bytes), source: name)
        }
        outcome = try ASRImport.estate(from: resources, source: "folder")
    } catch {
        guard names.contains(error.source), !error.message.isEmpty else {
            fatalError("a refused response names no document: \(error)")
        }
        return 0
    }
    for skip in outcome.skipped where !names.contains(skip.source) || !skip.path.hasPrefix("$") || skip.message.isEmpty {
        fatalError("an item left out is not named by its file and JSON path: \(skip)")
    }
    let merged = InventoryMerge.merge(Inventory(), withVault: outcome.estate).inventory
    // An inconsistent result is refused (RP965) and nothing is written: not a finding.
    guard merged.validationIssues().isEmpty else { return 0 }
    expectStrictRoundTrip(merged, what: "the imported vault")
    return 0
}

@_cdecl("fuzz_asr_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, importVaultDocuments)
}
