// swift-tools-version: 6.2
import PackageDescription

#if canImport(Glibc)
    import Glibc
#endif

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// How the release `crypto-assistant` is linked on Linux: by lld, with the relative
/// relocations packed (DT_RELR) and without exporting the executable's own symbols. Swift's
/// default (gold, one 24-byte relocation each for ~142,000 pointers, ~47,000 exported
/// symbols) makes the loader read 3.4 MB of relocations and 4 MB of symbol tables at every
/// start: idle RSS 34.7–35.4 MiB against 29.3–29.7 with these flags (`bench/idle-rss.sh`,
/// the two binaries in turn; bench/notes.md). Packed relocations need glibc 2.36 where the binary runs; they
/// are used only when the building machine has it (a binary needs its builder's glibc anyway).
let releaseLinking: [LinkerSetting] = {
    var flags = ["-use-ld=lld", "-Xlinker", "--no-export-dynamic"]
    #if canImport(Glibc)
        var text = [CChar](repeating: 0, count: 64)  // "glibc 2.36"
        _ = confstr(Int32(_CS_GNU_LIBC_VERSION), &text, text.count)
        let name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let version = name.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
        if version.count >= 2, (version[0], version[1]) >= (2, 36) {
            flags += ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
        }
    #endif
    return [.unsafeFlags(flags, .when(platforms: [.linux], configuration: .release))]
}()

let package = Package(
    name: "crypto-assistant",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "crypto-assistant", targets: ["crypto-assistant"]),
        .executable(name: "market-sim", targets: ["market-sim"]),
        // For the micro-benchmarks in Benchmarks/, a separate package that depends on this one.
        .library(name: "TelegramBotAPI", targets: ["TelegramBotAPI"]),
        .library(name: "MarketEngine", targets: ["MarketEngine"]),
        .library(name: "AssistantCore", targets: ["AssistantCore"]),
        .library(name: "MarketSimulator", targets: ["MarketSimulator"]),
    ],
    dependencies: [
        // No default traits: "FullFoundation" links the whole of Foundation for a DateFormatter
        // strategy we do not use, "ConfigurationSupport" is for apps that configure Hummingbird
        // through swift-configuration (we read our settings ourselves).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // No "JSON" trait: settings come from the environment and an env file only, and the
        // JSON provider links the whole of Foundation (JSONSerialization).
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // PostgreSQL for several replicas on one database (DATABASE_URL); SQLite stays the default.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The exchanges' market-data streams (client) and the simulator's (server), on the
        // same NIO and Hummingbird the server runs on.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        // SQLite from the system (Debian's libsqlite3-dev to build, libsqlite3-0 to run).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "MarketEngine",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // For the error types a failed request carries (NIOConnectionError, NIOSSLError):
                // the gateway classifies by type. AsyncHTTPClient links both already.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TelegramBotAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "AssistantCore",
            dependencies: ["MarketEngine", "TelegramBotAPI", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // /chart's picture, drawn with Cairo (loaded on the first chart): behind the core's
        // `ChartDrawer`, so that the core neither links nor loads it.
        .target(
            name: "ChartDrawing",
            dependencies: ["AssistantCore", "MarketEngine"],
            swiftSettings: strict
        ),
        .target(
            name: "AssistantServer",
            dependencies: [
                "AssistantCore",
                "ChartDrawing",
                "MarketEngine",
                "TelegramBotAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                "CSQLite",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "crypto-assistant",
            dependencies: [
                "AssistantServer",
                "AssistantCore",
                "MarketEngine",
                "TelegramBotAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict,
            linkerSettings: releaseLinking
        ),
        .target(
            name: "MarketSimulator",
            dependencies: [
                "TelegramBotAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "market-sim",
            dependencies: [
                "MarketSimulator",
                // Only for `--env-file`: the assistant's names for the exchanges' base URLs.
                "MarketEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Test support shared by the test targets: a clock tests move by hand, and the store
        // conformance suite every store implementation runs.
        .target(
            name: "AssistantTesting",
            dependencies: [
                "AssistantCore", "MarketEngine", "MarketSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TelegramBotAPITests",
            dependencies: ["TelegramBotAPI"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MarketEngineTests",
            dependencies: [
                "MarketEngine",
                "MarketSimulator",
                "AssistantTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AssistantCoreTests",
            dependencies: [
                "AssistantCore", "TelegramBotAPI", "MarketEngine", "MarketSimulator", "AssistantTesting",
                "ChartDrawing",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The server's parts without a server, a socket, a child process or PostgreSQL: state
        // machines, primitives, the SQLite store, settings, log lines, the router in memory.
        // Runs in seconds.
        .testTarget(
            name: "AssistantServerUnitTests",
            dependencies: [
                "AssistantServer", "AssistantCore", "MarketEngine", "TelegramBotAPI", "AssistantTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The system tests: the server in this process or the built binary, with the simulator,
        // real TLS, nginx, curl, openssl, PostgreSQL, fuzzing, SIGTERM and kill -9.
        .testTarget(
            name: "AssistantServerTests",
            dependencies: [
                "AssistantServer",
                "AssistantCore",
                "MarketEngine",
                "TelegramBotAPI",
                "MarketSimulator",
                "AssistantTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
