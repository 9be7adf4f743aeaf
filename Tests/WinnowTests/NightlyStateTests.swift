import Foundation
import GRDB
import Testing
@testable import Winnow

/// Incremental runs against the state store, through the real binary: files imported once, ids that
/// survive the nights, and a state and outputs that come through SIGKILL, concurrent runs and bad files.
@Suite(.serialized) struct NightlyStateTests {
    static let config = EndToEndTests.root.appendingPathComponent("SampleData/icp.yaml").path
    static func sample(_ name: String) -> URL { EndToEndTests.root.appendingPathComponent("SampleData/\(name)") }

    /// A night's folder: `inbox/purchased`, `inbox/forms`, `out`, `winnow-state.sqlite`; runs use relative paths.
    struct Night {
        let directory: URL
        var state: String { directory.appendingPathComponent("winnow-state.sqlite").path }
        var out: URL { directory.appendingPathComponent("out") }

        init() throws {
            directory = try EndToEndTests.temporaryDirectory()
            for folder in ["inbox/purchased", "inbox/forms"] {
                try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
        }

        func drop(_ source: URL, into folder: String, as name: String? = nil) throws {
            let target = directory.appendingPathComponent("inbox/\(folder)/\(name ?? source.lastPathComponent)")
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source, to: target)
        }

        func write(_ text: String, into folder: String, as name: String) throws {
            try text.write(to: directory.appendingPathComponent("inbox/\(folder)/\(name)"), atomically: true, encoding: .utf8)
        }

        func run(_ extra: [String] = [], environment: [String: String] = [:]) throws -> EndToEndTests.Result {
            try EndToEndTests.winnow(["run", "--config", NightlyStateTests.config, "--inbox", "inbox", "--out", "out", "--quiet"] + extra,
                                     in: directory, environment: environment)
        }

        func dump() throws -> String { try SQLiteStateStore(path: state).canonicalDump() }

        /// Every published file but summary.json (which holds timings), by relative path.
        func outputs() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for folder in ["snapshot", "delta"] {
                let url = out.appendingPathComponent(folder)
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { continue }
                for name in names where name != "summary.json" && name != ".winnow-publication" {
                    files[folder + "/" + name] = try Data(contentsOf: url.appendingPathComponent(name))
                }
            }
            return files
        }

        /// FILE:ROW -> winnow_id in a published segment set.
        func owners(_ folder: String = "snapshot") throws -> [String: String] {
            var owners: [String: String] = [:]
            for stem in ["names", "suspects", "prospects", "suppressed"] {
                let text = try String(contentsOf: out.appendingPathComponent("\(folder)/\(stem).jsonl"), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let object = try JSONValue.parse(String(line))
                    let id = object["winnow_id"]!.string!
                    for source in object["sources"]!.array! {
                        owners["\(source["file"]!.string!):\(source["row"]!.int!)"] = id
                    }
                }
            }
            return owners
        }

