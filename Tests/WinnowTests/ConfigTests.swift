import Testing
@testable import Winnow

@Suite struct ConfigTests {
    static let sample = """
    icp:
      name: Manufacturing ERP
      currency: EUR
      fx: {USD: 0.92, GBP: 1.17}
      suspect:
        - {field: industry, in: [Manufacturing]}
        - {field: revenue, min: 5000000}
        - {field: employees, min: 20}
      prospect:
        - {field: it_platform, in: [windows]}
        - {field: management_software, in: [none]}
    columns:
      "Mgmt SW": management_software
    """

    @Test func parsesTheSampleShape() throws {
        let config = try ConfigLoader.parse(yaml: Self.sample)
        #expect(config.icp.name == "Manufacturing ERP")
        #expect(config.icp.currency == "EUR")
        #expect(config.icp.fx == ["USD": 0.92, "GBP": 1.17])
        #expect(config.icp.suspect.count == 3)
        #expect(config.icp.suspect[0].tests == [.oneOf(["manufacturing"])])
        #expect(config.icp.suspect[1].tests == [.min(5_000_000)])
        #expect(config.icp.prospect.map(\.field) == ["it_platform", "management_software"])
        #expect(config.columns.map(\.header) == ["Mgmt SW"])
        #expect(config.schema.names.suffix(2) == ["it_platform", "management_software"])
    }

    @Test func exportJSONLinesIsOnUnlessSwitchedOff() throws {
        #expect(try ConfigLoader.parse(yaml: Self.sample).export.jsonLines)
        #expect(try !ConfigLoader.parse(yaml: Self.sample + "\nexport:\n  jsonl: false\n").export.jsonLines)
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: Self.sample + "\nexport:\n  json: false\n") }
        #expect(error?.description.contains("did you mean `jsonl`") == true)
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: Self.sample + "\nexport:\n  jsonl: maybe\n") }
    }

    @Test func unknownKeyNamesKeyLineAndSuggestion() {
        let yaml = """
        icp:
          name: X
          suspekt:
            - {field: industry, in: [a]}
        """
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: yaml, file: "icp.yaml") }
        #expect(error?.line == 3)
        #expect(error?.description.contains("unknown key `suspekt`") == true)
        #expect(error?.description.contains("did you mean `suspect`") == true)
        #expect(error?.description.hasPrefix("icp.yaml:3:") == true)
    }

    @Test func unknownOperatorIsAnError() {
        let yaml = """
        icp:
          suspect:
            - {field: revenue, minimum: 5}
        """
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: yaml) }
        #expect(error?.line == 3)
        #expect(error?.message.contains("did you mean `min`") == true)
    }

    @Test(arguments: [
        ("icp:\n  suspect:\n    - {in: [a]}\n", "no `field:`"),
        ("icp:\n  suspect:\n    - {field: revenue, min: lots}\n", "must be a number"),
        ("icp:\n  suspect:\n    - {field: Revenue, min: 1}\n", "lowercase"),
        ("icp:\n  suspect:\n    - {field: revenue}\n", "no operator"),
        ("icp:\n  suspect:\n    - {field: revenue, min: 10, max: 5}\n", "can never be met"),
        ("icp:\n  currency: euro\n  suspect:\n    - {field: a, present: true}\n", "three-letter currency"),
        ("icp:\n  fx: {USD: -1}\n  suspect:\n    - {field: a, present: true}\n", "must be positive"),
        ("columns: {a: b}\n", "missing `icp:`"),
        ("icp:\n  name: x\n", "at least one criterion"),
        ("icp: [1, 2]\n", "must be a mapping"),
        ("icp:\n  suspect: {field: a}\n", "must be a list"),
    ])
    func rejectsBadConfigs(yaml: String, expected: String) {
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: yaml) }
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func invalidYAMLIsAConfigError() {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: "icp: [unclosed") }
    }

    @Test func allOperatorsParse() throws {
        let yaml = """
        icp:
          suspect:
            - {field: industry, not_in: [retail, Banking]}
            - {field: country, equals: DE}
            - {field: employees, min: 20, max: 500}
            - {field: phone, present: true}
            - {field: website, absent: true}
        """
        let config = try ConfigLoader.parse(yaml: yaml)
        #expect(config.icp.suspect.map(\.tests) == [
            [.noneOf(["retail", "banking"])], [.equals("de")], [.min(20), .max(500)], [.present(true)], [.present(false)],
        ])
    }
}
