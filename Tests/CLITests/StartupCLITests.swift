import Foundation
import Testing

/// What `rpl` costs before it does anything: every command pays it.
@Suite("start-up")
struct StartupCLITests {
    @Test("rpl --version prints the version alone, as the argument parser did, and exits 0")
    func versionFastPath() throws {
        let finished = try rpl(["--version"], in: try makeWorkDirectory())
        #expect(finished.status == 0)
        #expect(finished.stdout == "0.1.0\n")
        #expect(finished.stderr.isEmpty)
    }

    @Test("rpl does not link libcurl: its forty libraries are opened by the first vCenter request, not at start-up")
    func libcurlIsNotLinked() throws {
        let binary = try #require(RPLBinary.path)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd") else {
            #expect(!RPLBinary.onCI, "ldd is missing")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [binary]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let libraries = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(libraries.contains("libc.so"), "ldd said: \(libraries)")
        #expect(!libraries.contains("libcurl"), "ldd said: \(libraries)")
    }
}
