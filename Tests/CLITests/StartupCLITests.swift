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

/// Plan files are read with read(2) into the lexer's array: sized from
/// fstat, and in chunks when the size says nothing (a pipe).
@Suite("reading plan files")
struct PlanFileReadingTests {
    @Test("a plan from a named pipe, with no size, is read whole", arguments: [0, 1, 70_000])
    func namedPipeIsReadWhole(padding: Int) throws {
        let directory = try makeWorkDirectory()
        let path = directory.appendingPathComponent("plan.rpl").path
        #expect(mkfifo(path, 0o600) == 0)
        // A comment long enough to need more than one 64 KiB chunk, then a syntax error at the very end.
        let text = "# " + String(repeating: "x", count: padding) + "\nplan p <\n  reprotect\n"
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: path)
            handle?.write(Data(text.utf8))
            try? handle?.close()
        }
        writer.start()
        let finished = try rpl(["check", "--syntax-only", path], in: directory)
        #expect(finished.status == 1, "stderr: \(finished.stderr)")
        // The error is reported on the last lines: every byte was read.
        let said = finished.stdout + finished.stderr
        #expect(said.contains("plan.rpl:3:") || said.contains("plan.rpl:4:"), "\(said)")
    }

    @Test("plan files of every size around the read sizes check the same", arguments: [0, 1, 4_095, 65_536, 65_537])
    func sizesAroundTheReads(padding: Int) throws {
        let directory = try makeWorkDirectory()
        let text = "# " + String(repeating: "y", count: padding) + "\nplan p <\n>\n"
        let path = try Fixtures.write(text, "sized.rpl", in: directory)
        let finished = try rpl(["check", "--syntax-only", path], in: directory)
        #expect(finished.status == 0, "stdout: \(finished.stdout) stderr: \(finished.stderr)")
    }
}
