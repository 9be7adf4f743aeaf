import Foundation
import Testing
@testable import Winnow

/// What an unattended nightly run relies on: one run at a time, clean stops, a reject-rate guard, JSON logs.
@Suite(.serialized) struct CronSafetyTests {
    @Test func aSecondRunWhileTheLockIsHeldExits75NamingTheHolder() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        let lock = try RunLock(path: RunLock.path(forOutput: out))
        let result = try EndToEndTests.winnow(["run", "--config", EndToEndTests.config, "--out", out, "--purchased", EndToEndTests.purchased[0]])
        #expect(result.status == 75)
        #expect(result.stderr.contains("pid \(getpid())"))
        #expect(!FileManager.default.fileExists(atPath: out))
        withExtendedLifetime(lock) {}
    }

    @Test func anOutputFolderUnderFoldersThatDoNotExistYetIsCreated() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("nightly/2026/out").path
        let result = try EndToEndTests.winnow(["run", "--config", EndToEndTests.config, "--out", out, "--quiet",
                                               "--state", directory.appendingPathComponent("state/winnow.sqlite").path,
                                               "--purchased", EndToEndTests.purchased[0]])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/snapshot/names.csv"))
    }

    @Test func theLockIsFreeAgainAfterARun() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        for _ in 0..<2 {
            let result = try EndToEndTests.winnow(["run", "--config", EndToEndTests.config, "--out", out, "--quiet", "--purchased", EndToEndTests.purchased[0]])
            #expect(result.status == 0, "\(result.stderr)")
        }
        _ = try RunLock(path: RunLock.path(forOutput: out))
    }

    @Test func rejectRateAboveTheLimitPublishesNothing() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        let result = try EndToEndTests.winnow(["run", "--config", EndToEndTests.config, "--out", out, "--quiet",
                                               "--max-reject-rate", "0.01", "--purchased", EndToEndTests.purchased[0]])
        #expect(result.status == 65)
        #expect(result.stderr.contains("7 of 224 records rejected"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let relaxed = try EndToEndTests.winnow(["run", "--config", EndToEndTests.config, "--out", out, "--quiet",
                                                "--max-reject-rate", "0.05", "--purchased", EndToEndTests.purchased[0]])
        #expect(relaxed.status == 0)
    }

    @Test func sigtermStopsCleanlyWith143AndLeavesThePreviousOutputs() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        #expect(try EndToEndTests.winnow(["run", "--config", EndToEndTests.config, "--out", out.path, "--quiet",
                                          "--purchased", EndToEndTests.purchased[0]]).status == 0)
        let before = try Data(contentsOf: out.appendingPathComponent("names.csv"))
        let big = directory.appendingPathComponent("big.csv")
        try EndToEndTests.bigList().write(to: big, atomically: true, encoding: .utf8)
        let status = try EndToEndTests.terminatedMidRun(["run", "--config", EndToEndTests.config, "--out", out.path, "--quiet",
                                                         "--purchased", big.path])
        #expect(status == 143)
        #expect(try Data(contentsOf: out.appendingPathComponent("names.csv")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "staging left behind: \(leftovers)")
    }

    @Test func jsonLogsAreOneObjectPerLine() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try EndToEndTests.winnow(["run", "--config", EndToEndTests.config, "--out", directory.appendingPathComponent("out").path,
                                               "--log-format", "json", "--purchased", EndToEndTests.purchased[0]])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == 5)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["stage"] != nil)
            #expect(object?["level"] as? String == "info")
        }
    }
}
