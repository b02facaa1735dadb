import Foundation
import RPLRepl
import Testing

@Suite struct CompletionTests {
    func complete(_ line: String, _ session: ReplSession? = nil) throws -> [String] {
        try (session ?? demoSession()).complete(line: line, cursor: line.utf8.count)
    }

    @Test func keywordsAtStatementStart() throws {
        #expect(try complete("re") == ["reprotect", "return"])
        #expect(try complete("group app < fa") == ["failback"])
    }

    @Test func afterReprotectTheFailedOverMachines() throws {
        let session = try demoSession()
        #expect(try complete("reprotect ", session) == ["web", "api", "sql01", "erp-app", "erp-db", "fs01"])
        #expect(session.evaluate("group app < reprotect web using mt1 ps-azure datastore ds1 >").accepted)
        #expect(session.evaluate(":run").text.contains("succeeded"))
        // web is reprotected now: no longer offered.
        #expect(try complete("reprotect w", session) == [])
    }

    /// The brief's case: `reprotect web using m` + Tab offers only the Linux master targets.
    @Test func afterUsingTheMasterTargetsOfTheMachinesOS() throws {
        #expect(try complete("reprotect web using m") == ["mt1", "mt2"])
        #expect(try complete("reprotect sql01 using ") == ["mt-win", "auto"])
        #expect(try complete("reprotect web ") == ["using"])
    }

    @Test func afterTheMasterTargetTheProcessServers() throws {
        #expect(try complete("reprotect web using mt1 ") == ["ps-azure", "ps-onprem"])
        #expect(try complete("reprotect web using auto ps-a") == ["ps-azure"])
    }

    @Test func afterDatastoreThoseMountedOnTheMasterTargetsHost() throws {
        // ds2 is mounted on esx02 only; mt1 runs on esx01, mt2 on esx02.
        #expect(try complete("reprotect web using mt1 ps-azure datastore ") == ["ds1", "ds-gold"])
        #expect(try complete("reprotect web using mt2 ps-azure datastore ") == ["ds1", "ds2", "ds-gold"])
    }

    /// The cache volume (C:, /usr/local/ASR) is not eligible, so it is never offered.
    @Test func afterRetentionTheMasterTargetsEligibleVolumesQuoted() throws {
        #expect(try complete("reprotect sql01 using mt-win ps-azure datastore ds-gold retention ") == [#""R:""#])
        #expect(try complete("reprotect web using mt1 ps-azure datastore ds1 retention ") == [#""/mnt/retention""#])
        #expect(try complete(#"reprotect web using mt1 ps-azure datastore ds1 retention "/mnt"#) == [#""/mnt/retention""#])
    }

    @Test func afterADatastoreTheRemainingOptions() throws {
        #expect(try complete("reprotect web using mt1 ps-azure datastore ds1 ") == ["retention", "policy"])
    }

    @Test func afterARecordsNameAndADotItsFields() throws {
        #expect(try complete("web.os") == ["os", "os-version"])
        #expect(try complete("let x = mt1.def") == ["default-retention"])
        #expect(try complete("nosuchname.") == [])
    }

    @Test func loadCompletesFilePathsIntoDirectories() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("plans"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data().write(to: directory.appendingPathComponent("plans/wave1.rpl"))
        try Data().write(to: directory.appendingPathComponent("plans/wave2.rpl"))
        #expect(try complete(":load \(directory.path)/pl") == ["\(directory.path)/plans/"])
        #expect(try complete(":load \(directory.path)/plans/w") == ["\(directory.path)/plans/wave1.rpl", "\(directory.path)/plans/wave2.rpl"])
    }

    @Test func metaCommandsAndCodes() throws {
        #expect(try complete(":ex") == [":explain"])
        #expect(try complete(":").count == MetaCommand.allCases.count)
        #expect(try complete(":explain RP70") == ["RP701", "RP702", "RP703", "RP704", "RP705", "RP706", "RP707", "RP708", "RP709"])
        #expect(try complete(":inventory ma") == ["machines", "master-targets"])
    }

    @Test func expressionsOfferSessionNamesAndTheInventory() throws {
        let session = try demoSession()
        #expect(session.evaluate("let linux-machines = machines").accepted)
        #expect(try complete("let x = linux-", session) == ["linux-machines"])
        #expect(try complete("let x = master-", session) == ["master-targets", "master-target"])
    }

    @Test func failbackOffersGroupsAndReprotectedMachines() throws {
        let session = try demoSession()
        #expect(session.evaluate("group app < reprotect web using mt1 ps-azure datastore ds1 >").accepted)
        #expect(try complete("failback ", session) == ["all", "app", "web"])
    }
}
