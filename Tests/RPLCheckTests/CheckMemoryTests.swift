#if canImport(Glibc)
import Glibc
#endif
import RPLInventory
import RPLSyntax
import Testing
@testable import RPLCheck

/// `rpl check` of a 50,000-machine plan holds every planned step at once:
/// what each one keeps, and what is reserved for them, is its peak memory.
@Suite struct CheckMemoryTests {
    /// A plan over 80 bytes a step: enough text that evaluation sizes its step tables above zero.
    static let paddedPlan = "# " + String(repeating: "padding ", count: 200)
        + "\nplan p <\n  reprotect web using mt-lin ps-azure datastore ds1\n>\n"

    static func evaluation(producesPlan: Bool) throws -> Evaluator {
        let options = CheckOptions(now: Estate.now, producesPlan: producesPlan)
        return try #require(Checker.run(Parser.parse(name: "plan.rpl", text: paddedPlan), inventory: Estate.baseline().inventory,
                                        options: options).evaluator)
    }

    @Test func checkThatProducesNoPlanReservesNoRoomForItsSteps() throws {
        let checked = try Self.evaluation(producesPlan: false).building
        #expect(checked.reprotects.count == 1)
        #expect(checked.steps.capacity == 0)
        #expect(checked.stepIDs.capacity == 0)
        #expect(checked.reprotectStep.capacity == 0)
        // The plan-producing check still sizes them once.
        let planned = try Self.evaluation(producesPlan: true).building
        #expect(planned.steps.capacity >= Self.paddedPlan.utf8.count / 80)
    }

    @Test func plannedReprotectLendsItsMachineFromTheSharedArrayInsteadOfCopyingIt() throws {
        let machines = try DemoInventory.load().machines
        let position = try #require(machines.indices.last)
        let reprotect = PlannedReprotect(machineAt: position, of: machines, masterTarget: .auto, processServer: .unresolved,
                                         datastore: .auto)
        #expect(reprotect.machine == machines[position])
        #if canImport(Glibc)
        // The object's own allocation: smaller than one Machine only if the machine lives elsewhere.
        // (malloc.h is not in the Glibc module: the function is looked up by name.)
        typealias UsableSize = @convention(c) (UnsafeMutableRawPointer?) -> Int
        let symbol = try #require(dlsym(dlopen(nil, RTLD_NOW), "malloc_usable_size"))
        let usableSize = unsafeBitCast(symbol, to: UsableSize.self)
        let allocated = usableSize(Unmanaged.passUnretained(reprotect).toOpaque())
        #expect(allocated > 0)
        #expect(allocated < MemoryLayout<Machine>.size,
                "a planned reprotect takes \(allocated) bytes; a Machine alone is \(MemoryLayout<Machine>.size)")
        #endif
    }
}
