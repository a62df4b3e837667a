// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Earshot's per-frame work is vector code. On an x86-64 machine with AVX2 and FMA (Intel Haswell, AMD
/// Excavator and later) it is compiled for those instructions, about 10 % faster with the same reports; such
/// a binary runs only on machines that have them. `EARSHOT_PORTABLE=1 swift build ...` builds for any x86-64
/// (for a binary that is copied to other machines).
let hostCPUSettings: [SwiftSetting] = {
    #if arch(x86_64) && os(Linux)
        guard Context.environment["EARSHOT_PORTABLE"] == nil,
            let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        let flags = Set(line.split(separator: " ").map(String.init))
        let haswell = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "popcnt", "abm"]
        return haswell.allSatisfy(flags.contains) ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
    #else
        return []
    #endif
}()

let strictSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ] + hostCPUSettings

/// `scripts/fuzz` sets `EARSHOT_FUZZ`: the modules of per-sample vector code are then instrumented for edge
/// coverage without comparison tracing. `-sanitize=fuzzer` alone traces every comparison, which in loops over
/// samples and bins made executions about twice as slow; their branches test levels and counts, not the magic
/// values that comparison tracing helps a fuzzer guess.
let fuzzCoverageSettings: [SwiftSetting] =
    Context.environment["EARSHOT_FUZZ"] == nil
    ? [] : [.unsafeFlags(["-sanitize-coverage=edge,inline-8bit-counters,pc-table"])]

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
            swiftSettings: strictSettings + fuzzCoverageSettings),
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
            swiftSettings: strictSettings + fuzzCoverageSettings),
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
            dependencies: ["EarshotAudio", "EarshotCore", "CSndFile"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "EarshotCLITests",
            dependencies: ["earshot", "EarshotAudio", "CSQLite"],
            swiftSettings: strictSettings),
    ]
)
