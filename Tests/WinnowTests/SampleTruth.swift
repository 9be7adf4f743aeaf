/// What SampleData holds, counted independently of Winnow by SampleData/generate.py (Python's csv module)
/// and documented in SampleData/README.md.
enum SampleTruth {
    static let dataRecords: [(String, Int)] = [
        ("SampleData/purchased-eu-vendor.csv", 224),
        ("SampleData/purchased-us-list.csv", 120),
        ("SampleData/form-newsletter.csv", 80),
    ]
    static let rejected = 9
    static let duplicates = 59
    static let leads = 51
    static let segments = (names: 185, suspects: 120, prospects: 51)
}
