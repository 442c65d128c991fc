import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import Testing

/// The Bitget classic account against the simulator's signed endpoints (whose numbers come
/// from `SimulatedAccounts+Bitget`), and against Bitget's documented and captured bodies.
@Suite(.serialized) struct BitgetAccountTests {
    static let keys = ExchangeCredentials(
        apiKey: SimulatedAccounts.bitget.apiKey, secret: SimulatedAccounts.bitget.secret,
        passphrase: SimulatedAccounts.bitget.passphrase)

    struct Failure: Error { let message: String }

    func value<T>(_ results: [(Exchange, AccountService.Outcome<T>)]) throws -> T {
        switch Dictionary(uniqueKeysWithValues: results)[.bitget] {
        case .value(let value): return value
        case .failed(let failure): throw Failure(message: failure.description)
        default: throw Failure(message: "not configured")
        }
    }

    func refusal<T>(_ results: [(Exchange, AccountService.Outcome<T>)]) -> MarketFailure? {
        if case .failed(let failure) = Dictionary(uniqueKeysWithValues: results)[.bitget] { return failure }
        return nil
    }

    func double(_ value: Decimal?) -> Double { value.map { NSDecimalNumber(decimal: $0).doubleValue } ?? .nan }

    /// Unrealised PnL of the simulator's BTC long (0.2 @ 95,000) and ETH short (1.5 @ 3,500).
    func unrealized(_ market: SimulatorBench) async throws -> Double {
        let btc = try #require(await market.exchanges.market("BTC", on: "bitget"))
        let eth = try #require(await market.exchanges.market("ETH", on: "bitget"))
        return (btc.markPrice - 95_000) * 0.2 + (3_500 - eth.markPrice) * 1.5
    }