        func aliases() throws -> [String: String] {
            let text = try String(contentsOf: out.appendingPathComponent("snapshot/aliases.csv"), encoding: .utf8)
            var aliases: [String: String] = [:]
            for line in text.split(separator: "\n").dropFirst() {
                let parts = line.split(separator: ",")
                aliases[String(parts[0])] = String(parts[1])
            }
            return aliases
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: Importing

    @Test func importingTheSameFilesAgainChangesNothing() throws {
        let night = try Night()
        defer { night.remove() }
        try night.drop(Self.sample("purchased-eu-vendor.csv"), into: "purchased")
        try night.drop(Self.sample("form-newsletter.csv"), into: "forms")
        let first = try night.run()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("run 1: imported 2 file(s)"))
        let state = try night.dump()
        let snapshot = try night.outputs().filter { $0.key.hasPrefix("snapshot/") }

        // The same files, and a renamed copy: nothing is imported, nothing changes.
        try night.drop(Self.sample("purchased-eu-vendor.csv"), into: "purchased", as: "renamed-copy.csv")
        let second = try night.run()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("run 2: imported 0 file(s), skipped 3 already imported; 0 new and 0 changed contacts"))
        #expect(try night.dump() == state)
        #expect(try night.outputs().filter { $0.key.hasPrefix("snapshot/") } == snapshot)
        let delta = try String(contentsOf: night.out.appendingPathComponent("delta/names.csv"), encoding: .utf8)
        #expect(delta.split(separator: "\n").count == 1, "the delta of a night without news holds no contact")
    }

    @Test func forceReimportsInPlaceAndKeepsEveryId() throws {
        let night = try Night()
        defer { night.remove() }
        try Self.prepareFirstNight(night)
        try night.drop(Self.sample("purchased-us-list.csv"), into: "purchased")
        #expect(try night.run().status == 0)
        let owners = try night.owners()
        let snapshot = try night.outputs().filter { $0.key.hasPrefix("snapshot/") }
        let files = try SQLiteStateStore(path: night.state).loadFiles().map { "\($0.input.path) \($0.rows.count)" }
        let forced = try night.run(["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("run 2: imported 3 file(s), skipped 0 already imported; 0 new and 0 changed contacts"))
        #expect(try night.owners() == owners)
        #expect(try night.outputs().filter { $0.key.hasPrefix("snapshot/") } == snapshot)
        #expect(try SQLiteStateStore(path: night.state).loadFiles().map { "\($0.input.path) \($0.rows.count)" } == files)
        #expect(files.count == 3)
    }

    @Test func newRecordsJoinKnownContactsAndTheSnapshotEqualsAOneShotRun() throws {
        let night = try Night()
        defer { night.remove() }
        try night.drop(Self.sample("purchased-eu-vendor.csv"), into: "purchased")
        #expect(try night.run().status == 0)
        try night.drop(Self.sample("purchased-us-list.csv"), into: "purchased")
        try night.drop(Self.sample("form-newsletter.csv"), into: "forms")
        let second = try night.run()
        #expect(second.status == 0, "\(second.stderr)")
        // The same three files in one one-shot run resolve to the same contacts.
        let oneShot = night.directory.appendingPathComponent("one-shot")
        let result = try EndToEndTests.winnow(["run", "--config", Self.config, "--out", oneShot.path, "--quiet",
                                               "--purchased", Self.sample("purchased-eu-vendor.csv").path,
                                               "--purchased", Self.sample("purchased-us-list.csv").path,
                                               "--form", Self.sample("form-newsletter.csv").path])
        #expect(result.status == 0)
        func count(_ folder: URL) throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for stem in ["names", "suspects", "prospects", "suppressed", "leads", "duplicates", "rejected"] {
                counts[stem] = try String(contentsOf: folder.appendingPathComponent("\(stem).csv"), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false).count
            }
            return counts
        }
        #expect(try count(night.out.appendingPathComponent("snapshot")) == count(oneShot))
        // Nothing is lost: every record of every imported file is in a contact's sources or in rejected.csv.
        let owners = try night.owners()
        let rejected = try String(contentsOf: night.out.appendingPathComponent("snapshot/rejected.csv"), encoding: .utf8)
        #expect(owners.count + rejected.split(separator: "\n").count - 1 == 224 + 120 + 80)
    }

    @Test func idsStayStableAcrossThreeNightsWithOverlappingFiles() throws {
        let night = try Night()
        defer { night.remove() }
        // Night 1: a purchased list.
        let people = """
            first_name,last_name,email,phone,company,country,industry,employees,revenue
            Anna,Schmidt,anna.schmidt@acme-maschinen.de,+49 221 5550101,Acme Maschinenbau GmbH,DE,Manufacturing,250,40000000
            Bruno,Keller,bruno.keller@keller-metall.de,+49 89 5550202,Keller Metall AG,DE,Manufacturing,120,9000000
            Clara,Dupont,clara.dupont@dupont-industrie.fr,+33 1 55 50 03 03,Dupont Industrie SA,FR,Manufacturing,90,7000000
            David,Rossi,david.rossi@rossi-tessile.it,+39 02 5550404,Rossi Tessile SpA,IT,Textiles,60,3000000

            """
        try night.write(people, into: "purchased", as: "vendor-2026-11.csv")
        #expect(try night.run().status == 0)
        let first = try night.owners()

        // Night 2: a newer list gives Anna another address (her own, same phone and company; the newer
        // file's email survives), a new person, and a form with Bruno.
        let update = """
            first_name,last_name,email,phone,company,country,industry,employees,revenue
            Anna,Schmidt,anna.schmidt.koeln@gmail.com,+49 221 5550101,Acme Maschinenbau GmbH,DE,Manufacturing,250,40000000
            Eva,Novak,eva.novak@novak-stroj.cz,+420 2 5550 5050,Novak Stroj s.r.o.,CZ,Manufacturing,300,20000000

            """
        try night.write(update, into: "purchased", as: "vendor-2026-12.csv")
        try night.write("E-Mail;Vorname;Nachname;Firma;Opt-in\nbruno.keller@keller-metall.de;Bruno;Keller;Keller Metall AG;yes\n",
                        into: "forms", as: "webform-1.csv")
        #expect(try night.run().status == 0)
        let second = try night.owners()
        let annaNow = try ["names", "suspects", "prospects"].map {
            try String(contentsOf: night.out.appendingPathComponent("snapshot/\($0).csv"), encoding: .utf8)
        }.joined()
        #expect(annaNow.contains("anna.schmidt.koeln@gmail.com"), "the contact's email is now the newer one")
        #expect(!annaNow.contains("anna.schmidt@acme-maschinen.de,"))

        // Night 3: the first list again under another name (skipped), and Anna's new address in a form.
        try night.write(people, into: "purchased", as: "vendor-2026-11-copy.csv")
        try night.write("E-Mail;Vorname;Nachname;Firma;Opt-in\nanna.schmidt.koeln@gmail.com;Anna;Schmidt;Acme Maschinenbau GmbH;yes\n",
                        into: "forms", as: "webform-2.csv")
        let third = try night.run()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("skipped"))
        let last = try night.owners()
        let aliases = try night.aliases()

        // Every record keeps the contact id it had, or the id that id now lives on as.
        for (earlier, later) in [(first, second), (second, last), (first, last)] {
            for (record, id) in earlier {
                let now = later[record]
                #expect(now == id || aliases[id] == now, "\(record) was \(id), is \(now ?? "nowhere")")
            }
        }
        // Anna's changed email did not give her a new id: all three of her records are one contact.
        let anna = first["inbox/purchased/vendor-2026-11.csv:1"]
        #expect(anna != nil)
        #expect(last["inbox/purchased/vendor-2026-12.csv:1"] == anna)
        #expect(last["inbox/forms/webform-2.csv:1"] == anna)
        #expect(last["inbox/forms/webform-1.csv:1"] == first["inbox/purchased/vendor-2026-11.csv:2"])
        #expect(Set(last.values).count == 5)
    }

    // MARK: Crashes

    /// Night 1 (two files), then night 2 (a third file) killed at `point`, then night 2 again.
    @Test(arguments: CrashPoint.allCases)
    func sigkillAtAnyPointThenRerunEqualsAnUninterruptedRun(point: CrashPoint) throws {
        let reference = try Night()
        defer { reference.remove() }
        try Self.prepareFirstNight(reference)
        #expect(try reference.run().status == 0)
        try reference.drop(Self.sample("purchased-us-list.csv"), into: "purchased")
        #expect(try reference.run().status == 0)
        let afterSecond = (try reference.dump(), try reference.outputs())
        #expect(try reference.run().status == 0)
        let afterRerun = (try reference.dump(), try reference.outputs())

        let night = try Night()
        defer { night.remove() }
        try Self.prepareFirstNight(night)
        #expect(try night.run().status == 0)
        let before = (try night.dump(), try night.outputs())
        try night.drop(Self.sample("purchased-us-list.csv"), into: "purchased")
        let killed = try night.run(environment: ["WINNOW_CRASH_AT": point.rawValue])
        #expect(killed.status == SIGKILL, "the run was to die at \(point.rawValue): \(killed.stderr)")
        let committed = point == .committed || point == .publishing
        // Killed before its commit, the run left the state and the outputs as they were; killed after it,
        // the state holds night 2 and the previous outputs are still in place until the next run.
        #expect(try night.outputs() == before.1)
        if !committed { #expect(try night.dump() == before.0) }

        let rerun = try night.run()
        #expect(rerun.status == 0, "\(rerun.stderr)")
        // A run killed after committing is published by the next run, which then finds nothing new.
        let expected = committed ? afterRerun : afterSecond
        #expect(try night.dump() == expected.0)
        #expect(try night.outputs() == expected.1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: night.directory.path).filter { $0.hasPrefix(".out.") && !$0.hasSuffix(".lock") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func sigtermDuringAnIncrementalRunExits143AndChangesNothing() throws {
        let night = try Night()
        defer { night.remove() }
        try Self.prepareFirstNight(night)
        #expect(try night.run().status == 0)
        let before = (try night.dump(), try night.outputs())
        try night.write(EndToEndTests.bigList(), into: "purchased", as: "big.csv")
        let status = try EndToEndTests.terminatedMidRun(["run", "--config", Self.config, "--inbox", "inbox", "--out", "out", "--quiet"],
                                                        in: night.directory)
        #expect(status == 143)
        #expect(try night.dump() == before.0)
        #expect(try night.outputs() == before.1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: night.directory.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "staging left behind: \(leftovers)")
        let runs = try SQLiteStateStore(path: night.state).runs()
        #expect(runs.count == 2 && runs[1].number == nil)
    }

    static func prepareFirstNight(_ night: Night) throws {
        try night.drop(sample("purchased-eu-vendor.csv"), into: "purchased")
        try night.drop(sample("form-newsletter.csv"), into: "forms")
    }

    // MARK: Safety

    @Test func aSecondRunOnTheSameStateExits75() throws {
        let night = try Night()
        defer { night.remove() }
        try Self.prepareFirstNight(night)
        do {
            let lock = try RunLock(path: night.state + ".lock")
            // Even with another output folder: the state is what is shared.
            let result = try night.run(["--out", "elsewhere"])
            #expect(result.status == 75)
            #expect(result.stderr.contains("pid \(getpid())"))
            withExtendedLifetime(lock) {}
        }
        let after = try night.run()
        #expect(after.status == 0, "\(after.stderr)")
    }

    @Test func aFailedRejectRateCommitsNothing() throws {
        let night = try Night()
        defer { night.remove() }
        try night.drop(Self.sample("form-newsletter.csv"), into: "forms")
        #expect(try night.run(["--max-reject-rate", "0.03"]).status == 0)
        let state = try night.dump()
        let outputs = try night.outputs()
        // 7 of the eu list's 224 records are rejected (3.1%); 2 of the newsletter's 80 (2.5%).
        try night.drop(Self.sample("purchased-eu-vendor.csv"), into: "purchased")
        let failed = try night.run(["--max-reject-rate", "0.03"])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("purchased-eu-vendor.csv"), "\(failed.stderr)")
        #expect(try night.outputs() == outputs)
        #expect(try night.dump() == state)
        let runs = try SQLiteStateStore(path: night.state).runs()
        #expect(runs.map(\.status) == ["committed", "failed"])
        #expect(runs.last?.exitCode == 65)
    }

    @Test func aForeignOrDamagedStateFileIsRefusedAndLeftUntouched() throws {
        let night = try Night()
        defer { night.remove() }
        try Self.prepareFirstNight(night)
        let state = URL(fileURLWithPath: night.state)

        try Data("email,name\nnot,a database\n".utf8).write(to: state)
        try expectRefused(night, containing: "not a SQLite database")

        try FileManager.default.removeItem(at: state)
        let foreign = try DatabaseQueue(path: night.state)
        try foreign.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }
        try foreign.close()
        try expectRefused(night, containing: "another application")

        try FileManager.default.removeItem(at: state)
        #expect(try night.run().status == 0)
        let newer = try DatabaseQueue(path: night.state)
        try newer.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try newer.close()
        try expectRefused(night, containing: "newer Winnow")

        try FileManager.default.removeItem(at: state)
        #expect(try night.run().status == 0)
        var bytes = try Data(contentsOf: state)
        #expect(bytes.count > 8192)
        for offset in stride(from: 4096, to: bytes.count, by: 4096) {
            bytes.replaceSubrange(offset + 16..<offset + 400, with: Data(repeating: 0xA5, count: 384))
        }
        try bytes.write(to: state)
        try expectRefused(night, containing: "damaged")
    }

    private func expectRefused(_ night: Night, containing message: String) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: night.state))
        let outputs = try night.outputs()
        let result = try night.run()
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("winnow-state.sqlite"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: night.state)) == before)
        #expect(try night.outputs() == outputs)
    }

    // MARK: Rerunning without importing

    @Test func reclassifyResegmentsKnownContactsKeepingTheirIDs() throws {
        let night = try Night()
        defer { night.remove() }
        try Self.prepareFirstNight(night)
        try night.drop(Self.sample("purchased-us-list.csv"), into: "purchased")
        #expect(try night.run().status == 0)
        let other = night.directory.appendingPathComponent("other").path
        let result = try EndToEndTests.winnow(["reclassify", "--config", EndToEndTests.root.appendingPathComponent("SampleData/icp-multi.yaml").path,
                                               "--state", night.state, "--out", other, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let snapshot = try OutputDiff.load(night.out.appendingPathComponent("snapshot").path)
        let reclassified = try OutputDiff.load(other)
        #expect(Set(snapshot.keys) == Set(reclassified.keys))
        let diff = OutputDiff(before: snapshot, after: reclassified)
        #expect(diff.moves["name -> suppressed", default: 0] + diff.moves["suspect -> suppressed", default: 0]
                + diff.moves["prospect -> suppressed", default: 0] > 0)

        // Taking the contacts as resolved gives what resolving them again gives, and under the nightly
        // config exactly the snapshot.
        let again = night.directory.appendingPathComponent("again").path
        let slow = try EndToEndTests.winnow(["reclassify", "--config", EndToEndTests.root.appendingPathComponent("SampleData/icp-multi.yaml").path,
                                             "--state", night.state, "--out", again, "--quiet", "--re-resolve"])
        #expect(slow.status == 0, "\(slow.stderr)")
        let same = night.directory.appendingPathComponent("same").path
        #expect(try EndToEndTests.winnow(["reclassify", "--config", Self.config, "--state", night.state, "--out", same, "--quiet"]).status == 0)
        for name in try FileManager.default.contentsOfDirectory(atPath: other) where name != "summary.json" {
            #expect(FileManager.default.contents(atPath: other + "/" + name) == FileManager.default.contents(atPath: again + "/" + name), "\(name)")
            #expect(FileManager.default.contents(atPath: same + "/" + name)
                    == FileManager.default.contents(atPath: night.out.appendingPathComponent("snapshot/\(name)").path), "\(name)")
        }

        // Runs can be compared by number too.
        try night.drop(Self.sample("form-tradeshow.csv"), into: "forms")
        #expect(try night.run().status == 0)
        let byRun = try EndToEndTests.winnow(["diff", "--state", night.state, "1", "2"])
        #expect(byRun.status == 0, "\(byRun.stderr)")
        #expect(byRun.stdout.contains("moved - -> "))
        let runs = try EndToEndTests.winnow(["runs", "--state", night.state])
        #expect(runs.stdout.split(separator: "\n").count == 3)
    }
}

