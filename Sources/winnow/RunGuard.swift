import ArgumentParser
import Dispatch
import Foundation
import Logging
import Winnow

/// What every command that publishes outputs does around its work: hold the run lock beside the output
/// folder, and on SIGINT / SIGTERM remove unfinished staging folders and exit 130 / 143. Published outputs
/// are never touched by an interrupted run: they only ever change by one rename.
enum RunGuard {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func run(output: String, _ body: () throws -> Void) throws {
        let lock = try RunLock(path: RunLock.path(forOutput: output))
        installSignalHandlers()
        try withExtendedLifetime(lock) { try body() }
    }

    private static func installSignalHandlers() {
        guard sources.isEmpty else { return }
        for (signalNumber, status) in [(SIGINT, ExitStatus.interrupted), (SIGTERM, ExitStatus.terminated)] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                InterruptCleanup.removeAll()
                FileHandle.standardError.write(Data("winnow: stopped by signal \(signalNumber); outputs left as they were\n".utf8))
                exit(status.rawValue)
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// One JSON object per log line, for log collectors: {"ts", "level", "message", ...metadata}.
struct JSONLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = JSONLine()
        line.beginObject()
        line.field("ts", ISO8601DateFormatter().string(from: Date()))
        line.field("level", event.level.rawValue)
        line.field("label", label)
        line.field("message", event.message.description)
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { line.field(key, merged[key]!.description) }
        line.endObject()
        FileHandle.standardError.write(Data(line.bytes + [0x0A]))
    }
}
