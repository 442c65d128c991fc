import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import Testing

@Suite struct AccountTests {
    static let keys: [Exchange: ExchangeCredentials] = [
        .binance: ExchangeCredentials(
            apiKey: SimulatedAccounts.binance.apiKey, secret: SimulatedAccounts.binance.secret),
        .bybit: ExchangeCredentials(apiKey: SimulatedAccounts.bybit.apiKey, secret: SimulatedAccounts.bybit.secret),
        .okx: ExchangeCredentials(
            apiKey: SimulatedAccounts.okx.apiKey, secret: SimulatedAccounts.okx.secret,
            passphrase: SimulatedAccounts.okx.passphrase),
    ]

    func value<T>(_ outcome: AccountService.Outcome<T>) throws -> T {
        switch outcome {
        case .value(let value): return value
        case .notConfigured: throw Failure(message: "not configured")
        case .failed(let failure): throw Failure(message: failure.description)
        }
    }

    struct Failure: Error { let message: String }

    @Test func balancesOnEveryExchange() async throws {
        let bench = await SimulatorBench.start()
        let service = AccountService(engine: bench.engine, credentials: Self.keys)
        let results = Dictionary(uniqueKeysWithValues: await service.balances())
        let binance = try value(try #require(results[.binance]))
        #expect(
            binance.assets.map(\.asset) == ["ETH", "BTC", "USDT"]
                || binance.assets.map(\.asset) == ["BTC", "ETH", "USDT"])
        #expect(!binance.assets.contains { $0.asset == "SHIB" })  // dust
        #expect(binance.walletBalance == 10_000)
        #expect(binance.availableBalance == 7_500)
        let bybit = try value(try #require(results[.bybit]))
        #expect(bybit.assets.map(\.asset).contains("USDT") && !bybit.assets.contains { $0.asset == "DOGE" })
        let okx = try value(try #require(results[.okx]))
        #expect(okx.assets.first?.asset == "USDT")
        #expect(okx.availableBalance == 2_500)
        try await bench.stop()
    }

    @Test func positionsHedgeModeAndContracts() async throws {
        let bench = await SimulatorBench.start()
        let service = AccountService(engine: bench.engine, credentials: Self.keys)
        let results = Dictionary(uniqueKeysWithValues: await service.positions())
        let binance = try value(try #require(results[.binance]))
        #expect(binance.map(\.symbol) == ["BTCUSDT", "ETHUSDT"])  // the flat SOL position is left out
        #expect(binance.map(\.side) == [.long, .short])
        #expect(binance[1].size == 2)
        let okx = try value(try #require(results[.okx]))
        #expect(okx.first?.size == Decimal(string: "0.05"))  // 5 contracts × 0.01 BTC
        let bybit = try value(try #require(results[.bybit]))
        #expect(bybit.first?.symbol == "SOLUSDT" && bybit.first?.leverage == 3)
        try await bench.stop()
    }

    @Test func pnlSinceAPointInTime() async throws {
        let bench = await SimulatorBench.start()
        let service = AccountService(engine: bench.engine, credentials: Self.keys)
        let day = SimulatorBench.frozenTime - 86_400_000
        let results = Dictionary(uniqueKeysWithValues: await service.pnl(since: day))
        let binance = try value(try #require(results[.binance]))
        #expect(binance.realized == Decimal(string: "120.5"))
        #expect(binance.funding == Decimal(string: "-3.2"))
        #expect(binance.commissions == Decimal(string: "-4.8"))
        let bybit = try value(try #require(results[.bybit]))
        #expect(bybit.realized == Decimal(string: "42.1") && bybit.funding == nil)
        let okx = try value(try #require(results[.okx]))
        #expect(
            okx.realized == Decimal(string: "15.5") && okx.commissions == Decimal(string: "-0.7")
                && okx.funding == Decimal(string: "-1.1"))
        let week = Dictionary(
            uniqueKeysWithValues: await service.pnl(since: SimulatorBench.frozenTime - 7 * 86_400_000))
        #expect(try value(try #require(week[.binance])).realized == Decimal(string: "170.5"))
        try await bench.stop()
    }

    @Test func wrongSecretsGetTheExchangesOwnErrors() async throws {
        let bench = await SimulatorBench.start()
        let wrong: [Exchange: ExchangeCredentials] = [
            .binance: ExchangeCredentials(apiKey: SimulatedAccounts.binance.apiKey, secret: "not-the-secret"),
            .bybit: ExchangeCredentials(apiKey: "unknown-key", secret: SimulatedAccounts.bybit.secret),
            .okx: ExchangeCredentials(
                apiKey: SimulatedAccounts.okx.apiKey, secret: SimulatedAccounts.okx.secret, passphrase: "nope"),
        ]
        let service = AccountService(engine: bench.engine, credentials: wrong)
        var messages: [Exchange: String] = [:]
        for (exchange, outcome) in await service.positions() {
            if case .failed(let failure) = outcome {
                #expect(failure.exchange == exchange)
                guard case .rejected = failure.reason else {
                    Issue.record("\(exchange): \(failure)")
                    continue
                }
                messages[exchange] = failure.description
            }
        }
        #expect(messages[.binance] == "Binance refused the request (-1022: Signature for this request is not valid.)")
        #expect(messages[.bybit] == "Bybit refused the request (10003: API key is invalid.)")
        #expect(messages[.okx] == "OKX refused the request (50105: OK-ACCESS-PASSPHRASE incorrect.)")
        for message in messages.values { #expect(!message.contains("not-the-secret") && !message.contains("nope")) }
        try await bench.stop()
    }

    @Test func clockSkewIsResynchronisedOnce() async throws {
        let bench = await SimulatorBench.start()
        await bench.exchanges.setClockSkew(20_000)  // the exchange runs 20 s ahead
        let service = AccountService(engine: bench.engine, credentials: [.binance: Self.keys[.binance]!])
        let result = try value(try #require(Dictionary(uniqueKeysWithValues: await service.positions())[.binance]))
        #expect(result.count == 2)
        #expect(await bench.exchanges.requests("binance", path: "/fapi/v1/time") == 1)
        #expect(await bench.exchanges.requests("binance", path: "/fapi/v2/positionRisk") == 2)  // -1021, then accepted
        try await bench.stop()
    }

    @Test func exchangesWithoutKeysAreNotConfigured() async throws {
        let bench = await SimulatorBench.start()
        let service = AccountService(engine: bench.engine, credentials: [.okx: Self.keys[.okx]!])
        let results = await service.balances()
        #expect(results.map(\.0) == Exchange.allCases)
        if case .notConfigured = results[0].1 {} else { Issue.record("Binance should be not configured") }
        #expect(await bench.exchanges.requests("binance") == 0)
        try await bench.stop()
    }
}
