#if canImport(Glibc)
import Glibc
#endif
import CFileSystem
import Foundation

/// How winnow sets up memory at start-up. A run touches gigabytes of fresh heap at a million rows, and on a VM a
/// first touch of a page can cost microseconds (Benchmarks/README.md), so both settings make fresh memory cheaper.
///
/// Huge pages: glibc's allocator backs its heap with transparent huge pages only when asked (`glibc.malloc.hugetlb=1`),
/// and it reads that only from the environment at start-up. With 2 MiB pages the kernel takes far fewer page
/// faults (Benchmarks/README.md, "Huge pages"). So winnow restarts itself once, at start-up, with the tunable set, unless:
/// - `GLIBC_TUNABLES` is already set (the user's tunables win);
/// - the kernel's THP mode is not `madvise` (`always` already gives huge pages, `never` none);
/// - `WINNOW_HUGE_PAGES=0`.
enum MemorySetup {
    static func restartWithHugePagesIfUseful() {
        #if os(Linux)
        guard getenv("GLIBC_TUNABLES") == nil else { return }
        if let setting = getenv("WINNOW_HUGE_PAGES"), String(cString: setting) == "0" { return }
        guard let mode = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8),
              mode.contains("[madvise]") else { return }
        setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed: go on as started, and keep the tunable from any child.
        unsetenv("GLIBC_TUNABLES")
        #endif
    }

    /// Prefaulting: a thread maps the main heap's new pages as it grows (`winnow_prefault_heap`), so ingest,
    /// which allocates every record on the main thread, does not wait for page faults on its own core. At 1M rows
    /// ingest went from 10.2 and 10.0 s to 6.9 and 6.1 s, for about 30 MB more peak memory. `WINNOW_PREFAULT=0`
    /// turns it off.
    static func prefaultHeap() {
        #if os(Linux)
        if let setting = getenv("WINNOW_PREFAULT"), String(cString: setting) == "0" { return }
        _ = winnow_prefault_heap(32 << 20)
        #endif
    }
}
