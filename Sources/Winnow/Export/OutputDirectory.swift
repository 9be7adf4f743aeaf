import Foundation
import CFileSystem

/// Publishes a run's outputs all at once: files are written into a staging folder beside the target and
/// renamed into place, so a failed run never leaves half a segment behind.
public struct OutputDirectory: Sendable {
    public let target: URL
    public let staging: URL

    public init(path: String) throws {
        target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw WinnowError.output(path: parent.path, reason: error.localizedDescription)
        }
        staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw WinnowError.output(path: staging.path, reason: error.localizedDescription)
        }
        InterruptCleanup.register(staging.path)
    }

    /// A staging folder made earlier (recorded in the state's publication journal), to publish it now.
    public init(target: String, staging: String) {
        self.target = URL(fileURLWithPath: target).standardizedFileURL
        self.staging = URL(fileURLWithPath: staging).standardizedFileURL
    }

    public func file(_ name: String) -> String { staging.appendingPathComponent(name).path }

    /// A folder inside this one, published with it (a run's snapshot/ and delta/).
    public func subfolder(_ name: String) throws -> OutputDirectory {
        let folder = OutputDirectory(target: target.appendingPathComponent(name).path, staging: staging.appendingPathComponent(name).path)
        do {
            try FileManager.default.createDirectory(at: folder.staging, withIntermediateDirectories: false)
        } catch {
            throw WinnowError.output(path: folder.staging.path, reason: error.localizedDescription)
        }
        return folder
    }

    /// Staging and swapped-out folders of runs that were killed (`.NAME.tmp-PID`, `.NAME.old-PID`), except `keeping`.
    public static func removeLeftovers(of target: String, keeping: Set<String> = []) {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        let parent = url.deletingLastPathComponent()
        let prefixes = [".\(url.lastPathComponent).tmp-", ".\(url.lastPathComponent).old-"]
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where prefixes.contains(where: name.hasPrefix) {
            let path = parent.appendingPathComponent(name).standardizedFileURL.path
            if !keeping.contains(path) { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Moves the staged files into place. Where the outputs existed, staging and target are exchanged in
    /// one atomic step (renameat2), so readers and a crash see the old outputs or the new ones, never
    /// neither; the previous outputs, now in the staging path, are then removed.
    public func publish() throws {
        let fileManager = FileManager.default
        CrashPoint.reach(.publishing)
        if fileManager.fileExists(atPath: target.path) {
            if winnow_exchange_paths(staging.path, target.path) == 0 {
                InterruptCleanup.unregister(staging.path)
                try? fileManager.removeItem(at: staging)
                return
            }
            guard errno == EINVAL || errno == ENOSYS else {
                throw WinnowError.output(path: target.path, reason: String(cString: strerror(errno)))
            }
            // A file system that cannot exchange: two renames, the old outputs parked beside.
            let previous = target.deletingLastPathComponent()
                .appendingPathComponent(".\(target.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            guard rename(target.path, previous.path) == 0 else {
                throw WinnowError.output(path: target.path, reason: String(cString: strerror(errno)))
            }
            guard rename(staging.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(previous.path, target.path)
                throw WinnowError.output(path: target.path, reason: reason)
            }
            InterruptCleanup.unregister(staging.path)
            try? fileManager.removeItem(at: previous)
            return
        }
        guard rename(staging.path, target.path) == 0 else {
            throw WinnowError.output(path: target.path, reason: String(cString: strerror(errno)))
        }
        InterruptCleanup.unregister(staging.path)
    }

    /// Removes the staging folder after a failure.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
        InterruptCleanup.unregister(staging.path)
    }
}
