// winnow-micro: ns/op of Winnow's hot kernels through the `Winnow` library's public API.
//
//   winnow-micro [--csv FILE] [--seconds S] [--filter WORD]
//
// Each kernel runs over a fixed, seeded set of realistic inputs (like Benchmarks/generate.py's), cycling
// through them until at least S seconds (default 0.25) have passed; that is repeated 3 times and the best
// ns/op is printed. "op" is one call on one input value; for the CSV reader one record (and per field).
import Foundation
import Winnow
import WinnowCSV  // CSVReader: a target of the main package that `Winnow` depends on (not a product)

// MARK: - Harness

nonisolated(unsafe) var sink = 0  // results feed this so the optimizer cannot drop the work

struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

nonisolated(unsafe) var minSeconds = 0.25
nonisolated(unsafe) var filter: String?
var csvPath: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--csv": csvPath = arguments.next()
    case "--seconds": minSeconds = Double(arguments.next() ?? "") ?? minSeconds
    case "--filter": filter = arguments.next()
    default:
        print("usage: winnow-micro [--csv FILE] [--seconds S] [--filter WORD]")
        exit(64)
    }
}

func report(_ name: String, _ ns: Double, _ note: String = "") {
    let padded = name.padding(toLength: 40, withPad: " ", startingAt: 0)
    print("\(padded) \(String(format: "%10.1f", ns)) ns/op  \(note)")
}

/// Best-of-3 ns per call of `body` over `inputs`.
func bench<T>(_ name: String, _ inputs: [T], note: String = "", _ body: (T) -> Int) {
    if let filter, !name.localizedCaseInsensitiveContains(filter) { return }
    for input in inputs { sink &+= body(input) }  // warm-up (and caches, where a kernel has them)
    var best = Double.infinity
    for _ in 0..<3 {
        var calls = 0
        let start = now()
        var elapsed: UInt64 = 0
        repeat {
            for input in inputs { sink &+= body(input) }
            calls += inputs.count
            elapsed = now() - start
        } while Double(elapsed) < minSeconds * 1e9
        best = min(best, Double(elapsed) / Double(calls))
    }
    report(name, best, note)
}

// MARK: - Inputs

var rng = SplitMix(state: 20261125)
let stems = ["Acme", "Nordwerk", "Precision", "Alpen", "Rhein", "Atlas", "Vector", "Helix", "Kessler", "Orion",
             "Brenner", "Falcon", "Union", "Delta", "Zenith", "Polar", "Summit", "Crown", "Metro", "Pioneer"]
let forms = ["GmbH", "AG", "Inc.", "Ltd", "B.V.", "SAS", "S.p.A.", "GmbH & Co. KG", "LLC", "Oy"]
let first = ["Anna", "Jürgen", "Zoë", "François", "Robert", "Maria", "Lukas", "Sofia", "Pieter", "Elena"]
let last = ["Müller", "Schmidt", "Dubois", "Rossi", "de Vries", "García", "Smith", "Nowak", "O'Brien", "López"]
let countries: [(String, String, String)] = [("DE", "49", "0"), ("AT", "43", "0"), ("CH", "41", "0"), ("NL", "31", "0"),
                                              ("FR", "33", "0"), ("US", "1", "")]
let n = 4096

let phones: [(String, String)] = (0..<n).map { _ in
    let (country, calling, trunk) = rng.pick(countries)
    if calling == "1" {
        let area = rng.int(201...989), a = rng.int(200...999), b = rng.int(1000...9999)
        return (rng.pick(["(\(area)) \(a)-\(b)", "+1 \(area) \(a) \(b)", "\(area).\(a).\(b)"]), country)
    }
    let area = rng.int(20...99), number = rng.int(100000...9999999)
    return (rng.pick(["+\(calling) \(area) \(number)", "\(trunk)\(area) \(number)", "\(trunk)\(area)/\(number)",
                      "00\(calling) \(area) \(number)"]), country)
}
let companies = (0..<n).map { _ in "\(rng.pick(stems)) \(rng.pick(stems)), \(rng.pick(forms))" }
let emails = (0..<n).map { i -> String in
    let plain = "\(rng.pick(["anna", "juergen", "robert", "maria"])).\(i)@\(rng.pick(stems).lowercased())-\(i % 97).example"
    return rng.int(0...9) == 0 ? " \(plain.uppercased()) " : (rng.int(0...9) == 0 ? "<mailto:\(plain)>" : plain)
}
let numbers = (0..<n).map { _ in
    rng.pick(["\(rng.int(1...900) * 100000)", "\(rng.int(1...90)),\(rng.int(100...999)),000", "\(rng.int(1...5000))",
              "\(rng.int(1...90)).\(rng.int(100...999)).000", "\(rng.int(1...999)).\(rng.int(10...99))"])
}
let moneys = (0..<n).map { _ in
    rng.pick(["\(rng.int(1...900) * 100000)", "\(rng.int(1...90)),\(rng.int(100...999)),000", "$\(rng.int(1...50)),000,000",
              "EUR \(rng.int(1...400) * 50000)", "€\(Double(rng.int(1...99)) / 10)M"])
}
let employeeCounts = (0..<n).map { _ in rng.int(0...9) < 9 ? "\(rng.int(1...5000))" : rng.pick(["1-9", "10-49", "50-199", "200+"]) }
let names = (0..<n).map { _ in (rng.pick(first), rng.pick(last)) }
let countryTexts = (0..<n).map { _ in rng.pick(["DE", "Germany", "Deutschland", "AT", "Österreich", "CH", "Schweiz", "NL",
                                                "Netherlands", "FR", "France", "US", "USA", "United States"]) }
