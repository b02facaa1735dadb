#if canImport(Glibc)
import Glibc
#endif
import RPLInventory
import Testing
@testable import RPLCheck

/// `rpl check` of a 50,000-machine plan holds every planned step at once:
/// what each one keeps, and what is reserved for them, is its peak memory.
@Suite struct CheckMemoryTests {
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
