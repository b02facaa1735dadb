import Foundation
@testable import RPLSource
import Testing

/// The reprotect guide (Azure Site Recovery's article) beside the work tree (shared/ sits next to the clone, in CI as here).
private let seedURL: URL? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.deletingLastPathComponent().appendingPathComponent("shared/seed/reprotect-azure-to-onprem.md")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}()

@Suite struct ExplainTests {
    @Test(arguments: DiagnosticCode.allCases)
    func everyCodeIsExplained(_ code: DiagnosticCode) {
        let text = code.explanation
        for (part, value) in [("summary", text.summary), ("why", text.why), ("example", text.example), ("fix", text.fix)] {
            #expect(value.trimmingCharacters(in: .whitespacesAndNewlines).count >= 20, "\(code.rawValue) has a thin \(part)")
        }
        let rendered = code.explanationText()
        #expect(rendered.hasPrefix("\(code.rawValue) (\(code.defaultSeverity.rawValue)): \(code.title)\n"))
        #expect(rendered.split(separator: "\n").dropFirst().allSatisfy { $0.count <= 80 || $0.hasPrefix("    ") }, "prose wraps at 80 columns")
    }

    @Test(.enabled(if: seedURL != nil, "needs shared/seed beside the work tree"))
    func explanationsQuoteTheReprotectGuide() throws {
        let seed = try String(contentsOf: seedURL!, encoding: .utf8)
        // Sentences in double quotes are the guide's own (give or take its typography and markup).
        for code in DiagnosticCode.allCases {
            for quote in quotations(in: code.explanation.why) where quote.count > 30 {
                #expect(normalised(seed).contains(normalised(quote)), "\(code.rawValue) quotes what the reprotect guide does not say: \(quote)")
            }
        }
    }

    @Test func codesParseInEverySpelling() {
        #expect(DiagnosticCode(parsing: "RP701") == .RP701)
        #expect(DiagnosticCode(parsing: "rp701") == .RP701)
        #expect(DiagnosticCode(parsing: "701") == .RP701)
        #expect(DiagnosticCode(parsing: "001") == .RP001)
        #expect(DiagnosticCode(parsing: "RP999") == nil)
    }

    /// docs/codes.md is generated; regenerate with RPL_UPDATE_GOLDEN=1.
    @Test func docsCodesMarkdownIsCurrent() throws {
        let url = packageRoot().appendingPathComponent("docs/codes.md")
        let generated = CodeExplanations.markdownDocument()
        if ProcessInfo.processInfo.environment["RPL_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: url, encoding: .utf8)
        #expect(onDisk == generated, "docs/codes.md is stale: run the tests with RPL_UPDATE_GOLDEN=1")
        for code in DiagnosticCode.allCases {
            #expect(onDisk.contains("## \(code.rawValue): \(code.title)\n"))
            #expect(onDisk.contains("(#\(code.rawValue.lowercased())-"))
        }
    }

    @Test func markdownAnchorsFollowHeadings() {
        #expect(CodeExplanations.anchor("disk.EnableUUID is not true on the master target") == "diskenableuuid-is-not-true-on-the-master-target")
        #expect(CodeExplanations.anchor("the on-prem VM's datastores") == "the-on-prem-vms-datastores")
    }

    // MARK: helpers

    func packageRoot() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func quotations(in text: String) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// Lower case letters and digits only: the guide's markup, curly quotes and
    /// line breaks do not count, its words and their order do.
    func normalised(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