/// Ids following records across runs, without the binary.
struct StableIdentityTests {
    let schema = FieldSchema(icpFields: [])
    let inputs = [InputFile(path: "a.csv", kind: .purchased, sha256: "aaa"), InputFile(path: "b.csv", kind: .purchased, sha256: "bbb")]

    func contact(_ id: String, _ sources: [(Int, Int)], account: String = "") -> Contact {
        var contact = Contact(id: id, lead: false, sources: sources.map { SourceRef(file: $0.0, row: $0.1) },
                              values: [String](repeating: "", count: schema.count))
        contact.accountID = account
        return contact
    }

    func known(_ owners: [(String, Int, String)], created: [String: Int], accounts: [String: String] = [:]) -> KnownIdentities {
        var known = KnownIdentities()
        for (sha, row, id) in owners { known.owner[RecordKey(sha256: sha, row: row)] = id }
        for (id, run) in created {
            known.contacts[id] = KnownContact(createdRun: run, fingerprint: "", accountID: accounts[id] ?? "", segment: "name", reasons: "")
        }
        for account in Set(accounts.values) { known.accounts[account] = 1 }
        return known
    }

    @Test func aContactKeepsTheIdOfItsRecordsWhateverItsNewKey() {
        var set = ContactSet(contacts: [contact("wnew-email-hash", [(0, 1), (1, 1)])], duplicates: [
            DuplicateEntry(source: SourceRef(file: 1, row: 1), mergedInto: "wnew-email-hash", rule: "name+company")])
        let identity = StableIdentity(assigningIDsTo: &set, inputs: inputs, schema: schema,
                                      known: known([("aaa", 1, "w-anna")], created: ["w-anna": 1]))
        #expect(set.contacts[0].id == "w-anna")
        #expect(set.duplicates[0].mergedInto == "w-anna")
        #expect(identity.aliases.isEmpty)
    }

