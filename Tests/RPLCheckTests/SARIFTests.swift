import Foundation
import RPLCheck
import RPLInventory
import RPLSource
import RPLSyntax
import Testing

/// `--format sarif` says everything the text output says, and only
/// addresses that resolve.
@Suite struct SARIFTests {
    func document(_ diagnostics: [Diagnostic]) throws -> [String: Any] {
        let text = SARIFDiagnostics.render(diagnostics, toolVersion: "0.0.0")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func results(_ document: [String: Any]) throws -> [[String: Any]] {
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        return try #require(run["results"] as? [[String: Any]])
    }

    func checked(_ name: String) throws -> [Diagnostic] {
        let url = GoldenCheckTests.directory.appendingPathComponent(name)
        let file = SourceFile(name: name, bytes: Array(try Data(contentsOf: url)))
        return Checker.check(Parser.parse(file), inventory: try DemoInventory.load(),
                             options: CheckOptions(now: GoldenCheckTests.now)).diagnostics
    }

    /// Every golden plan's diagnostics: each note and help is in its result's
    /// message, and each secondary label is a related location with its message.
    @Test(arguments: GoldenCheckTests.inputs)
    func nothingADiagnosticSaysIsDropped(_ name: String) throws {
        let diagnostics = try checked(name)
        let rendered = try results(try document(diagnostics))
        #expect(rendered.count == diagnostics.count)
        for (diagnostic, result) in zip(diagnostics, rendered) {
            let text = try #require((result["message"] as? [String: Any])?["text"] as? String)
            for line in diagnostic.notes { #expect(text.contains("note: \(line)"), "\(name): \(text)") }
            for line in diagnostic.help { #expect(text.contains("help: \(line)"), "\(name): \(text)") }
            let related = result["relatedLocations"] as? [[String: Any]] ?? []
            #expect(related.count == diagnostic.secondary.count, "\(name): \(diagnostic.message)")
            for (label, location) in zip(diagnostic.secondary, related) {
                #expect((location["message"] as? [String: Any])?["text"] as? String == label.message)
                let physical = try #require(location["physicalLocation"] as? [String: Any])
                #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == label.line)
            }
        }
    }

    @Test func foldedMachinesReachSARIF() throws {
        let diagnostics = try checked("loop.rpl")
        let texts = try results(try document(diagnostics)).compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        #expect(texts.contains { $0.contains("the same holds for 3 more machines here") })
    }

    @Test func rulesCarryTheirExplanationAndNoMadeUpAddress() throws {
        let diagnostics = try checked("common-mistakes.rpl")
        let text = SARIFDiagnostics.render(diagnostics, toolVersion: "0.0.0")
        #expect(!text.contains("rpl.invalid"))
        #expect(!text.contains("helpUri"))
        let run = try #require((try document(diagnostics)["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(!rules.isEmpty)
        for rule in rules {
            let id = try #require(rule["id"] as? String)
            let code = try #require(DiagnosticCode(parsing: id))
            #expect((rule["help"] as? [String: Any])?["text"] as? String == code.explanation.fix)
            #expect((rule["fullDescription"] as? [String: Any])?["text"] as? String == code.explanation.summary)
        }
    }

    func artifactLocation(ofFileNamed name: String) throws -> [String: Any] {
        let file = SourceFile(name: name, text: "reprotect wbe\n")
        let diagnostic = Diagnostic(.RP101, "unknown name", file: file, span: Span(10, 13))
        let result = try #require(try results(try document([diagnostic])).first)
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        return try #require((location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])
    }

    @Test func standardInputHasNoURIButADescription() throws {
        let location = try artifactLocation(ofFileNamed: "<stdin>")
        #expect(location["uri"] == nil)
        #expect((location["description"] as? [String: Any])?["text"] as? String == "standard input")
    }

    @Test func pathsBecomeURIReferences() throws {
        #expect(try artifactLocation(ofFileNamed: "plans/web.rpl")["uri"] as? String == "plans/web.rpl")
        #expect(try artifactLocation(ofFileNamed: "my plans/web#2.rpl")["uri"] as? String == "my%20plans/web%232.rpl")
        #expect(try artifactLocation(ofFileNamed: "/srv/plans/é.rpl")["uri"] as? String == "file:///srv/plans/%C3%A9.rpl")
    }
}
