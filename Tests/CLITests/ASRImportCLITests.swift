import Foundation
import Testing

/// `rpl inventory import --from asr DIR`: the recorded classic vault into a
/// database, merged over what the user wrote, checked against a plan; and
/// bad input refused with the database unchanged.
@Suite struct ASRImportCLITests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/asr")

    static func copyFolder(_ name: String, to directory: URL) throws -> URL {
        let copy = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: copy)
        return copy
    }

    static func importVault(_ folder: String, in directory: URL) throws -> Finished {
        try rpl(["inventory", "import", "--from", "asr", fixtures.appendingPathComponent(folder).path, "--db", "estate.sqlite"], in: directory)
    }

    /// The user's inventory (the master target's host, the link), then the vault over it: a plan checks against the result.
    @Test func theRecordedVaultImportsOverTheUsersInventoryAndAPlanChecksAgainstIt() throws {
        let directory = try makeWorkDirectory()
        let base = try rpl(["inventory", "import", Self.fixtures.appendingPathComponent("classic-base.json").path, "--db", "estate.sqlite"],
                           in: directory)
        #expect(base.status == 0, "\(base.stderr)")
        let imported = try Self.importVault("classic-failed-over", in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("added    machine V2A-W2K16-201"))
        // The recorded datastore's UUID comes with its sizes.
        #expect(imported.stdout.contains(
            "changed  datastore datastore1 (free_gb: 0 → 154, capacity_gb: null → 439, uuid: null → \"6005a082-e4a06cce-c50c-f0d4e2e6578e\")"))
        // The machine names the process server and master target its recorded ids (both 30AE6187-...) point to.
        let shown = try rpl(["inventory", "show", "machines", "--format", "json", "--inventory", "estate.sqlite"], in: directory)
        #expect(shown.stdout.contains("\"process_server\": \"V2A-PS-200-ps\""), "\(shown.stdout)\(shown.stderr)")
        #expect(shown.stdout.contains("\"master_target\": \"V2A-PS-200\""))
        #expect(imported.stdout.contains("arm_id: null → \"30AE6187-5869-8E44-B8AF6AA66E3ECC8F\""))
        // The master target Site Recovery knows but the user did not give a host: said, not invented.
        #expect(imported.stdout.contains("master target PwsTestCS: Site Recovery does not say on which ESXi host it runs"))
        #expect(imported.stderr.contains("note[RP963]: churn_gb_per_day (10) for 1 machine: V2A-W2K16-201"))

        let plan = directory.appendingPathComponent("plan.rpl")
        try """
            plan failback-201 version 1 <
              reprotect V2A-W2K16-201 using V2A-PS-200 PwsTestCS-ps datastore datastore1 retention "F:"
              failback V2A-W2K16-201
            >

            """.write(to: plan, atomically: true, encoding: .utf8)
        let checked = try rpl(["check", "plan.rpl", "--inventory", "estate.sqlite"], in: directory)
        #expect(checked.status == 0, "\(checked.stderr)")
        // F: is the recorded retention volume (10734268416 bytes: 9 GB); its file system is unknown, and the checker says so.
        #expect(checked.stderr.contains("note[RP960]: retention volume 'F:' of master target 'V2A-PS-200'"))
        // The process server the recorded reprotect used runs on the configuration server, on-premises.
        #expect(checked.stderr.contains("warning[RP502]: process server 'PwsTestCS-ps' is on-premises"))
        #expect(!checked.stderr.contains("error["))
    }

    /// The same vault later (the failback committed): the second import says what changed, by name.
    @Test func aLaterImportReportsWhatChanged() throws {
        let directory = try makeWorkDirectory()
        _ = try Self.importVault("classic-failed-over", in: directory)
        let later = try Self.importVault("classic", in: directory)
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stdout.contains("1 added, 0 removed, 1 changed"))
        #expect(later.stdout.contains("added    machine V2A-W2K19-202"))
        #expect(later.stdout.contains("changed  machine V2A-W2K16-201 (state: \"failed-over\" → \"committed\""))
        let again = try Self.importVault("classic", in: directory)
        #expect(again.stdout.contains("no changes"))
    }

    func refused(_ prepare: (URL) throws -> Void, expecting message: String) throws {
        let directory = try makeWorkDirectory()
        let folder = try Self.copyFolder("classic", to: directory)
        _ = try Self.importVault("classic-failed-over", in: directory)
        let before = try Data(contentsOf: directory.appendingPathComponent("estate.sqlite"))
        try prepare(folder)
        let result = try rpl(["inventory", "import", "--from", "asr", folder.path, "--db", "estate.sqlite"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error[RP962]"), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was written to estate.sqlite"))
        #expect(try Data(contentsOf: directory.appendingPathComponent("estate.sqlite")) == before, "the database changed")
    }

    @Test func aTruncatedFileIsRefusedNamingItAndNothingIsWritten() throws {
        try refused({ folder in
            let file = folder.appendingPathComponent("protectedItems.json")
            let bytes = try Data(contentsOf: file)
            try bytes.prefix(bytes.count / 2).write(to: file)
        }, expecting: "protectedItems.json: error[RP962]: not valid JSON (truncated?)")
    }

    @Test func aResourceOfAnUnknownTypeIsRefusedNamingItsFile() throws {
        try refused({ folder in
            try #"{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1", "type": "Microsoft.Compute/virtualMachines", "properties": {}}"#
                .write(to: folder.appendingPathComponent("vm1.json"), atomically: true, encoding: .utf8)
        }, expecting: "vm1.json: error[RP962]: $ is a resource of type 'Microsoft.Compute/virtualMachines'")
    }

    /// One item of a provider rpl does not know is left out, reported with its file and JSON path; the rest imports.
    @Test func anItemOfAnUnknownProviderIsLeftOutAndTheRestImports() throws {
        let directory = try makeWorkDirectory()
        let folder = try Self.copyFolder("classic", to: directory)
        let file = folder.appendingPathComponent("protectedItems.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        // The second item (V2A-W2K19-202) becomes a provider from the future.
        try text.replacingOccurrences(of: "\"instanceType\": \"InMageAzureV2\"", with: "\"instanceType\": \"InMageRcmNext\"")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try rpl(["inventory", "import", "--from", "asr", folder.path, "--db", "estate.sqlite"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("protectedItems.json $.value[1].properties.providerSpecificDetails.instanceType: warning[RP961]: provider 'InMageRcmNext'"),
                "\(result.stderr)")
        #expect(result.stdout.contains("added    machine V2A-W2K16-201"))
        #expect(!result.stdout.contains("V2A-W2K19-202"))
    }

    /// The vault's appliance takes a name the user's inventory gives a machine: nothing is written, the issue is listed.
    @Test func aMergeThatIsNotConsistentWritesNothing() throws {
        let directory = try makeWorkDirectory()
        try #"{"machines": [{"name": "appliance01", "os": "linux"}]}"#.write(to: directory.appendingPathComponent("mine.json"),
                                                                           atomically: true, encoding: .utf8)
        _ = try rpl(["inventory", "import", "mine.json", "--db", "estate.sqlite"], in: directory)
        let before = try Data(contentsOf: directory.appendingPathComponent("estate.sqlite"))
        let result = try Self.importVault("modernized", in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error[RP965]: the inventory merged with the Site Recovery responses in"), "\(result.stderr)")
        #expect(result.stderr.contains("note: replication_appliances[0].name: 'appliance01' is already the name of a machine"))
        #expect(try Data(contentsOf: directory.appendingPathComponent("estate.sqlite")) == before, "the database changed")
    }

    /// The vCenter pull's failures are diagnostics too, naming the URL; no database is left behind.
    @Test func aVCenterThatCannotBeReachedIsADiagnosticNamingIt() throws {
        let directory = try makeWorkDirectory()
        let url = "https://127.0.0.1:\(try freePort())/sdk"
        let result = try rpl(["inventory", "pull", "--vcenter", url, "--user", "u", "--db", "estate.sqlite"], in: directory,
                             environment: ["RPL_VCENTER_PASSWORD": "p"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(url): error[RP964]: cannot connect to the vCenter at \(url)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("estate.sqlite").path))
    }

    /// The modernized vault's facts reach the checker: the agent's and the replication's Warning health and the
    /// failed planned failover the fixtures say are what the plan is told about.
    @Test func theModernizedVaultsFactsAreWhatAPlanIsCheckedAgainst() throws {
        let directory = try makeWorkDirectory()
        let imported = try Self.importVault("modernized", in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        try """
            plan modern version 1 <
              reprotect web01 using appliance01-ra datastore ds-gold log-storage lsafailback
              failback db01
            >

            """.write(to: directory.appendingPathComponent("plan.rpl"), atomically: true, encoding: .utf8)
        let checked = try rpl(["check", "plan.rpl", "--inventory", "estate.sqlite"], in: directory)
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("error[RP903]: appliance 'appliance01' is warning; reprotect agent 'appliance01-ra' is warning"),
                "\(checked.stderr)")
        #expect(checked.stderr.contains("error[RP910]: the replication of 'db01' is warning"))
        #expect(checked.stderr.contains("note[RP921]: the failback of 'db01' retries its failed planned failover"))
        #expect(checked.stderr.contains("note[RP918]: the reprotect of 'web01' uses original-location recovery"))
    }
}
