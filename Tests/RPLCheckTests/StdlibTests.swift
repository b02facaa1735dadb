import Foundation
import RPLCheck
import RPLInventory
import RPLSource
import RPLStdlib
import RPLSyntax
import Testing

/// Every stdlib function is documented, and every `## example:` line of its
/// documentation runs: imported, checked and evaluated on the demo inventory.
struct StdlibTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var module: String
        var function: String
        var code: String
        var testDescription: String { "\(module).\(function): \(code)" }
    }

    static var modules: [String] { Stdlib.moduleNames }

    static var examples: [Example] {
        modules.flatMap { module -> [Example] in
            guard let source = Stdlib.source(ofModule: module) else { return [] }
            let tree = Parser.parse(name: source.path, text: source.text)
            return (tree.preamble + tree.statements).flatMap { statement -> [Example] in
                guard case let .function(decl) = statement.kind else { return [] }
                return decl.documentation.compactMap { line in
                    guard line.hasPrefix("example:") else { return nil }
                    return Example(module: module, function: decl.name.text,
                                   code: String(line.dropFirst("example:".count)).trimmingCharacters(in: .whitespaces))
                }
            }
        }
    }

    @Test func theStandardLibraryHasItsModules() {
        #expect(Set(Self.modules).isSuperset(of: ["failback-policy", "volumes", "groups", "checks"]))
    }

    @Test(arguments: modules)
    func everyFunctionHasADocumentedExample(_ module: String) throws {
        let source = try #require(Stdlib.source(ofModule: module))
        let tree = Parser.parse(name: source.path, text: source.text)
        #expect(tree.diagnostics.isEmpty)
        for statement in tree.preamble + tree.statements {
            guard case let .function(decl) = statement.kind else { continue }
            #expect(decl.documentation.contains { $0.hasPrefix("example:") }, "\(module).\(decl.name.text) has no example")
        }
    }

    @Test(arguments: examples)
    func exampleRuns(_ example: Example) throws {
        let program = "import \(example.module)\n\(example.code)\n"
        let tree = Parser.parse(name: "example.rpl", text: program)
        let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z")!
        // An example is an expression or an assert, not a plan: no steps is expected (RP710).
        let result = Checker.check(tree, inventory: try DemoInventory.load(), options: CheckOptions(now: now, reportsEmptyPlan: false))
        let errors = result.diagnostics.filter { $0.severity != .note }
        #expect(errors.isEmpty, "\(TextRenderer().render(errors))")
        #expect(result.plan != nil)
    }
}
