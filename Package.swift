// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "hukou-counter",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hukou", targets: ["hukou"]),
        .library(name: "HukouText", targets: ["HukouText"]),
        .library(name: "NDEF", targets: ["NDEF"]),
        .library(name: "NDEFJSON", targets: ["NDEFJSON"]),
        .library(name: "NFCTag", targets: ["NFCTag"]),
        .library(name: "NFCReader", targets: ["NFCReader"]),
        .library(name: "HukouIntent", targets: ["HukouIntent"]),
        .library(name: "CounterStore", targets: ["CounterStore"]),
        .library(name: "CounterStaff", targets: ["CounterStaff"]),
        // Test doubles for code built on the tag stack: a scripted transceiver, a transceiver onto the tag models,
        // a seeded generator. No production module depends on it.
        .library(name: "HukouTesting", targets: ["HukouTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own dependency, named here so the web module can spell HTTP field names.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // PostgresNIO's own dependency, named here for the central connection's TLS context.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: C system libraries (imported only by the two backend modules)
        .systemLibrary(name: "CNFC", pkgConfig: "libnfc", providers: [.apt(["libnfc-dev"])]),
        .systemLibrary(name: "CPCSC", pkgConfig: "libpcsclite", providers: [.apt(["libpcsclite-dev"])]),

        // MARK: Text rules every module shares (hex, JSON string literals, privacy masks); no dependencies
        .target(name: "HukouText", swiftSettings: swiftSettings),

        // MARK: The tap, from radio to counter
        .target(name: "NDEF", swiftSettings: swiftSettings),
        // The JSON form of a message (`hukou ndef decode|encode`); apart from NDEF, which stays dependency-free.
        .target(name: "NDEFJSON", dependencies: ["NDEF", "HukouText"], swiftSettings: swiftSettings),
        .target(name: "NFCTag", dependencies: ["NDEF", "HukouText"], swiftSettings: swiftSettings),
        .target(name: "NFCReader", dependencies: ["NFCTag"], swiftSettings: swiftSettings),
        .target(name: "NFCReaderLibNFC", dependencies: ["NFCReader", "CNFC"], swiftSettings: swiftSettings),
        .target(
            name: "NFCReaderPCSC",
            dependencies: ["NFCReader", "CPCSC", "HukouText"],
            swiftSettings: swiftSettings
        ),
        .target(name: "ReaderDoctor", swiftSettings: swiftSettings),
        .target(
            name: "HukouIntent",
            dependencies: [
                "NDEF", "HukouText",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CounterStore",
            dependencies: [
                "HukouText",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Known staff: the roster, who is at the terminal, who may do what; no dependencies
        .target(name: "CounterStaff", swiftSettings: swiftSettings),
        .target(
            name: "CounterTerminal",
            dependencies: ["CounterStore", "HukouIntent", "CounterStaff", "HukouText"],
            swiftSettings: swiftSettings
        ),
        // The hall: the waiting-hall display, window pads, voice calls and the dashboard, served over HTTP.
        .target(
            name: "CounterWeb",
            dependencies: [
                "CounterStore", "HukouIntent", "HukouText", "CounterStaff",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // The district's central store: the replicator a station runs, the PostgreSQL schema, the audit anchor
        // check and the district's dashboard.
        .target(
            name: "CounterCentral",
            dependencies: [
                "CounterStore", "CounterStaff", "CounterWeb", "HukouText",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CounterDaemon",
            dependencies: [
                "NFCReader", "NFCReaderLibNFC", "NFCReaderPCSC", "HukouText", "HukouIntent", "CounterStore",
                "CounterStaff", "CounterWeb", "CounterCentral",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hukou",
            dependencies: [
                "HukouText", "NDEF", "NDEFJSON", "NFCTag", "NFCReader", "NFCReaderLibNFC", "NFCReaderPCSC",
                "HukouIntent", "CounterStore", "CounterTerminal", "CounterDaemon", "CounterStaff", "CounterWeb",
                "CounterCentral", "ReaderDoctor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hukou-bench",
            dependencies: [
                "HukouText", "NDEF", "NFCTag", "NFCReader", "NFCReaderLibNFC", "HukouIntent", "CounterStore",
                "CounterDaemon", "CounterWeb", "CounterCentral", "HukouTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Test doubles, shipped as their own library (used by the tests and the benchmarks)
        .target(name: "HukouTesting", dependencies: ["NFCTag", "NFCReader"], swiftSettings: swiftSettings),

        // MARK: Tests
        // What several test targets share: the `hukou` binary's location, polling, the private pcscd sandbox.
        .target(name: "HukouTestSupport", path: "Tests/HukouTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "HukouTextTests", dependencies: ["HukouText"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NDEFTests",
            dependencies: ["NDEF", "HukouText", "HukouTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "NDEFJSONTests", dependencies: ["NDEFJSON", "NDEF"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NFCTagTests",
            dependencies: ["NFCTag", "NDEF", "HukouText", "HukouTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NFCReaderTests",
            dependencies: ["NFCReader", "NFCTag", "NFCReaderLibNFC", "HukouText", "HukouTesting", "HukouTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HukouIntentTests",
            dependencies: ["HukouIntent", "NDEF", "HukouText", "HukouTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CounterStoreTests",
            dependencies: [
                "CounterStore", "HukouIntent", "HukouTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CounterWebTests",
            dependencies: [
                "CounterWeb", "CounterStore", "CounterStaff", "HukouTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CounterTerminalTests",
            dependencies: ["CounterTerminal", "CounterStore", "HukouIntent", "CounterStaff"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CounterDaemonTests",
            dependencies: [
                "CounterDaemon", "CounterStore", "CounterStaff", "HukouIntent", "NFCReader", "NFCTag", "NDEF",
                "HukouTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["HukouTestSupport", "HukouTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NFCReaderPCSCTests",
            dependencies: ["NFCReaderPCSC", "NFCReader", "NFCTag", "NDEF", "HukouTesting", "HukouTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CounterCentralTests",
            dependencies: [
                "CounterCentral", "CounterStore", "CounterWeb", "HukouTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CounterStaffTests", dependencies: ["CounterStaff"], swiftSettings: swiftSettings),
        .testTarget(name: "ReaderDoctorTests", dependencies: ["ReaderDoctor"], swiftSettings: swiftSettings),
    ]
)
