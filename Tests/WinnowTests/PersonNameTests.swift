import Testing
@testable import Winnow

@Suite struct PersonNameTests {
    /// (full name, first, last, honorific, suffix)
    static let fullNames: [(String, String, String, String?, String?)] = [
        ("Dr. Anna Maria Schmidt", "Anna Maria", "Schmidt", "Dr.", nil),
        ("Schmidt, Anna", "Anna", "Schmidt", nil, nil),
        ("van der Berg, Jan", "Jan", "van der Berg", nil, nil),
        ("Jan van der Berg", "Jan", "van der Berg", nil, nil),
        ("JAN VAN DER BERG", "Jan", "van der Berg", nil, nil),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven", nil, nil),
        ("Mme Claire de la Fontaine", "Claire", "de la Fontaine", "Mme", nil),
        ("Van Morrison", "Van", "Morrison", nil, nil),
        ("PROF. DR. HANS MÜLLER-LÜDENSCHEIDT", "Hans", "Müller-Lüdenscheidt", "Prof. Dr.", nil),
        ("Prof.Dr. Hans Meier", "Hans", "Meier", "Prof. Dr.", nil),
        ("Herr Dipl.-Ing. Klaus Meier", "Klaus", "Meier", "Herr Dipl.-Ing.", nil),
        ("Frau Dr. med. Eva Braun-Schulz", "Eva", "Braun-Schulz", "Frau Dr. med.", nil),
        ("Dr. Phil Smith", "Phil", "Smith", "Dr.", nil),
        ("dr anna schmidt", "Anna", "Schmidt", "Dr.", nil),
        ("Mr John Smith", "John", "Smith", "Mr", nil),
        ("MRS. JANE DOE", "Jane", "Doe", "Mrs", nil),
        ("Ms. Jane Doe", "Jane", "Doe", "Ms", nil),
        ("Mx Sam Lee", "Sam", "Lee", "Mx", nil),
        ("M. Jean Dupont", "Jean", "Dupont", "M.", nil),
        ("Sra. María José García", "María José", "García", "Sra.", nil),
        ("Ing. Pavel Novák", "Pavel", "Novák", "Ing.", nil),
        ("Dr. Schmidt", "", "Schmidt", "Dr.", nil),
        ("john mcdonald jr.", "John", "McDonald", nil, "Jr."),
        ("Martin Luther King Jr.", "Martin Luther", "King", nil, "Jr."),
        ("HENRY FORD III", "Henry", "Ford", nil, "III"),
        ("John Smith, PhD", "John", "Smith", nil, "PhD"),
        ("Anna Schmidt, MBA, Ph.D.", "Anna", "Schmidt", nil, "MBA PhD"),
        ("Smith, John, Jr.", "John", "Smith", nil, "Jr."),
        ("Smith Jr., John", "John", "Smith", nil, "Jr."),
        ("Schmidt, Anna, Dr.", "Anna", "Schmidt", "Dr.", nil),
        ("Anna Schmidt, MA", "Anna", "Schmidt", nil, "MA"),
        ("Yo-Yo Ma", "Yo-Yo", "Ma", nil, nil),
        ("MARY O'NEIL", "Mary", "O'Neil", nil, nil),
        ("JEAN D'ALEMBERT", "Jean", "d'Alembert", nil, nil),
        ("ANGUS MACLEOD", "Angus", "MacLeod", nil, nil),
        ("CARLOS MACHADO", "Carlos", "Machado", nil, nil),
        ("ronald mcdonald", "Ronald", "McDonald", nil, nil),
        ("JEAN-LUC PICARD", "Jean-Luc", "Picard", nil, nil),
        ("jean-luc picard", "Jean-Luc", "Picard", nil, nil),
        ("GIOVANNI DI MAIO", "Giovanni", "di Maio", nil, nil),
        ("MARIA DOS SANTOS", "Maria", "dos Santos", nil, nil),
        ("ANNA TER HORST", "Anna", "ter Horst", nil, nil),
        ("Leonardo da Vinci", "Leonardo", "da Vinci", nil, nil),
        ("URSULA VON DER LEYEN", "Ursula", "von der Leyen", nil, nil),
        ("Jean le Rond d'Alembert", "Jean le Rond", "d'Alembert", nil, nil),
        ("ÉMILE ZOLA", "Émile", "Zola", nil, nil),
        ("JÜRGEN STRASSER", "Jürgen", "Strasser", nil, nil),
        ("Madonna", "Madonna", "", nil, nil),
        ("J. R. Smith", "J. R.", "Smith", nil, nil),
        ("  Anna    Schmidt  ", "Anna", "Schmidt", nil, nil),
        ("Jan Van Der Berg", "Jan", "Van Der Berg", nil, nil),
        ("DeShawn McKenzie", "DeShawn", "McKenzie", nil, nil),
        ("", "", "", nil, nil),
    ]

