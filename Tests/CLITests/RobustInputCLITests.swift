import Foundation
import Testing

/// Inputs that once crashed or hung `rpl`, through the real binary: each
/// now ends with a diagnostic and an exit status. On CI the binary must be there.
@Suite struct RobustInputCLITests {
    func directory() throws -> URL? {
        if RPLBinary.path == nil {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("the rpl executable is missing on CI") }
            return nil
        }
        return try makeWorkDirectory()
    }

    func write(_ bytes: [UInt8], _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func longChainsAreALimitNotAStackOverflow() throws {
        guard let directory = try directory() else { return }
        let sum = try write(Array(("let s = " + Array(repeating: "1", count: 17_500).joined(separator: " + ") + "\n").utf8),
                            "sum.rpl", in: directory)
        let chain = try write(Array(("check " + Array(repeating: "true", count: 20_000).joined(separator: " and ") + ", \"x\"\n").utf8),
                              "and.rpl", in: directory)
        for (command, path) in [("check", sum), ("plan", sum), ("check", chain), ("fmt", sum)] {
            let finished = try rpl([command, path], in: directory)
            #expect(finished.status == 1, "\(command) \(path): \(finished.stderr)")
            #expect(finished.stderr.contains("error[RP106]: too many nested blocks and expressions (limit is 200)"))
        }
    }

    @Test func theFourBytesThatCrashedTheRendererAreRP002() throws {
        guard let directory = try directory() else { return }
        let path = try write(Array("if<".utf8) + [0xFF], "c.rpl", in: directory)
        let finished = try rpl(["check", "--syntax-only", path], in: directory)
        #expect(finished.status == 2)
        #expect(finished.stderr.contains("c.rpl:1:4: error[RP002]: the file is not UTF-8 text: byte offset 3 (line 1, column 4)"))
    }

    @Test func latin1IsRefusedByCheckAndLeftUntouchedByFmt() throws {
        guard let directory = try directory() else { return }
        let bytes = Array("# Caf".utf8) + [0xE9] + Array("\ngroup g < reprotect web using mt1 ps-azure datastore ds1 >\n".utf8)
        let path = try write(bytes, "latin1.rpl", in: directory)
        let check = try rpl(["check", path], in: directory)
        #expect(check.status == 2)
        #expect(check.stderr.contains("error[RP002]"))
        let fmt = try rpl(["fmt", path], in: directory)
        #expect(fmt.status == 2)
        #expect(fmt.stderr.contains("error[RP002]"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
    }

    @Test func aByteOrderMarkIsAcceptedAndFmtDropsIt() throws {
        guard let directory = try directory() else { return }
        let text = "group g < reprotect web using mt1 ps-azure datastore ds1 >\n"
        let path = try write([0xEF, 0xBB, 0xBF] + Array(text.utf8), "bom.rpl", in: directory)
        #expect(try rpl(["check", path], in: directory).status == 0)
        #expect(try rpl(["fmt", path], in: directory).status == 0)
        let formatted = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(formatted.first == UInt8(ascii: "g"))
    }

    @Test func aDoubledStringEndsAtTheValueLimit() throws {
        guard let directory = try directory() else { return }
        let plan = "fn f(s, n) <\n  if (n > 0) <\n    return f(s + s, n - 1)\n  >\n  return s\n>\nlet big = f(\"x\", 40)\n"
        let path = try write(Array(plan.utf8), "double.rpl", in: directory)
        let finished = try rpl(["check", path], in: directory)
        #expect(finished.status == 1)
        #expect(finished.stderr.contains("double.rpl:3:14: error[RP106]: a string exceeds the limit of 16777216 bytes for one value"))
    }
}
