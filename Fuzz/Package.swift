// swift-tools-version: 6.0
// Fuzz targets for attend, kept out of the main package build. Build and run them with
// Fuzz/run.sh TARGET SECONDS (see Docs/reliability.md); they need -sanitize=fuzzer.
import PackageDescription

let package = Package(
    name: "attend-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "attend", path: ".."),
    ],
    targets: [
        // Calls libFuzzer's driver from the Swift entry point.
        .target(name: "FuzzDriver"),
        // Query text: parse, bind and evaluate on the worked register as of 2026-01-23.
        .executableTarget(name: "fuzz-query", dependencies: ["FuzzDriver", .product(name: "AttendCore", package: "attend")]),
        // Register files: the bytes as marks.csv, pupils.csv and calendar.csv in turn.
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzDriver", .product(name: "AttendCore", package: "attend")]),
    ],
    swiftLanguageModes: [.v6]
)
