import Foundation
import RPLInventory
import RPLSource

/// RP501–RP504 and RP601: the network, the process servers, the
/// configuration server and the vCenters. These are facts of the estate,
/// not of one step, so each is reported once per plan (once per process
/// server or vCenter), on the first step it affects.
enum EstateRules {
    static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        guard let first = context.firstStep else { return [] }
        let link = context.inventory.network?.link
        if link != .siteToSiteVPN && link != .expressRoutePrivate {
            let message = link.map { "the network link to Azure is \($0.rawValue): reprotect and failback need a site-to-site VPN or ExpressRoute private peering" }
                ?? "the inventory has no network link to Azure: reprotect and failback need a site-to-site VPN or ExpressRoute private peering"
            findings.append(Finding(.RP501, message, at: first,
                                    help: ["set up a site-to-site VPN, or the private peering of ExpressRoute, so that the VMs in Azure can reach the on-premises configuration server"]))
        }
        let server = context.inventory.configurationServer
        // Only the classic architecture fails back through a configuration server.
        if context.hasClassicMachine, server?.site != .onprem {
            let message = server.map { "configuration server \(quoted($0.name)) is not on-premises: a configuration server is required on-premises for failback" }
                ?? "the inventory has no configuration server: one is required on-premises for failback"
            findings.append(Finding(.RP504, message, at: first,
                                    help: ["restore the configuration server on-premises from its backup, with the same IP address, so that failback works"]))
        }
        findings += processServers(context, link: link)
        findings += vcenters(context)
        return findings
    }

    static func processServers(_ context: RuleContext, link: NetworkLink?) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        // The name read in place: a copy of the record per step cost more than the rule.
        for (index, step) in context.facts.reprotects.enumerated()
        where step.machine.architecture == .classic && step.processServerSlot.hasRecord && seen.insert(step.processServerSlot.record.name).inserted {
            processServer(step.processServerSlot.record, at: .reprotect(index, .processServer), context, link: link, into: &findings)
        }
        return findings
    }

    /// RP502, RP503: one process server, at the first step that uses it.
    static func processServer(_ server: ProcessServer, at subject: Subject, _ context: RuleContext, link: NetworkLink?,
                              into findings: inout [Finding]) {
        if server.site == .onprem && link == .siteToSiteVPN {
            findings.append(Finding(.RP502, "process server \(quoted(server.name)) is on-premises while the link to Azure is only a site-to-site VPN: replication from Azure has high latency",
                                    at: subject, help: ["deploy a process server in the Azure network of the failed-over VMs and use it"]))
        }
        // Without a configuration server (RP504) there is nothing to reach.
        guard context.inventory.configurationServer != nil else { return }
        if !server.reachesConfigurationServer || !server.heartbeat {
            let what = !server.reachesConfigurationServer ? "cannot reach the configuration server" : "has no heartbeat with the configuration server"
            findings.append(Finding(.RP503, "process server \(quoted(server.name)) \(what)",
                                    at: subject,
                                    help: ["use Telnet to check port 443 from the process server to the configuration server, or ping the configuration server from it; a connected process server has a heartbeat"]))
        }
    }

    static func vcenters(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        // Per master target, not per step: a vCenter is reached through its master targets' hosts.
        for (target, index) in context.masterTargetsByFirstUse {
            // An undiscovered vCenter is RP308's to report.
            guard let vcenter = context.vcenter(of: target), seen.insert(vcenter.name).inserted,
                  let concern = VCenterAccountRule.concern(vcenter, through: .masterTarget(target.name)) else { continue }
            findings.append(Finding(.RP601, concern.message, at: .reprotect(index, .masterTarget), help: [concern.help]))
        }
        return findings
    }
}
