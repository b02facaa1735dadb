import Foundation
import RPLInventory
import RPLSource
import Testing
@testable import RPLCheck

/// RP701's help names a master target for the whole replication group only
/// when that master target passes every other rule for every member.
@Suite struct MasterTargetSuggestionTests {
    /// erp split across mt-lin (db01) and mt-lin2 (db02), with db02's on-prem
    /// VM on a datastore only esx02 (mt-lin2's host) mounts read/write.
    static func splitWithDb02OnlyOnEsx02() -> Estate {
        var estate = Estate.baseline()
        estate.add { $0.datastores.append(Datastore(name: "ds3", freeGB: 512, mounts: [("esx02", .readWrite), ("esx01", .readOnly)])) }
        estate.machine("db02") { $0.onpremVM.datastores = ["ds3"] }
        estate.step("db02") { $0.masterTarget = "mt-lin2"; $0.datastore = "ds3" }
        return estate
    }

    func help(_ estate: Estate) throws -> String {
        let finding = try #require(estate.findings(.RP701).first)
        return try #require(finding.help.first)
    }

    @Test func RP701_suggestsOnlyAMasterTargetThatPassesEveryRuleForEveryMember() throws {
        let estate = Self.splitWithDb02OnlyOnEsx02()
        // mt-lin, the first one named, would fail RP209 for db02.
        var onFirst = estate
        onFirst.step("db02") { $0.masterTarget = "mt-lin" }
        #expect(!onFirst.findings(.RP209).isEmpty)
        let text = try help(estate)
        #expect(text.hasSuffix("e.g. 'mt-lin2'"), "\(text)")
    }

    @Test func RP701_suggestsNoneWhenNoMasterTargetFitsAll() throws {
        var estate = Self.splitWithDb02OnlyOnEsx02()
        estate.add { $0.datastores.append(Datastore(name: "ds4", freeGB: 512, mounts: [("esx01", .readWrite)])) }
        estate.machine("db01") { $0.onpremVM.datastores = ["ds4"] }
        estate.step("db01") { $0.datastore = "ds4" }
        let text = try help(estate)
        #expect(!text.contains("e.g."), "\(text)")
        #expect(text.contains("none of the inventory's master targets"))
    }

    /// The mechanism: for every master target of the inventory, `fits` says
    /// yes exactly when a plan putting every member on it has no error from
    /// the rules, in each of the estates above.
    @Test func fitsAgreesWithTheRulesForEveryMasterTarget() {
        var noneFits = Self.splitWithDb02OnlyOnEsx02()
        noneFits.add { $0.datastores.append(Datastore(name: "ds4", freeGB: 512, mounts: [("esx01", .readWrite)])) }
        noneFits.machine("db01") { $0.onpremVM.datastores = ["ds4"] }
        var fullDisks = Self.splitWithDb02OnlyOnEsx02()
        fullDisks.masterTarget("mt-lin2") { $0.attachedDisks = 57 }
        for estate in [Estate.baseline(), Self.splitWithDb02OnlyOnEsx02(), noneFits, fullDisks] {
            for target in estate.inventory.masterTargets {
                var together = estate
                for member in ["db01", "db02"] { together.step(member) { $0.masterTarget = target.name } }
                let facts = together.facts
                let context = RuleContext(facts: facts, inventory: together.inventory, now: Estate.now)
                let members = [2, 3].map { (index: $0, step: facts.reprotects[$0]) }
                let errors = together.findings().filter { finding in
                    finding.severity == .error && [2, 3].contains { member in
                        finding.subject == .reprotect(member, .masterTarget) || finding.subject == .reprotect(member, .datastore)
                            || finding.subject == .reprotect(member, .retention) || finding.subject == .reprotect(member, .machine)
                    }
                }
                #expect(MasterTargetFit.fits(target, steps: members, context) == errors.isEmpty,
                        "\(target.name): \(errors.map(\.summary))")
            }
        }
    }
}
