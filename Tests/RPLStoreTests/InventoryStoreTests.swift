import Foundation
import GRDB
import RPLInventory
import RPLStore
import Testing

/// A fresh directory per test, removed afterwards.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }

    /// A database an older rpl wrote: `inventory` imported in `inv.sqlite`,
    /// then what later migrations added undone by `rollBack`.
    func olderDatabase(holding inventory: Inventory, _ rollBack: (Database) throws -> Void) throws -> String {
        let path = path("inv.sqlite")
        try InventoryStore(path: path).importInventory(inventory)
        let queue = try DatabaseQueue(path: path)
        try queue.write(rollBack)
        try queue.close()
        return path
    }
}

@Suite struct InventoryStoreTests {
    @Test func demoInventoryHasTheDesignCardsNames() throws {
        let demo = try DemoInventory.load()
        #expect(demo.machine("web")?.state == .failedOver)
        #expect(demo.masterTarget("mt1")?.os == .linux)
        #expect(demo.processServer("ps-azure")?.site == .azure)
        #expect(demo.datastore("ds1")?.access(on: try #require(demo.masterTarget("mt1")).host) == .readWrite)
        #expect(demo.members(ofReplicationGroup: "erp").map(\.name) == ["erp-app", "erp-db"])
        #expect(demo.validationIssues().isEmpty)
        let uuids = demo.machines.flatMap(\.diskUUIDs) + demo.masterTargets.flatMap(\.diskUUIDs)
        #expect(Set(uuids).count == uuids.count)
    }

    @Test func importThenLoadGivesTheSameInventory() throws {
        let directory = try TemporaryDirectory()
        let demo = try DemoInventory.load()
        let store = try InventoryStore(path: directory.path("inv.sqlite"))
        try store.importInventory(demo)
        #expect(try store.loadInventory() == demo)

        // A second connection reads what the first wrote, read-only.
        let reader = try InventoryStore(path: directory.path("inv.sqlite"), mode: .readOnly)
        #expect(try reader.loadInventory() == demo)
    }

    @Test func generatedEstateSurvivesTheRoundTrip() throws {
        var inventory = try DemoInventory.load()
        inventory.update { records in
            for index in 0..<300 {
                records.machines.append(Machine(
                    name: "vm\(index)", kind: index % 7 == 0 ? .physical : .vmwareVM, os: index % 2 == 0 ? .linux : .windows,
                    osVersion: "v\(index)", state: MachineState.allCases[index % MachineState.allCases.count],
                    inConfigurationServer: index % 5 != 0, agentRegistered: index % 3 != 0,
                    bootedInAzureAt: index % 4 == 0 ? nil : Date(timeIntervalSince1970: 1_795_507_200 + Double(index)),
                    replicationGroup: index % 10 == 0 ? "g\(index / 50)" : nil, disks: index % 4, diskGB: index * 3,
                    diskUUIDs: (0..<(index % 4)).map { "u-\(index)-\($0)" }, staticIP: index % 6 == 0,
                    onpremVM: OnPremVM(exists: index % 9 != 0, host: index % 8 == 0 ? nil : "esx02",
                                       datastores: index % 3 == 0 ? ["ds2", "ds1"] : [], snapshots: index % 2)))
            }
        }
        let store = try InventoryStore(temporaryImporting: inventory)
        #expect(try store.loadInventory() == inventory)
    }

    @Test func failingImportLeavesThePreviousContent() throws {
        let directory = try TemporaryDirectory()
        let store = try InventoryStore(path: directory.path("inv.sqlite"))
        let demo = try DemoInventory.load()
        try store.importInventory(demo)

        var broken = demo
        broken.update { records in
            records.machines.append(Machine(name: "web", os: .linux))
            records.masterTargets[0].host = "esx99"
        }
        do {
            try store.importInventory(broken)
            Issue.record("an invalid inventory was imported")
        } catch {
            guard case let .invalidInventory(issues) = error else { Issue.record("\(error)"); return }
            #expect(issues.map(\.path) == ["machines[6].name", "master_targets[0].host"])
        }
        #expect(try store.loadInventory() == demo)
    }