    @Test func balanceValuesSpotAndAddsTheFuturesAccount() async throws {
        try await withSimulatedMarket { market in
            let service = AccountService(engine: market.engine, credentials: [.bitget: Self.keys])
            let balance = try value(await service.balances())
            let btc = try #require(await market.exchanges.market("BTC", on: "bitget"))
            #expect(balance.assets.map(\.asset) == ["BTC", "USDT"])  // PEPE is dust
            #expect(
                balance.assets[0].total == Decimal(string: "0.06") && balance.assets[0].free == Decimal(string: "0.05"))
            #expect(close(double(balance.assets[0].usdValue), 0.06 * btc.spot))
            #expect(balance.assets[1].total == 2000 && balance.assets[1].usdValue == 2000)
            let upl = try await unrealized(market)
            #expect(close(double(balance.unrealizedPnl), upl))
            #expect(close(double(balance.marginBalance), 3000 + upl))
            #expect(close(double(balance.walletBalance), 3000))
            #expect(balance.availableBalance == 1500)
            #expect(close(double(balance.totalEquity), 0.06 * btc.spot + 2000 + 3000 + upl))
        }
    }

    @Test func positionsAreBaseCoinWithTheirSide() async throws {
        try await withSimulatedMarket { market in
            let service = AccountService(engine: market.engine, credentials: [.bitget: Self.keys])
            let positions = try value(await service.positions())
            #expect(positions.map(\.symbol) == ["BTCUSDT", "ETHUSDT"])
            #expect(positions.map(\.side) == [.long, .short])
            #expect(positions.map(\.size) == [Decimal(string: "0.2"), Decimal(string: "1.5")])
            #expect(positions.map(\.leverage) == [10, 5])
            #expect(positions.map(\.entryPrice) == [95_000, 3_500])
            #expect(positions.map(\.liquidationPrice) == [86_450, 4_130])
            let btc = try #require(await market.exchanges.market("BTC", on: "bitget"))
            #expect(close(double(positions[0].markPrice), btc.markPrice))
            #expect(close(double(positions[0].notional), btc.markPrice * 0.2))
            #expect(close(double(positions[0].unrealizedPnl), (btc.markPrice - 95_000) * 0.2))
            // Margin at entry is 95,000 × 0.2 / 10 = 1,900.
            #expect(close(double(positions[0].roePercent), (btc.markPrice - 95_000) * 0.2 / 1_900 * 100))
        }
    }

    @Test func pnlSplitsClosedPositionsSinceAPointInTime() async throws {
        try await withSimulatedMarket { market in
            let service = AccountService(engine: market.engine, credentials: [.bitget: Self.keys])
            let day = try value(await service.pnl(since: SimulatorBench.frozenTime - 86_400_000))
            #expect(day.realized == Decimal(string: "30.5"))
            #expect(day.funding == Decimal(string: "-1.25"))
            #expect(day.commissions == Decimal(string: "-11.42"))
            let upl = try await unrealized(market)
            #expect(close(double(day.unrealized), upl))
            let week = try value(await service.pnl(since: SimulatorBench.frozenTime - 7 * 86_400_000))
            #expect(week.realized == Decimal(string: "18.5"))
            #expect(week.funding == Decimal(string: "-0.85"))
            #expect(week.commissions == Decimal(string: "-13.51"))
        }
    }

    @Test func wrongCredentialsGetBitgetsOwnErrors() async throws {
        try await withSimulatedMarket { market in
            let keys = SimulatedAccounts.bitget
            let cases: [(ExchangeCredentials, String)] = [
                (
                    ExchangeCredentials(apiKey: keys.apiKey, secret: keys.secret, passphrase: "nope"),
                    "Bitget refused the request (40012: apikey/password is incorrect)"
                ),
                (
                    ExchangeCredentials(apiKey: keys.apiKey, secret: "not-the-secret", passphrase: keys.passphrase),
                    "Bitget refused the request (40009: sign signature error)"
                ),
                (
                    ExchangeCredentials(apiKey: "unknown-key", secret: keys.secret, passphrase: keys.passphrase),
                    "Bitget refused the request (40006: Invalid ACCESS_KEY)"
                ),
                (
                    ExchangeCredentials(apiKey: keys.apiKey, secret: keys.secret),
                    "Bitget refused the request (40011: ACCESS_PASSPHRASE cannot be empty)"
                ),
            ]
            for (credentials, expected) in cases {
                let service = AccountService(engine: market.engine, credentials: [.bitget: credentials])
                let failure = try #require(refusal(await service.positions()))
                #expect(failure.exchange == .bitget)
                #expect(failure.description == expected)
                #expect(!failure.description.contains("nope") && !failure.description.contains("not-the-secret"))
            }
        }
    }

    @Test func clockSkewIsResynchronisedOnce() async throws {
        try await withSimulatedMarket { market in
            // Within Bitget's ±30 s nothing is resynchronised.
            await market.exchanges.setClockSkew(20_000)
            let near = AccountService(engine: market.engine, credentials: [.bitget: Self.keys])
            let accepted = try value(await near.positions())
            #expect(accepted.count == 2)
            #expect(await market.exchanges.requests("bitget", path: "/api/v2/public/time") == 0)

            await market.exchanges.setClockSkew(60_000)  // the exchange runs a minute ahead
            await market.exchanges.reset()
            let service = AccountService(engine: market.engine, credentials: [.bitget: Self.keys])
            let resynchronised = try value(await service.positions())
            #expect(resynchronised.count == 2)
            #expect(await market.exchanges.requests("bitget", path: "/api/v2/public/time") == 1)
            #expect(await market.exchanges.requests("bitget", path: "/api/v2/mix/position/all-position") == 2)
            // The offset is kept: the next read is accepted at once.
            let again = try value(await service.positions())
            #expect(again.count == 2)
            #expect(await market.exchanges.requests("bitget", path: "/api/v2/public/time") == 1)
            #expect(await market.exchanges.requests("bitget", path: "/api/v2/mix/position/all-position") == 3)
        }
    }

    @Test func aTimestampStillRefusedAfterResynchronisingIsReported() async throws {
        try await withSimulatedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("bitget/public_time_doc.json"), at: "/api/v2/public/time")
            await market.exchanges.record(
                try RecordedBody.text("bitget/error_40008_timestamp_expired_docderived.json"), status: 400,
                at: "/api/v2/mix/position/all-position")
            let service = AccountService(engine: market.engine, credentials: [.bitget: Self.keys])
            let failure = try #require(refusal(await service.positions()))
            #expect(failure == .rejected(.bitget, code: "40008", message: "Request timestamp expired"))
            #expect(await market.exchanges.requests("bitget", path: "/api/v2/public/time") == 1)
            #expect(await market.exchanges.requests("bitget", path: "/api/v2/mix/position/all-position") == 2)
        }
    }

    @Test(arguments: [
        (
            "error_40085_uta_classic_api_real.json",
            "Bitget refused the request (40085: You are in Unified Account mode, and the Classic Account API is not supported at this time)"
        ),
        ("error_40009_sign_real.json", "Bitget refused the request (40009: sign signature error)"),
    ])
    func capturedErrorsAreReportedInBitgetsWords(file: String, expected: String) async throws {
        try await withSimulatedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("bitget/" + file), status: 400, at: "/api/v2/mix/position/all-position")
            let service = AccountService(engine: market.engine, credentials: [.bitget: Self.keys])
            #expect(refusal(await service.positions())?.description == expected)
        }
    }

    @Test func documentedAccountBodies() async throws {
        try await withSimulatedMarket { market in
            for (file, path) in [
                ("spot_account_assets_doc.json", "/api/v2/spot/account/assets"),
                ("futures_account_accounts_doc.json", "/api/v2/mix/account/accounts"),
                ("futures_all_position_doc.json", "/api/v2/mix/position/all-position"),
                ("futures_history_position_real_ccxtcomment.json", "/api/v2/mix/position/history-position"),
            ] {
                await market.exchanges.record(try RecordedBody.text("bitget/" + file), at: path)
            }
            let service = AccountService(engine: market.engine, credentials: [.bitget: Self.keys])

            // "message" for "msg", a lower-case coin with nothing in it, and unrealizedPL "".
            let balance = try value(await service.balances())
            #expect(balance.assets.isEmpty)
            #expect(balance.marginBalance == Decimal(string: "10582.902657719473"))
            #expect(balance.unrealizedPnl == 23)  // crossed 23 + isolated 0
            #expect(balance.walletBalance == Decimal(string: "10559.902657719473"))
            #expect(balance.availableBalance == Decimal(string: "10575.26735771"))
            #expect(balance.totalEquity == Decimal(string: "10582.902657719473"))

            let positions = try value(await service.positions())
            #expect(positions.count == 1)
            let position = try #require(positions.first)
            #expect(position.symbol == "BTCUSDT" && position.side == .long)
            #expect(position.size == Decimal(string: "0.01") && position.leverage == 20)
            #expect(position.entryPrice == 25_000 && position.markPrice == 25_100)
            #expect(position.liquidationPrice == Decimal(string: "24144.1124161806977798"))
            #expect(position.notional == 251 && position.unrealizedPnl == 1)
            #expect(position.roePercent == 8)  // 1 over 25,000 × 0.01 / 20

            // A real closed position: the fees are negative and add up to netProfit.
            let pnl = try value(await service.pnl(since: 1_700_000_000_000))
            #expect(pnl.realized == Decimal(string: "-0.0007"))
            #expect(pnl.funding == 0)
            #expect(pnl.commissions == Decimal(string: "-0.0447261"))
            #expect(pnl.unrealized == 1)
            #expect(pnl.total == Decimal(string: "0.9545739"))
            // Closed before the period: left out.
            let later = try value(await service.pnl(since: 1_700_720_700_401))
            #expect(later.realized == 0 && later.commissions == 0)
        }
    }
}
