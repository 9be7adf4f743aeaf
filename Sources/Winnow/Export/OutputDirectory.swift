import Foundation

/// Publishes a run's outputs all at once: files are written into a staging folder beside the target and
/// renamed into place, so a failed run never leaves half a segment behind.
public struct OutputDirectory {
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

    public func file(_ name: String) -> String { staging.appendingPathComponent(name).path }

    /// Moves the staged files into place. The previous outputs, if any, are swapped out and removed.
    public func publish() throws {
        let fileManager = FileManager.default
        let previous = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
        var hadPrevious = false
        if fileManager.fileExists(atPath: target.path) {
            guard rename(target.path, previous.path) == 0 else {
                throw WinnowError.output(path: target.path, reason: String(cString: strerror(errno)))
            }
            hadPrevious = true
        }
        guard rename(staging.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadPrevious { _ = rename(previous.path, target.path) }
            throw WinnowError.output(path: target.path, reason: reason)
        }
        InterruptCleanup.unregister(staging.path)
        if hadPrevious { try? fileManager.removeItem(at: previous) }
    }

    /// Removes the staging folder after a failure.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
        InterruptCleanup.unregister(staging.path)
    }
}
