import ArgumentParser
import Foundation
import RPLSource

/// `rpl explain CODE`: the long explanation of a diagnostic code, from
/// CodeExplanations.swift (docs/codes.md is the same text as Markdown).
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "The long explanation of a diagnostic code.",
        discussion: "CODE may be written RP701, rp701 or 701. With no CODE, lists every code.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown }

    @Argument(help: "The diagnostic code.")
    var code: String?

    @Flag(help: "Explain every code.")
    var all = false

    @Option(help: "Output format: text or markdown (`--all --format markdown` is docs/codes.md).")
    var format: Format = .text

    func run() throws {
        if let code {
            guard let parsed = DiagnosticCode(parsing: code.trimmingCharacters(in: .whitespaces)) else {
                printError("rpl: unknown diagnostic code '\(code)' (codes run from \(DiagnosticCode.allCases.first!.rawValue) to \(DiagnosticCode.allCases.last!.rawValue); `rpl explain` lists them)")
                throw ExitStatus.usage
            }
            writeOut(format == .markdown ? parsed.explanationMarkdown : parsed.explanationText())
        } else if all {
            writeOut(format == .markdown ? CodeExplanations.markdownDocument() : CodeExplanations.allText())
        } else if format == .markdown {
            writeOut(CodeExplanations.markdownDocument())
        } else {
            let lines = DiagnosticCode.allCases.map { "\($0.rawValue)  \($0.defaultSeverity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \($0.title)" }
            writeOut(lines.joined(separator: "\n") + "\n\nrpl explain CODE prints one; rpl explain --all prints every one.\n")
        }
    }
}
