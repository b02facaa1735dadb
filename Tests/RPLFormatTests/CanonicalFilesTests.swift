import Foundation
import RPLFormat
import RPLSyntax
import Testing

/// What `rpl fmt --check stdlib examples` promises: every plan and module
/// the project ships is already in canonical form.
struct CanonicalFilesTests {
    static var shippedFiles: [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var paths: [String] = []
        for folder in ["stdlib", "examples"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".rpl") {
                paths.append(base.appendingPathComponent(relative).path)
            }
        }
        return paths.sorted()
    }

    @Test func theProjectShipsPlans() { #expect(Self.shippedFiles.count >= 10) }

    @Test(arguments: shippedFiles)
    func isCanonical(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let formatted = Formatter.format(Parser.parse(name: path, text: text))
        #expect(formatted == text, "\(path) is not in canonical form: run rpl fmt on it")
    }

    @Test func longBindingsAndChecksWrapAtTheWidth() {
        let items = (1...12).map { "\"machine-number-\($0)\"" }.joined(separator: ", ")
        let text = "let names = [\(items)]\ncheck len(names) == 12, \"\(String(repeating: "a long message ", count: 5))\"\n"
        let formatted = Formatter.format(Parser.parse(name: "wrap.rpl", text: text))
        #expect(formatted.split(separator: "\n").allSatisfy { $0.count <= 120 })
        #expect(formatted.hasPrefix("let names = [\n  \"machine-number-1\",\n"))
        #expect(Formatter.format(Parser.parse(name: "wrap.rpl", text: formatted)) == formatted)
    }
}
