import Foundation
import RPLInventory
import RPLSource
import Testing
@testable import RPLCheck

@Suite struct EstateRulesTests {
    @Test func RP501_noVPNOrPrivatePeering() {
        let clean = Estate.baseline()
        var broken = clean
        broken.inventory.network = Network(link: .expressRoutePublic)
        // Once per plan, on the first step, however many steps it affects.
        let finding = expectOnly(.RP501, clean: clean, broken: broken, at: .reprotect(0, .statement), help: "site-to-site VPN")
        #expect(finding?.message.contains("expressroute-public") == true)
        var none = clean
        none.inventory.network = nil
        expectOnly(.RP501, clean: clean, broken: none, at: .reprotect(0, .statement))
        var privatePeering = clean
        privatePeering.inventory.network = Network(link: .expressRoutePrivate)
        #expect(privatePeering.findings().isEmpty)
    }

    @Test func RP501_failbackOnlyPlan() {
        var clean = Estate.baseline()
        clean.reprotects = []
        clean.failbacks = [("fin01", nil)]
        #expect(clean.findings().isEmpty)
        var broken = clean
        broken.inventory.network = Network(link: .internet)
        expectOnly(.RP501, clean: clean, broken: broken, at: .failback(0))
    }

    @Test func RP502_onPremProcessServerOverVPN() {
        var clean = Estate.baseline()
        clean.add { $0.processServers.append(ProcessServer(name: "ps-onprem", site: .onprem)) }
        clean.inventory.network = Network(link: .expressRoutePrivate)
        for machine in ["api", "db01", "db02"] { clean.step(machine) { $0.processServer = "ps-onprem" } }
        #expect(clean.findings().isEmpty, "an on-prem process server is right with ExpressRoute")
        var broken = clean
        broken.inventory.network = Network(link: .siteToSiteVPN)
        // Once per process server, on its first step.
        expectOnly(.RP502, clean: clean, broken: broken, at: .reprotect(1, .processServer), mentions: ["ps-onprem"],
                   help: "deploy a process server in the Azure network")
    }

    @Test func RP503_processServerCannotReachConfigurationServer() {
        let clean = Estate.baseline()
        var broken = clean
        broken.processServer("ps-azure") { $0.reachesConfigurationServer = false }
        expectOnly(.RP503, clean: clean, broken: broken, at: .reprotect(0, .processServer), mentions: ["ps-azure"],
                   help: "use Telnet to check port 443 from the process server to the configuration server")
        var noHeartbeat = clean
        noHeartbeat.processServer("ps-azure") { $0.heartbeat = false }
        let finding = expectOnly(.RP503, clean: clean, broken: noHeartbeat, at: .reprotect(0, .processServer), mentions: ["ps-azure"])
        #expect(finding?.message.contains("heartbeat") == true)
    }

    @Test func RP504_noConfigurationServerOnPrem() {
        let clean = Estate.baseline()
        var broken = clean
        broken.inventory.configurationServer = ConfigurationServer(name: "cs01", site: .azure)
        expectOnly(.RP504, clean: clean, broken: broken, at: .reprotect(0, .statement), mentions: ["cs01"], help: "same IP address")
        var missing = clean
        missing.inventory.configurationServer = nil
        missing.processServer("ps-azure") { $0.heartbeat = false }
        expectOnly(.RP504, clean: clean, broken: missing, at: .reprotect(0, .statement))
        #expect(missing.findings(.RP503).isEmpty, "with no configuration server, RP504 says it all")
    }

    @Test func RP601_readOnlyVCenterAccount() {
        let clean = Estate.baseline()
        var broken = clean
        broken.vcenter("vc01") { $0.account = .readOnly }
        // mt-lin and mt-win share vc01: once per vCenter.
        expectOnly(.RP601, clean: clean, broken: broken, at: .reprotect(0, .masterTarget), mentions: ["vc01", "mt-lin"],
                   help: "update the vCenter credential")
    }

    @Test func estateRulesAreReportedOncePerPlan() {
        var estate = Estate.baseline()
        estate.inventory.network = Network(link: .internet)
        estate.inventory.configurationServer = nil
        estate.vcenter("vc01") { $0.account = .readOnly }
        let codes = estate.findings().map(\.code)
        #expect(codes.filter { $0 == .RP501 }.count == 1)
        #expect(codes.filter { $0 == .RP504 }.count == 1)
        #expect(codes.filter { $0 == .RP601 }.count == 1)
        #expect(codes.count == 3, "\(codes)")
    }

    @Test func unresolvedProcessServerIsLeftAlone() {
        var estate = Estate.baseline()
        estate.processServer("ps-azure") { $0.heartbeat = false }
        for index in estate.reprotects.indices { estate.reprotects[index].processServer = "ps-typo" }
        #expect(estate.findings().isEmpty)
    }
}
