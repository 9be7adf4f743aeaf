// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Winnow",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "winnow", targets: ["winnow"]),
        .library(name: "Winnow", targets: ["Winnow"]),
        .library(name: "WinnowCSV", targets: ["WinnowCSV"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C shims: the only places that see C pointers and C types.
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"])]),
        .systemLibrary(name: "CNettle", providers: [.apt(["nettle-dev"])]),
        .systemLibrary(name: "CPSL", providers: [.apt(["libpsl-dev"])]),
        // libphonenumber (C++) behind an extern "C" API; Swift sees only C types. Its protobuf, ICU and
        // abseil dependencies come in as libphonenumber.so's own.
        .target(name: "CPhoneNumber", linkerSettings: [.linkedLibrary("phonenumber")]),
        // What Swift's Glibc module does not expose: renameat2(RENAME_EXCHANGE), so outputs swap in one step;
        // O_DIRECT and write-behind for output files; the heap prefault thread.
        .target(name: "CFileSystem"),

        // Streaming CSV reading and writing over libcsv; exposes Swift types only.
        .target(name: "WinnowCSV", dependencies: ["CLibCSV", "CNettle", "CFileSystem"]),

        // The pipeline: one folder per stage.
        .target(
            name: "Winnow",
            dependencies: [
                "WinnowCSV",
                "CPhoneNumber",
                "CPSL",
                "CFileSystem",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [
                .embedInCode("Resources/header-synonyms.tsv"),
                .embedInCode("Resources/country-aliases.tsv"),
                .embedInCode("Resources/industry-synonyms.tsv"),
                .embedInCode("Resources/legal-forms.tsv"),
                .embedInCode("Resources/name-words.tsv"),
                .embedInCode("Resources/role-accounts.txt"),
                .embedInCode("Resources/free-mail-domains.txt"),
                .embedInCode("Resources/nicknames-en.csv"),
                .embedInCode("Resources/nicknames-eu.tsv"),
            ]
        ),

        // The command line: one thin file per subcommand.
        .executableTarget(
            name: "winnow",
            dependencies: [
                "Winnow",
                "WinnowCSV",
                "CFileSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(
            name: "WinnowTests",
            dependencies: ["Winnow", "WinnowCSV", "CPhoneNumber", "winnow", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures", "Golden"]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
