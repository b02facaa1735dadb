import Foundation
import RPLSource
import Testing

/// `rpl diff` through the real binary: the example's goldens in the three
/// formats, git revisions in a repository the test makes, and version
/// discipline (RP711, `rpl diff RUN-ID`, `rpl jobs`) on a real journal.
@Suite("rpl diff and plan versions, end to end", .serialized)
struct DiffCLITests {
    static let example = repositoryRoot.appendingPathComponent("examples/versioned")

    @Test(arguments: [("text", "diff.out"), ("json", "diff.json"), ("markdown", "diff.md")])
    func theExampleDiffsAsItsGoldenSays(_ format: String, _ golden: String) throws {
        // The example's files under the same relative paths, so that the labels are the ones the README shows.
        let directory = try makeWorkDirectory()
        let copy = directory.appendingPathComponent("examples/versioned")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for name in ["v1.rpl", "v2.rpl"] {
            try FileManager.default.copyItem(at: Self.example.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let result = try rpl(["diff", "examples/versioned/v1.rpl", "examples/versioned/v2.rpl", "--format", format], in: directory)
        #expect(result.status == 1, "\(result.stderr)")
        let url = Self.example.appendingPathComponent(golden)
        if ProcessInfo.processInfo.environment["RPL_UPDATE_GOLDEN"] == "1" {
            try result.stdout.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(result.stdout == (try String(contentsOf: url, encoding: .utf8)))
    }

    /// A repository with one plan and a module it imports by path.
    private func repository() throws -> URL {
        let directory = try makeWorkDirectory()
        try git(["init", "-q"], in: directory)
        try "fn web-target() < return mt1 >\n".write(to: directory.appendingPathComponent("site.rpl"), atomically: true, encoding: .utf8)
        try """
            import "site.rpl"
            plan contoso version 1 <
              let store = ds1
              group app <
                reprotect web using web-target() ps-azure datastore store
                reprotect api using web-target() ps-azure datastore store
              >
              failback app
            >

            """.write(to: directory.appendingPathComponent("plan.rpl"), atomically: true, encoding: .utf8)
        try git(["add", "."], in: directory)
        try git(["commit", "-qm", "version 1"], in: directory)
        return directory
    }

    private func git(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=rpl", "-c", "user.email=rpl@example.invalid"] + arguments
        process.currentDirectoryURL = directory
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLIError("git \(arguments) failed") }
    }

    @Test func formattingAndRenamingAcrossRevisionsAreNoChange() throws {
        let directory = try repository()
        try """
            import "site.rpl"
            # the same plan: laid out differently, its binding renamed
            plan contoso version 1 <
              let datastore-of-app = ds1
              group app < reprotect web using web-target() ps-azure datastore datastore-of-app
                          reprotect api using web-target() ps-azure datastore datastore-of-app >
              failback app
            >

            """.write(to: directory.appendingPathComponent("plan.rpl"), atomically: true, encoding: .utf8)
        try git(["commit", "-qam", "reformat"], in: directory)
        let result = try rpl(["diff", "HEAD~1..HEAD", "plan.rpl"], in: directory)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("no change in behaviour\n"))
        #expect(result.stdout.hasPrefix("plan contoso version 1: HEAD~1:plan.rpl -> HEAD:plan.rpl\n"))
    }

    @Test func aModuleChangedAtARevisionChangesThePlanThatImportsIt() throws {
        let directory = try repository()
        // Only the module changes; plan.rpl is the same file at both revisions.
        try "fn web-target() < return mt2 >\n".write(to: directory.appendingPathComponent("site.rpl"), atomically: true, encoding: .utf8)
        try git(["commit", "-qam", "move the web tier"], in: directory)
        let result = try rpl(["diff", "HEAD~1:plan.rpl", "HEAD:plan.rpl", "--format", "json"], in: directory)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let changes = try JSONValue.parse(result.stdout)["changes"]?.arrayValue ?? []
        #expect(changes.contains { $0["subject"]?.stringValue == "web (reprotect)" && $0["before"]?.stringValue == "mt1"
            && $0["after"]?.stringValue == "mt2" })
        // And the working tree against HEAD~1: the same.
        #expect(try rpl(["diff", "HEAD~1:plan.rpl", "plan.rpl"], in: directory).status == 1)
    }

    @Test func aRevisionThatDoesNotExistIsAnError() throws {
        let directory = try repository()
        let result = try rpl(["diff", "no-such-branch:plan.rpl", "plan.rpl"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-such-branch:plan.rpl"))
    }

    @Test func aVersionThatRanAndNowBehavesDifferentlyIsRP711() throws {
        let directory = try makeWorkDirectory()
        let database = try Fixtures.database(in: directory)
        let planURL = directory.appendingPathComponent("tier.rpl")
        let version1 = """
            plan tier version 1 <
              group app <
                reprotect web using mt1 ps-azure datastore ds1
                reprotect api using mt1 ps-azure datastore ds1
              >
              failback app
            >

            """
        try version1.write(to: planURL, atomically: true, encoding: .utf8)
        let run = try rpl(["run", planURL.path, "--inventory", database, "--now", Fixtures.now], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let id = try #require(runID(in: run.stdout))
        #expect(try rpl(["jobs", "--inventory", database], in: directory).stdout.contains("plan tier version 1"))

        // Only reformatted: the same behaviour, no warning.
        try version1.replacingOccurrences(of: "  group app <\n", with: "  # reviewed\n  group app <\n")
            .write(to: planURL, atomically: true, encoding: .utf8)
        #expect(!(try rpl(["check", planURL.path, "--inventory", database], in: directory).stderr.contains("RP711")))

        // Another master target under the same version.
        try version1.replacingOccurrences(of: "reprotect api using mt1", with: "reprotect api using mt2")
            .write(to: planURL, atomically: true, encoding: .utf8)
        let check = try rpl(["check", planURL.path, "--inventory", database], in: directory)
        #expect(check.stderr.contains("warning[RP711]: version 1 of tier ran on"), "\(check.stderr)")
        #expect(check.stderr.contains("(run \(id)) with different steps; bump the version"))
        #expect(check.stderr.contains("api (reprotect), master target: mt1 -> mt2"))
        let diff = try rpl(["diff", id, planURL.path, "--inventory", database], in: directory)
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("~ api (reprotect), master target: mt1 -> mt2"), "\(diff.stdout)")
        #expect(diff.stdout.hasPrefix("plan tier version 1: run \(id) -> "))

        // Bumped: a new version, nothing to warn about.
        try version1.replacingOccurrences(of: "reprotect api using mt1", with: "reprotect api using mt2")
            .replacingOccurrences(of: "version 1", with: "version 2")
            .write(to: planURL, atomically: true, encoding: .utf8)
        #expect(!(try rpl(["check", planURL.path, "--inventory", database], in: directory).stderr.contains("RP711")))
    }
}

@Suite("rpl diff reads its arguments as a user means them")
struct DiffArgumentTests {
    @Test func aMissingRelativePathIsAMissingFileNotARange() throws {
        let directory = try makeWorkDirectory()
        let result = try rpl(["diff", "../nowhere/plan.rpl", "plan.rpl"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read '../nowhere/plan.rpl': no such file"), "\(result.stderr)")
    }
}