    @Test func failureInsideTheTransactionRollsBack() throws {
        let directory = try TemporaryDirectory()
        let store = try InventoryStore(path: directory.path("inv.sqlite"))
        let demo = try DemoInventory.load()
        try store.importInventory(demo)
        // A trigger makes the last insert fail, after every DELETE and most INSERTs ran.
        try store.dbQueue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_fs01 BEFORE INSERT ON machine_states
                WHEN (SELECT name FROM machines WHERE id = NEW.machine_id) = 'fs01'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """)
        }
        var changed = demo
        changed.update { $0.machines.removeFirst() }
        #expect(throws: StoreError.self) { try store.importInventory(changed) }
        #expect(try store.loadInventory() == demo)
    }

    @Test func aDatabaseFromBeforeChurnReadsTheDefaultReadOnlyAndGainsTheColumnWhenOpenedToWrite() throws {
        let directory = try TemporaryDirectory()
        var demo = try DemoInventory.load()
        demo.update { $0.machines[0].churnGBPerDay = 500 }
        // Make it what an earlier rpl wrote: no churn column, no record of its migration.
        let path = try directory.olderDatabase(holding: demo) { db in
            try db.execute(sql: "ALTER TABLE machines DROP COLUMN churn_gb_per_day")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [StoreSchema.machineChurnMigration])
        }
        let reader = try InventoryStore(path: path, mode: .readOnly)
        #expect(try reader.loadInventory().machines.allSatisfy { $0.churnGBPerDay == Machine.standardChurnGBPerDay })
        // Opened to write, it is migrated: the column comes with the default.
        let writer = try InventoryStore(path: path)
        #expect(try writer.loadInventory().machines[0].churnGBPerDay == Machine.standardChurnGBPerDay)
        try writer.importInventory(demo)
        #expect(try writer.loadInventory().machines[0].churnGBPerDay == 500)
    }

    /// The modernized records and each machine's architecture and forward
    /// replication go through the store's own tables and come back the same.
    @Test func modernizedRecordsSurviveTheRoundTrip() throws {
        var inventory = try DemoInventory.load()
        #expect(!inventory.appliances.isEmpty && inventory.vault != nil)
        inventory.update { records in
            records.machines[0].architecture = .modernized
            records.machines[0].forwardReplication = ForwardReplication(
                failoverCommitted: false, agentReregistered: false, health: .critical, initialReplicationComplete: false,
                resyncRequired: true, recoveryPoints: 0)
            records.appliances[0].reprotectAgents.append(ReprotectAgent(name: "ra-second", health: .critical, vcenter: "vc01",
                                                                        accessibleDatastores: ["ds-gold", "ds1"]))
            records.failbackPolicies[0].rpoThresholdMinutes = 45
        }
        let store = try InventoryStore(temporaryImporting: inventory)
        #expect(try store.loadInventory() == inventory)
    }

    /// A database made before the modernized records opens read-only as a classic estate.
    @Test func aDatabaseFromBeforeTheModernizedRecordsReadsAsClassic() throws {
        let directory = try TemporaryDirectory()
        let demo = try DemoInventory.load()
        let path = try directory.olderDatabase(holding: demo) { db in
            for table in ["machine_modernized", "failback_policies", "log_storage_accounts", "agent_datastores", "reprotect_agents",
                          "appliance_process_servers", "replication_appliances", "vault"] {
                try db.execute(sql: "DROP TABLE \(table)")
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v7-modernized'")
        }
        let loaded = try InventoryStore(path: path, mode: .readOnly).loadInventory()
        #expect(loaded.appliances.isEmpty && loaded.vault == nil)
        #expect(loaded.machines.allSatisfy { $0.architecture == .classic })
        #expect(loaded.machines.count == demo.machines.count)
    }

    @Test func readOnlyOpenRefusesWrites() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("inv.sqlite")
        try InventoryStore(path: path).importInventory(try DemoInventory.load())
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let reader = try InventoryStore(path: path, mode: .readOnly)
        #expect(throws: StoreError.self) { try reader.setMachineState("web", .reprotecting) }
        #expect(throws: StoreError.self) { try reader.importInventory(Inventory()) }
        #expect(try reader.loadInventory().machine("web")?.state == .failedOver)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func readOnlyOpenOfAMissingFileCreatesNothing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("absent.sqlite")
        #expect(throws: StoreError.self) { try InventoryStore(path: path, mode: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func readOnlyOpenOfANonInventoryDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        do {
            _ = try InventoryStore(path: path, mode: .readOnly)
            Issue.record("opened a database without inventory tables")
        } catch {
            guard case .notAnInventoryDatabase = error else { Issue.record("\(error)"); return }
        }

        let text = directory.path("text.sqlite")
        try Data("not a database at all, just some text that is long enough".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.self) { try InventoryStore(path: text, mode: .readOnly).loadInventory() }
    }

    @Test func setMachineStatePersists() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("inv.sqlite")
        let store = try InventoryStore(path: path)
        try store.importInventory(try DemoInventory.load())
        try store.setMachineState("web", .reprotecting)
        try store.dbQueue.write { db in
            try InventoryStore.setMachineState("api", .reprotected, in: db)
        }
        let reopened = try InventoryStore(path: path, mode: .readOnly).loadInventory()
        #expect(reopened.machine("web")?.state == .reprotecting)
        #expect(reopened.machine("api")?.state == .reprotected)
        #expect(reopened.machine("sql01")?.state == .failedOver)
        #expect(throws: StoreError.self) { try store.setMachineState("nobody", .reprotected) }
    }

    @Test func stateChangeRollsBackWithItsTransaction() throws {
        let store = try InventoryStore(temporaryImporting: try DemoInventory.load())
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.dbQueue.write { db in
                try InventoryStore.setMachineState("web", .reprotecting, in: db)
                throw Abort()
            }
        }
        #expect(try store.loadInventory().machine("web")?.state == .failedOver)
    }

    @Test func reopeningKeepsContentAndMigrationsRunOnce() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("inv.sqlite")
        try InventoryStore(path: path).importInventory(try DemoInventory.load(), sourceDigest: "abc")
        let again = try InventoryStore(path: path)
        #expect(try again.loadInventory().machines.count == 6)
        #expect(try again.sourceDigest() == "abc")
        let applied = try again.dbQueue.read { db in try StoreSchema.migrator.appliedMigrations(db) }
        #expect(applied == StoreSchema.migrations.map(\.identifier))
    }

    @Test func damagedEnumerationValueIsReportedNotGuessed() throws {
        let store = try InventoryStore(temporaryImporting: try DemoInventory.load())
        try store.dbQueue.write { db in try db.execute(sql: "UPDATE machines SET os = 'solaris' WHERE name = 'api'") }
        do {
            _ = try store.loadInventory()
            Issue.record("a damaged row was loaded")
        } catch let error as StoreError {
            guard case let .corruptRecord(table, id, message) = error else { Issue.record("\(error)"); return }
            #expect(table == "machines")
            #expect(id == 1)
            #expect(message.contains("'solaris'"))
        }
    }

    /// Stored enumerations are matched byte for byte: a prefix, a longer
    /// word, another case or an empty text is a damaged row, not a value.
    @Test(arguments: ["linu", "linuxx", "Linux", ""])
    func enumerationValuesMatchWholeAndExactly(_ stored: String) throws {
        let store = try InventoryStore(temporaryImporting: try DemoInventory.load())
        try store.dbQueue.write { db in try db.execute(sql: "UPDATE machines SET os = ? WHERE name = 'api'", arguments: [stored]) }
        #expect(throws: StoreError.self) { try store.loadInventory() }
    }

    /// An empty text is a value, NULL is none: the two read differently.
    @Test func emptyOptionalTextIsNotNull() throws {
        let store = try InventoryStore(temporaryImporting: try DemoInventory.load())
        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE machines SET replication_group = '', onprem_host = NULL WHERE name = 'api'")
        }
        let api = try #require(try store.loadInventory().machine("api"))
        #expect(api.replicationGroup == "")
        #expect(api.onpremVM.host == nil)
    }

    @Test func rowsEditedByHandStillLoadWithTheirChildren() throws {
        let store = try InventoryStore(temporaryImporting: try DemoInventory.load())
        // Ids stop being positions: children must still find their owners.
        try store.dbQueue.write { db in try db.execute(sql: "DELETE FROM machines WHERE name = 'web'") }
        let demo = try DemoInventory.load()
        let loaded = try store.loadInventory()
        #expect(loaded.machines == Array(demo.machines.dropFirst()))
        #expect(loaded.machine("web") == nil)
        #expect(loaded.machine("erp-db")?.diskUUIDs == demo.machine("erp-db")?.diskUUIDs)
    }
}
