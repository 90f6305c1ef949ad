// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "attend",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "attend", targets: ["attend"]),
        .library(name: "AttendCore", targets: ["AttendCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
    ],
    targets: [
        // Everything but the terminal: loading, store, language, output.
        .target(name: "AttendCore", dependencies: ["CXlsxWriter", .product(name: "Mustache", package: "swift-mustache")]),
        // libxlsxwriter for `into "x.xlsx"` (AttendCore's Output/XlsxWorkbook.swift only).
        .systemLibrary(name: "CXlsxWriter", path: "Sources/CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // GNU readline for the REPL (the executable only). No pkgConfig: see Sources/CReadline/shim.h.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        // Thin command-line front end.
        .executableTarget(
            name: "attend",
            dependencies: [
                "AttendCore",
                "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AttendCoreTests",
            dependencies: ["AttendCore"],
            resources: []
        ),
        // Runs the built `attend` binary as a subprocess (in tmux for the REPL); no target dependencies.
        .testTarget(name: "AttendCLITests"),
    ],
    swiftLanguageModes: [.v6]
)