    @Test func whenTwoKnownContactsMergeTheOlderIdSurvivesAndTheOtherBecomesAnAlias() {
        var set = ContactSet(contacts: [contact("wx", [(0, 2), (0, 1)])], duplicates: [])
        let identity = StableIdentity(assigningIDsTo: &set, inputs: inputs, schema: schema,
                                      known: known([("aaa", 1, "w-young"), ("aaa", 2, "w-old")], created: ["w-young": 3, "w-old": 1]))
        #expect(set.contacts[0].id == "w-old")
        #expect(identity.aliases == ["w-young": "w-old"])
        #expect(identity.removed == ["w-young"])
    }

    @Test func whenAKnownContactSplitsTheFirstPartKeepsTheIdAndTheOtherGetsAFreshOne() {
        // Stricter dedupe rules tonight: last night's one contact is two.
        var set = ContactSet(contacts: [contact("wa", [(0, 1)]), contact("wb", [(0, 2)])], duplicates: [])
        let identity = StableIdentity(assigningIDsTo: &set, inputs: inputs, schema: schema,
                                      known: known([("aaa", 1, "w-both"), ("aaa", 2, "w-both")], created: ["w-both": 1]))
        #expect(set.contacts[0].id == "w-both")
        #expect(set.contacts[1].id == "wb")
        #expect(identity.aliases.isEmpty && identity.removed.isEmpty)
    }

