import Foundation
import Testing

/// `rpl COMMAND --help` on an 80-column terminal: swift-argument-parser
/// wraps a discussion line longer than the terminal without keeping its
/// indentation, which breaks the aligned lists (providers, faults). So
/// every indented discussion line, as a very wide terminal shows it, must
/// come out whole at 80 columns.
@Suite(.enabled(if: RPLBinary.path != nil || ProcessInfo.processInfo.environment["CI"] == "true",
                "the rpl executable is not beside the test runner (swift build builds it)"))
struct HelpWrappingTests {
    static let commands: [[String]] = [
        ["check"], ["plan"], ["run"], ["resume"], ["jobs"], ["repl"], ["fmt"],
        ["inventory", "import"], ["inventory", "show"], ["explain"],
    ]

    /// The help's text above "USAGE:" (overview and discussion).
    func discussion(_ command: [String], columns: Int) throws -> [Substring] {
        let finished = try rpl(command + ["--help"], in: try makeWorkDirectory(), environment: ["COLUMNS": String(columns)])
        #expect(finished.status == 0, "rpl \(command.joined(separator: " ")) --help exits \(finished.status)")
        let lines = finished.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return Array(lines.prefix { !$0.hasPrefix("USAGE:") })
    }

    @Test(arguments: commands)
    func indentedLinesStayWholeAt80Columns(_ command: [String]) throws {
        let wide = try discussion(command, columns: 400)
        let narrow = Set(try discussion(command, columns: 80))
        for line in wide where line.hasPrefix(" ") {
            #expect(line.count <= 80, "`rpl \(command.joined(separator: " ")) --help`: this line is \(line.count) columns: \(line)")
            #expect(narrow.contains(line), "`rpl \(command.joined(separator: " ")) --help` breaks at 80 columns: \(line)")
        }
    }
}
