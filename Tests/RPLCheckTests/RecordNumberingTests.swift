import RPLInventory
import RPLSyntax
import Testing
@testable import RPLCheck

/// `RuleContext` numbers the records of steps that read them from the
/// inventory's arrays by position, and those of steps that carry records of
/// their own by name: both must give the rules the same tables.
@Suite struct RecordNumberingTests {
    static let plan = """
    plan p <
      failback api
      reprotect web using mt-lin ps-azure datastore ds1
      reprotect api using mt-lin2 ps-azure datastore ds1
      reprotect web using mt-lin2 ps-azure datastore ds1
      reprotect sql01 using mt-win ps-azure datastore ds1
      reprotect db01 using mt-lin ps-azure
      reprotect db02 using auto ps-azure datastore ds1
      failback web
      failback fin01
    >
    """

    /// The steps as the evaluator builds them: records read in place from the inventory's arrays.
    static func evaluatedFacts(_ inventory: Inventory) throws -> PlanFacts {
        let evaluator = try #require(Checker.run(Parser.parse(name: "plan.rpl", text: plan), inventory: inventory,
                                                 options: CheckOptions(now: Estate.now)).evaluator)
        return PlanFacts(reprotects: evaluator.building.reprotects, failbacks: evaluator.building.failbacks)
    }

    /// The same steps, each holding copies of its records.
    static func copied(_ facts: PlanFacts) -> PlanFacts {
        let reprotects = facts.reprotects.map { step in
            PlannedReprotect(machine: step.machine, masterTarget: step.masterTarget, processServer: step.processServer,
                             datastore: step.datastore, retention: step.retention, group: step.group)
        }
        return PlanFacts(reprotects: reprotects, failbacks: facts.failbacks, isRecoveryPlan: facts.isRecoveryPlan)
    }

    @Test func numberingByPositionAndByNameGiveTheSameTables() throws {
        let inventory = Estate.baseline().inventory
        let inPlace = try Self.evaluatedFacts(inventory)
        let copies = Self.copied(inPlace)
        #expect(inPlace.reprotects.count == 6)
        #expect(inPlace.reprotects.allSatisfy { $0.machinePosition(in: inventory.machines) != nil })
        #expect(copies.reprotects.allSatisfy { $0.machinePosition(in: inventory.machines) == nil })

        let byPosition = RuleContext(facts: inPlace, inventory: inventory, now: Estate.now)
        let byName = RuleContext(facts: copies, inventory: inventory, now: Estate.now)
        #expect(byPosition.firstReprotectOfStep == [0, 1, 0, 3, 4, 5])
        #expect(byPosition.firstReprotectOfStep == byName.firstReprotectOfStep)
        #expect(byPosition.distinctIndices == byName.distinctIndices)
        #expect(byPosition.classicIndices == byName.classicIndices)
        #expect(byPosition.firstUse == byName.firstUse)
        #expect(byPosition.hasClassicMachine == byName.hasClassicMachine)
        for machine in inventory.machines {
            #expect(byPosition.firstReprotect(ofMachineNamed: machine.name) == byName.firstReprotect(ofMachineNamed: machine.name))
        }
        #expect(byPosition.firstReprotect(ofMachineNamed: "fin01") == nil)
        // The numbers differ (positions, or the order met); which steps share one, and what is known of it, do not.
        let steps = inPlace.reprotects.indices
        for i in steps {
            #expect(byPosition.isHostKnown(ofStep: i) == byName.isHostKnown(ofStep: i))
            #expect((byPosition.masterTargetOrdinal[i] < 0) == (byName.masterTargetOrdinal[i] < 0))
            for j in steps {
                #expect((byPosition.masterTargetOrdinal[i] == byPosition.masterTargetOrdinal[j])
                        == (byName.masterTargetOrdinal[i] == byName.masterTargetOrdinal[j]))
            }
        }
        // And so the rules find the same things.
        let found = { (facts: PlanFacts) in
            Prerequisites.check(facts, inventory: inventory, now: Estate.now).map { "\($0.code) \($0.subject) \($0.message)" }
        }
        #expect(found(inPlace) == found(copies))
        #expect(!found(inPlace).isEmpty)
    }
}
