/// What SampleData holds, counted independently of Winnow by SampleData/generate.py (Python's csv module)
/// for the three generated files, plus the hand-written trade-show file (8 records: 1 empty, 5 fuzzy
/// duplicates of purchased contacts, 2 new people, 5 consents), as documented in SampleData/README.md.
enum SampleTruth {
    static let dataRecords: [(String, Int)] = [
        ("SampleData/purchased-eu-vendor.csv", 224),
        ("SampleData/purchased-us-list.csv", 120),
        ("SampleData/form-newsletter.csv", 80),
        ("SampleData/form-tradeshow.csv", 8),
    ]
    static let rejected = 9 + 1
    static let duplicates = 59 + 5
    static let leads = 51 + 5
    static let segments = (names: 185 + 2, suspects: 120, prospects: 51)
}