let industries = (0..<n).map { _ in rng.pick(["Manufacturing", "manufacturing", "Retail", "Logistics", "Software",
                                              "Healthcare", "Construction", "Maschinenbau"]) }
let websites = (0..<n).map { i in "https://www.\(rng.pick(stems).lowercased())-\(i % 211).example.co.uk/" }

// MARK: - Kernels

print("winnow-micro: best of 3, >= \(minSeconds) s each; \(n) distinct inputs per kernel")

if let csvPath, filter.map({ "csv reader".localizedCaseInsensitiveContains($0) }) ?? true {
    // The size of the file itself, also through a symbolic link (attributesOfItem would give the link's).
    let bytes = Int((try? FileHandle(forReadingFrom: URL(fileURLWithPath: csvPath)).seekToEnd()) ?? 0)
    for copy in [false, true] {
        var best = Double.infinity
        var records = 0, fields = 0
        for _ in 0..<3 {
            records = 0; fields = 0
            let start = now()
            let reader = try CSVReader(path: csvPath)
            try reader.forEachRecord { record in
                records += 1
                fields += record.count
                if copy {
                    for i in 0..<record.count { sink &+= record.string(at: i).utf8.count }
                } else {
                    for i in 0..<record.count { sink &+= record.withBytes(at: i) { $0.count } }
                }
            }
            best = min(best, Double(now() - start))
        }
        let name = copy ? "CSVReader record + String per field" : "CSVReader record (bytes only)"
        report(name, best / Double(max(records, 1)),
               String(format: "%.1f ns/field, %.0f MB/s, %d records of %@", best / Double(max(fields, 1)),
                      Double(bytes) / best * 1e3, records, (csvPath as NSString).lastPathComponent))
    }
    // The same file cut into parts read on all cores at once (what `--jobs` gives ingest): wall time per record.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    if cores > 1 {
        var best = Double.infinity
        var records = 0, parts = 0
        for _ in 0..<3 {
            let start = now()
            let reader = try CSVReader(path: csvPath)
            let results = try reader.forEachRecord(inParts: cores, minimumPartBytes: 1 << 20, makePart: { _ in 0 }) { count, record in
                for i in 0..<record.count { count &+= record.withBytes(at: i) { $0.count } }
            }
            best = min(best, Double(now() - start))
            records = results.reduce(0) { $0 + $1.rows }
            parts = results.count
            sink &+= results.reduce(0) { $0 &+ $1.value }
        }
        report("CSVReader in \(parts) parts (bytes only)", best / Double(max(records, 1)),
               String(format: "%.0f MB/s on %d cores, %d records", Double(bytes) / best * 1e3, cores, records))
    }
}

let phoneNoCache = PhoneNormalizer(defaultRegion: "DE", cacheLimit: 0)
bench("PhoneNormalizer.normalize (no cache)", phones, note: "libphonenumber parse + format E.164") {
    phoneNoCache.normalize($0.0, region: $0.1).e164?.utf8.count ?? 0
}
let phoneCached = PhoneNormalizer(defaultRegion: "DE")
bench("PhoneNormalizer.normalize (cache hit)", phones, note: "same \(n) inputs, all cached") {
    phoneCached.normalize($0.0, region: $0.1).e164?.utf8.count ?? 0
}
bench("CompanyName.matchKey", companies) { CompanyName.matchKey($0).utf8.count }
bench("CompanyName.display", companies) { CompanyName.display($0).utf8.count }
bench("EmailAddress.normalize", emails) { EmailAddress.normalize($0)?.utf8.count ?? 0 }
bench("RegistrableDomain.fromWebsite", websites, note: "libpsl") { RegistrableDomain.fromWebsite($0)?.utf8.count ?? 0 }
bench("NumberText.parsePlain", numbers) { NumberText.parsePlain($0).map { Int($0) & 1 } ?? 0 }
bench("Money.parse", moneys) { Money.parse($0).map { Int($0.amount) & 1 } ?? 0 }
bench("EmployeeCount.parse", employeeCounts) { EmployeeCount.parse($0).map { Int($0.lower) & 1 } ?? 0 }
bench("PersonName.normalize", names) { PersonName.normalize(first: $0.0, last: $0.1).last.utf8.count }
bench("CountryCode.normalize", countryTexts) { CountryCode.normalize($0)?.utf8.count ?? 0 }
bench("Industry.sector", industries) { Industry.sector($0)?.code.utf8.count ?? 0 }
bench("TextFold.valueKey", industries) { TextFold.valueKey($0).utf8.count }
if sink == 42 { print("") }  // keeps `sink` observable
