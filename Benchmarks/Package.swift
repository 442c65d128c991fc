// swift-tools-version: 6.2
// Micro-benchmarks of the hot path (`make bench-check`), kept out of the main package so
// that `make test` neither builds nor resolves package-benchmark.
import PackageDescription

let package = Package(
    name: "crypto-assistant-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "crypto-assistant", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "HotPath",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TelegramBotAPI", package: "crypto-assistant"),
                .product(name: "MarketEngine", package: "crypto-assistant"),
                .product(name: "AssistantCore", package: "crypto-assistant"),
                .product(name: "MarketSimulator", package: "crypto-assistant"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/HotPath",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
