import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock held for a whole run, so two runs (two cron jobs, a cron job and an analyst) never
/// write the same outputs at once. It is an `flock` on a small file beside the outputs: the kernel drops it
/// when the process ends, however it ends, so a killed run never leaves a stale lock behind.
public final class RunLock {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock or throws `WinnowError.locked` naming the holder's pid and start time.
    public init(path: String) throws {
        // The output's parent (or the state's folder) may not exist yet on a first run.
        try? FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                 withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WinnowError.output(path: path, reason: "cannot create the run lock: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw WinnowError.locked(path: path, holder: holder?.isEmpty == false ? holder! : "another process")
        }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let text = "pid \(getpid()), started \(stamp)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        self.path = path
        self.descriptor = descriptor
    }

    /// The lock for an output folder: `.NAME.lock` beside it.
    public static func path(forOutput output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).lock").path
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }
}

/// Folders that must not outlive an interrupted run (output staging folders), and the stretch of a run
/// that a signal must not cut in two (the state commit and the publication that goes with it).
public enum InterruptCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []
    nonisolated(unsafe) private static var inCritical = false
    nonisolated(unsafe) private static var deferredStop: (Int32, ExitStatus)?

    public static func register(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    public static func unregister(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    /// Removes every registered folder; called on SIGINT / SIGTERM before exiting.
    public static func removeAll() {
        let pending = lock.withLock { paths }
        for path in pending { try? FileManager.default.removeItem(atPath: path) }
    }

    /// What a SIGINT / SIGTERM does: remove staging and exit, or, inside `critical`, wait until it ends.
    public static func stop(signal: Int32, status: ExitStatus) {
        let postpone = lock.withLock { () -> Bool in
            if inCritical { deferredStop = (signal, status) }
            return inCritical
        }
        if postpone { return }
        removeAll()
        FileHandle.standardError.write(Data("winnow: stopped by signal \(signal); outputs left as they were\n".utf8))
        exit(status.rawValue)
    }

    /// Runs `body` with signals held back: a stop requested meanwhile happens when it returns.
    public static func critical<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock { inCritical = true }
        defer {
            let stop = lock.withLock { () -> (Int32, ExitStatus)? in
                inCritical = false
                defer { deferredStop = nil }
                return deferredStop
            }
            if let stop {
                FileHandle.standardError.write(Data("winnow: stopped by signal \(stop.0) after the run committed and published\n".utf8))
                exit(stop.1.rawValue)
            }
        }
        return try body()
    }
}
