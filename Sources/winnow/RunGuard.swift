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

    static func run(output: String, state: String? = nil, _ body: () throws -> Void) throws {
        let lock = try RunLock(path: RunLock.path(forOutput: output))
        let stateLock = try state.map { try RunLock(path: $0 + ".lock") }
        installSignalHandlers()
        try withExtendedLifetime((lock, stateLock)) { try body() }
    }

    private static func installSignalHandlers() {
        guard sources.isEmpty else { return }
        for (signalNumber, status) in [(SIGINT, ExitStatus.interrupted), (SIGTERM, ExitStatus.terminated)] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { InterruptCleanup.stop(signal: signalNumber, status: status) }
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

/// A one-line progress bar on stderr for reading the inputs, drawn only when stderr is a terminal and the
/// run is not `--quiet` (cron logs get the per-stage lines instead).
enum ProgressBar {
    static func make(quiet: Bool) -> (@Sendable (String, Int, Int, Int) -> Void)? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        let started = Date()
        return { file, done, total, records in
            if done < 0 {
                FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
                return
            }
            let seconds = max(Date().timeIntervalSince(started), 0.001)
            let rate = Double(records) / seconds
            var line = "\r\u{1B}[K  reading \(file)  \(records) records  \(Int(rate)) rows/s"
            if total > 0, done > 0, done <= total {
                let fraction = Double(done) / Double(total)
                let width = 20
                let filled = Int(fraction * Double(width))
                line += "  [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
                line += String(format: " %3.0f%%", fraction * 100)
                let bytesRate = Double(done) / seconds
                if bytesRate > 0 { line += "  ETA \(Int(Double(total - done) / bytesRate)) s" }
            }
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Clears the bar's line.
    static func finish(_ bar: (@Sendable (String, Int, Int, Int) -> Void)?) {
        if bar != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
