import Foundation
import RPLCheck
import RPLInventory
import RPLSource
import RPLStdlib
import RPLSyntax
import Testing

/// Every stdlib declaration (`fn` and `let`) is documented with an
/// example, and every `## example:` line runs: imported, checked and
/// evaluated on the demo inventory. A module without examples fails.
struct StdlibTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var module: String
        var declaration: String
        var code: String
        var testDescription: String { "\(module).\(declaration): \(code)" }
    }

    static var modules: [String] { Stdlib.moduleNames }

    /// Each top-level declaration of a module with the `## example:` lines
    /// of the doc comment just above it, read from the text (the syntax
    /// tree keeps documentation for functions only).
    static func declarations(of module: String) -> [(name: String, examples: [String])] {
        guard let source = Stdlib.source(ofModule: module) else { return [] }
        var found: [(name: String, examples: [String])] = []
        var pending: [String] = []
        for line in source.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                let body = line.dropFirst(3)
                if body.hasPrefix("example:") { pending.append(body.dropFirst("example:".count).trimmingCharacters(in: .whitespaces)) }
                continue
            }
            for keyword in ["fn ", "let "] where line.hasPrefix(keyword) {
                let name = line.dropFirst(keyword.count).prefix { $0 != " " && $0 != "(" && $0 != "=" }
                found.append((String(name), pending))
            }
            pending = []
        }
        return found
    }

    static var examples: [Example] {
        modules.flatMap { module in
            declarations(of: module).flatMap { declaration in
                declaration.examples.map { Example(module: module, declaration: declaration.name, code: $0) }
            }
        }
    }

    @Test func theStandardLibraryHasItsModules() {
        #expect(Set(Self.modules).isSuperset(of: ["failback-policy", "volumes", "groups", "checks"]))
    }

    @Test(arguments: modules)
    func everyDeclarationHasADocumentedExample(_ module: String) throws {
        let source = try #require(Stdlib.source(ofModule: module))
        #expect(Parser.parse(name: source.path, text: source.text).diagnostics.isEmpty)
        let declarations = Self.declarations(of: module)
        #expect(!declarations.isEmpty, "\(module) declares nothing")
        #expect(declarations.contains { !$0.examples.isEmpty }, "\(module) has no examples")
        for declaration in declarations {
            #expect(!declaration.examples.isEmpty, "\(module).\(declaration.name) has no example")
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
