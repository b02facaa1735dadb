import Foundation
import RPLCheck
import RPLInventory
import RPLSource
import RPLSyntax
import Testing

/// A machine's on-prem VM as the language sees it: `onprem-vm-host` is an
/// ESXi host value (it compares with a master target's `host`),
/// `onprem-vm-datastores` a list of datastores, so a plan can choose "the
/// master target on the VM's host" without naming machines.
struct OnPremVMFieldsTests {
    /// web's VM is on esx02, api's on esx01, old's host is unknown; one Linux
    /// master target on each host.
    static func estate() -> Inventory {
        let volumes = [Volume(path: "/mnt/retention", filesystem: "ext4", capacityGB: 500)]
        return Inventory(
            network: Network(link: .siteToSiteVPN),
            configurationServer: ConfigurationServer(name: "cs01"),
            vcenters: [VCenter(name: "vc01")],
            hosts: [ESXiHost(name: "esx01", vcenter: "vc01"), ESXiHost(name: "esx02", vcenter: "vc01")],
            datastores: [Datastore(name: "ds1", freeGB: 2048, mounts: [("esx01", .readWrite), ("esx02", .readWrite)]),
                         Datastore(name: "ds2", freeGB: 2048, mounts: [("esx02", .readWrite)])],
            masterTargets: [
                MasterTarget(name: "mt1", os: .linux, host: "esx01", diskUUIDs: ["mt1-d0"], volumes: volumes),
                MasterTarget(name: "mt2", os: .linux, host: "esx02", diskUUIDs: ["mt2-d0"], volumes: volumes),
            ],
            processServers: [ProcessServer(name: "ps-azure", site: .azure)],
            machines: [
                Machine(name: "web", os: .linux, diskGB: 64, diskUUIDs: ["web-d0"],
                        onpremVM: OnPremVM(exists: true, host: "esx02", datastores: ["ds2", "ds1"], snapshots: 0)),
                Machine(name: "api", os: .linux, diskGB: 64, diskUUIDs: ["api-d0"],
                        onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"])),
                Machine(name: "old", os: .linux, state: .protected, diskGB: 64, diskUUIDs: ["old-d0"],
                        onpremVM: OnPremVM(exists: false, host: nil, datastores: [], snapshots: 2)),
            ])
    }

    static func check(_ text: String) -> CheckResult {
        Checker.check(Parser.parse(name: "plan.rpl", text: text), inventory: estate(),
                      options: CheckOptions(now: Date(timeIntervalSince1970: 1_795_000_000)))
    }

    static func errors(_ result: CheckResult) -> [String] {
        result.diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue): \($0.message)" }
    }

    @Test func theMasterTargetOnTheVMsHostIsChosenWithoutNamingMachines() throws {
        let result = Self.check("""
        fn target-on-vm-host(m) <
          return (master-targets where os == m.os and host == m.onprem-vm-host)[0]
        >
        group home <
          for m in machines where state == "failed-over" <
            reprotect m using target-on-vm-host(m) ps-azure datastore m.onprem-vm-datastores[0]
          >
        >
        """)
        #expect(Self.errors(result) == [])
        let chosen = try #require(result.plan).steps.compactMap { step -> String? in
            guard case let .reprotect(reprotect) = step.action else { return nil }
            return "\(reprotect.machine)→\(reprotect.masterTarget ?? "auto") on \(reprotect.datastore ?? "-")"
        }
        #expect(chosen == ["web→mt2 on ds2", "api→mt1 on ds1"])
    }

    @Test func theVMsHostIsAHostValueThatComparesWithAMasterTargetsHost() {
        let result = Self.check("""
        assert web.onprem-vm-host == mt2.host, "web's VM is beside mt2"
        assert web.onprem-vm-host != mt1.host, "and not beside mt1"
        assert web.onprem-vm-host == esx02, "a host compares with the host's name"
        assert web.onprem-vm-host.vcenter == vc01, "the host's own fields are read through it"
        assert old.onprem-vm-host == none, "an unknown host is none"
        """)
        #expect(Self.errors(result) == [])
    }

    @Test func theVMsDatastoresAreDatastoreValuesInInventoryOrder() {
        let result = Self.check("""
        assert web.onprem-vm-datastores == [ds2, ds1], "both, in the inventory's order"
        assert web.onprem-vm-datastores[0].free == 2TB, "a datastore's fields are read through it"
        assert len(old.onprem-vm-datastores) == 0, "no datastores recorded"
        assert old.onprem-vm-snapshots == 2, "snapshots are counted"
        assert not old.onprem-vm-exists, "old's VM is gone"
        """)
        #expect(Self.errors(result) == [])
    }

    @Test func aFalseAssertionAboutTheVMsHostFails() {
        // The fields are not vacuous: a wrong claim about them is reported.
        let result = Self.check("assert api.onprem-vm-host == mt2.host, \"api is beside mt2\"")
        #expect(Self.errors(result).map { String($0.prefix(5)) } == ["RP709"])
    }
}
