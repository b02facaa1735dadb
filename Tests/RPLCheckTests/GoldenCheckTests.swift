import Foundation
import RPLCheck
import RPLInventory
import RPLSource
import RPLSyntax
import Testing

/// Golden pairs: `Golden/x.rpl` checked against the embedded demo inventory
/// → `x.out` (text, no colour) and `x.json`. `RPL_UPDATE_GOLDEN=1` rewrites them.
struct GoldenCheckTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z")!

    static var inputs: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".rpl") }.sorted()
    }

    /// A golden set that went missing would otherwise pass with no test case.
    @Test func theGoldenDirectoryHoldsPlans() {
        #expect(FileManager.default.fileExists(atPath: Self.directory.path), "\(Self.directory.path) is missing")
        #expect(!Self.inputs.isEmpty, "\(Self.directory.path) holds no plans")
    }

    @Test(arguments: inputs)
    func golden(_ name: String) throws {
        let url = Self.directory.appendingPathComponent(name)
        let file = SourceFile(name: name, bytes: Array(try Data(contentsOf: url)))
        let result = Checker.check(Parser.parse(file), inventory: try DemoInventory.load(), options: CheckOptions(now: Self.now))
        var text = TextRenderer(color: false).render(result.diagnostics)
        if let summary = summaryLine(result.diagnostics) { text += summary + "\n" }
        let json = JSONDiagnostics.render(result.diagnostics)
        let base = url.deletingPathExtension()
        try compare(text, base.appendingPathExtension("out"))
        try compare(json, base.appendingPathExtension("json"))
    }

    func compare(_ actual: String, _ url: URL) throws {
        if ProcessInfo.processInfo.environment["RPL_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(url.lastPathComponent) differs; rerun with RPL_UPDATE_GOLDEN=1 to accept:\n\(actual)")
    }
}
