// swift-tools-version: 6.1
// Micro-benchmarks of Winnow's hot kernels: its own package, depending on the main one by path, so the
// main package gains no target. Run with `make micro` (or see Benchmarks/README.md).
import PackageDescription

let package = Package(
    name: "WinnowMicro",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Winnow", path: "../..")],
    targets: [
        .executableTarget(
            name: "winnow-micro",
            dependencies: [.product(name: "Winnow", package: "Winnow")]
        ),
    ]
)