    @Test(arguments: fullNames)
    func split(full: String, first: String, last: String, honorific: String?, suffix: String?) {
        #expect(PersonName.split(fullName: full) == PersonName(first: first, last: last, honorific: honorific, suffix: suffix))
    }

    @Test(arguments: fullNames.map(\.0))
    func splitIsIdempotent(full: String) {
        let once = PersonName.split(fullName: full)
        var rejoined = [once.honorific, once.first, once.last].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if let suffix = once.suffix { rejoined += ", " + suffix }
        #expect(PersonName.split(fullName: rejoined) == once)
        #expect(PersonName.normalize(first: once.first, last: once.last) == PersonName(first: once.first, last: once.last))
    }

    /// (first column, last column, first, last, honorific, suffix)
    static let columns: [(String, String, String, String, String?, String?)] = [
        ("ANNA", "SCHMIDT", "Anna", "Schmidt", nil, nil),
        ("anna", "SCHMIDT", "Anna", "Schmidt", nil, nil),
        ("Anna", "Schmidt", "Anna", "Schmidt", nil, nil),
        ("Anna Maria", "Schmidt", "Anna Maria", "Schmidt", nil, nil),
        ("Dr. Anna", "Schmidt", "Anna", "Schmidt", "Dr.", nil),
        ("Prof. Dr.", "Schmidt", "", "Schmidt", "Prof. Dr.", nil),
        ("Anna Maria Schmidt", "", "Anna Maria", "Schmidt", nil, nil),
        ("Schmidt, Anna", "", "Anna", "Schmidt", nil, nil),
        ("", "Schmidt, Anna", "Anna", "Schmidt", nil, nil),
        ("jan", "van der berg", "Jan", "van der Berg", nil, nil),
        ("Jan", "van der Berg", "Jan", "van der Berg", nil, nil),
        ("John", "Smith Jr.", "John", "Smith", nil, "Jr."),
        ("john", "SMITH, JR.", "John", "Smith", nil, "Jr."),
        ("JEAN-LUC", "PICARD", "Jean-Luc", "Picard", nil, nil),
        ("  Anna ", "  Schmidt  ", "Anna", "Schmidt", nil, nil),
        ("Anna", "", "Anna", "", nil, nil),
        ("", "Schmidt", "", "Schmidt", nil, nil),
        ("", "", "", "", nil, nil),
        ("Herr", "Müller", "", "Müller", "Herr", nil),
    ]

    @Test(arguments: columns)
    func normalize(first: String, last: String, expectedFirst: String, expectedLast: String, honorific: String?, suffix: String?) {
        let name = PersonName.normalize(first: first, last: last)
        #expect(name == PersonName(first: expectedFirst, last: expectedLast, honorific: honorific, suffix: suffix))
        #expect(PersonName.normalize(first: name.first, last: name.last) == PersonName(first: name.first, last: name.last))
    }

    /// The byte split of ASCII names gives what the Character split gives, and other text keeps the Character split
    /// (" " before a combining mark separates nothing).
    @Test func spaceSeparatedWordsAreTheCharacterSplit() {
        let pieces = [" ", "  ", "Anna", "van", "O'Neil", "-", ",", ".", "Zoë", "\u{301}", "Dr", "ß", "\t", "日本", "x"]
        var rng = CSVTestRNG(seed: 2026_12_04)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(NameText.spaceSeparated(text) == text.split(separator: " "), "\(text.debugDescription)")
            let inner = text.dropFirst()
            #expect(NameText.spaceSeparated(inner) == inner.split(separator: " "), "\(text.debugDescription)")
        }
        #expect(NameText.spaceSeparated("  Anna  Maria ") == ["Anna", "Maria"])
        #expect(NameText.spaceSeparated("a \u{301}b") == ["a \u{301}b"])
    }
}
