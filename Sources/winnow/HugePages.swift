#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// glibc's allocator backs its heap with transparent huge pages only when asked (`glibc.malloc.hugetlb=1`),
/// and it reads that only from the environment at start-up. A run touches gigabytes of fresh heap at a
/// million rows, and with 2 MiB pages the kernel takes far fewer page faults for it (Benchmarks/README.md,
/// "Huge pages"). So winnow restarts itself once, at start-up, with the tunable set, unless:
/// - `GLIBC_TUNABLES` is already set (the user's tunables win);
/// - the kernel's THP mode is not `madvise` (`always` already gives huge pages, `never` none);
/// - `WINNOW_HUGE_PAGES=0`.
enum HugePages {
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
}
