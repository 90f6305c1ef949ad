// swift-tools-version: 6.0
// Benchmarks for attend, kept out of the main package so that `swift build` and
// `swift test` of attend never compile them. Run `Benchmarks/run.sh` (see Docs/performance.md).
import PackageDescription

let package = Package(
    name: "attend-bench",
    dependencies: [
        .package(name: "attend", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "attend-bench",
            dependencies: [.product(name: "AttendCore", package: "attend")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
