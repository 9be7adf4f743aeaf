import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Named places where a test can have the process killed outright (SIGKILL, no cleanup) to prove that
/// the state and the outputs survive a crash at that moment. Armed only by the environment variable
/// `WINNOW_CRASH_AT=<point>`; without it each `reach` is one comparison against a value read once.
public enum CrashPoint: String, CaseIterable, Sendable {
    case ingested, normalized, deduplicated, classified
    /// Outputs fully staged, state not yet committed.
    case exported
    /// Inside the state transaction, after the imported files are written and before the contacts.
    case storeWrite = "store-write"
    /// State committed, outputs not yet renamed into place.
    case committed
    /// Between the two renames that swap the outputs in.
    case publishing

    private static let armed: CrashPoint? = ProcessInfo.processInfo.environment["WINNOW_CRASH_AT"].flatMap(CrashPoint.init(rawValue:))

    public static func reach(_ point: CrashPoint) {
        guard armed == point else { return }
        kill(getpid(), SIGKILL)
        pause()
    }
}
