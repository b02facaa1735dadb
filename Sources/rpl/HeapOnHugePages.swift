#if canImport(Glibc)
import CMalloc
import Glibc
#endif

/// Asks the kernel to back rpl's heap with 2 MB pages, before a command
/// reads a plan or an inventory.
///
/// Why: a check of a 50,000-machine plan touches some 80 MB of heap, one
/// 4 KB page fault at a time: 20,000 faults, 55-70 ms of system time (most of
/// the CPU by which it trailed lua5.4 loading the same records). Kernels set
/// to transparent huge pages "madvise" (Debian's default) give 2 MB pages
/// only to memory marked MADV_HUGEPAGE. Measured on the 50k check: system
/// time 66 -> 26-43 ms, peak RSS +1.5 MB.
///
/// How: glibc grows one heap (the main arena, shared by every thread:
/// M_ARENA_MAX 1) in steps of at least 64 MB (M_TOP_PAD), never gives it
/// back before exit (M_TRIM_THRESHOLD), and takes large blocks from it
/// rather than from separate mappings (M_MMAP_THRESHOLD, its 32 MB
/// maximum). One probe allocation makes it take its first 64 MB step now;
/// that step, from the first 2 MB boundary on, is marked for huge pages.
/// Memory is only used as it is touched, so a small command pays nothing
/// but the few calls here. Elsewhere (no glibc) this does nothing.
enum HeapOnHugePages {
    static let step = 64 << 20
    static let hugePage = 2 << 20

    static func request() {
        #if canImport(Glibc)
        guard mallopt(M_ARENA_MAX, 1) == 1, mallopt(M_TOP_PAD, Int32(step)) == 1,
              mallopt(M_TRIM_THRESHOLD, Int32.max) == 1, mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1,
              let before = sbrk(0) else { return }
        // Larger than whatever is left at the heap's top, smaller than the mmap
        // threshold. Asking its usable size keeps the compiler from dropping
        // an allocation that is freed unused.
        let probe = malloc(1 << 20)
        guard malloc_usable_size(probe) > 0 else { return free(probe) }
        free(probe)
        guard let after = sbrk(0) else { return }
        let start = (UInt(bitPattern: before) + UInt(hugePage) - 1) & ~UInt(hugePage - 1)
        let end = UInt(bitPattern: after) & ~UInt(hugePage - 1)
        guard end > start, let region = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Advice only: where the kernel cannot, the heap keeps 4 KB pages.
        _ = madvise(region, Int(end - start), MADV_HUGEPAGE)
        #endif
    }
}
