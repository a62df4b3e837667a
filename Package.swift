// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Earshot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "earshot", targets: ["earshot"]),
        .library(name: "EarshotCore", targets: ["EarshotCore"]),
        .library(name: "EarshotAudio", targets: ["EarshotAudio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CFFTW3", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(
            name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "EarshotCore",
            dependencies: ["CFFTW3"],
            swiftSettings: strictSettings),
        .target(
            name: "EarshotAudio",
            dependencies: ["EarshotCore", "CSndFile", "CALSA"],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "earshot",
            dependencies: [
                "EarshotCore", "EarshotAudio", "CSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "EarshotBenchmarks",
            dependencies: ["EarshotCore", "EarshotAudio"],
            path: "Benchmarks/EarshotBenchmarks",
            swiftSettings: strictSettings),
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .target(
            name: "FuzzSupport", dependencies: ["EarshotCore", "CLibFuzzer"], path: "Fuzz/FuzzSupport",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "EarshotFuzzEngine", dependencies: ["EarshotCore", "FuzzSupport"], path: "Fuzz/EarshotFuzzEngine",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "EarshotFuzzFile", dependencies: ["EarshotCore", "EarshotAudio", "FuzzSupport"],
            path: "Fuzz/EarshotFuzzFile", swiftSettings: strictSettings),
        .testTarget(
            name: "EarshotCoreTests",
            dependencies: ["EarshotCore"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "EarshotAudioTests",
            dependencies: ["EarshotAudio", "EarshotCore"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "EarshotCLITests",
            dependencies: ["earshot", "EarshotAudio", "CSQLite"],
            swiftSettings: strictSettings),
    ]
)