    @Test func aNewContactNeverTakesAnIdHandedOutBefore() {
        // The dedupe stage proposes an id that a known contact (now holding other records) already has.
        var set = ContactSet(contacts: [contact("w-taken", [(1, 5)]), contact("w-other", [(0, 1)])], duplicates: [])
        _ = StableIdentity(assigningIDsTo: &set, inputs: inputs, schema: schema,
                           known: known([("aaa", 1, "w-taken")], created: ["w-taken": 1]))
        #expect(set.contacts[1].id == "w-taken")
        #expect(set.contacts[0].id != "w-taken")
        #expect(set.contacts[0].id.hasPrefix("w"))
    }

    @Test func anAccountKeepsTheIdMostOfItsContactsHad() {
        var set = ContactSet(contacts: [contact("w1", [(0, 1)], account: "a-minted"), contact("w2", [(0, 2)], account: "a-minted"),
                                        contact("w3", [(1, 1)], account: "a-minted")], duplicates: [])
        let identity = StableIdentity(assigningIDsTo: &set, inputs: inputs, schema: schema,
                                      known: known([("aaa", 1, "w1"), ("aaa", 2, "w2")], created: ["w1": 1, "w2": 1],
                                                   accounts: ["w1": "a-acme", "w2": "a-acme"]))
        #expect(set.contacts.map(\.accountID) == ["a-acme", "a-acme", "a-acme"])
        #expect(identity.newAccounts.isEmpty)
    }
}
