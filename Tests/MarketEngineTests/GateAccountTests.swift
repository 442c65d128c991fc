import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import Testing

/// Gate's signature, and the Gate account against the simulator's signed endpoints (a fixed
/// account: spot USDT 1500 of which 300 locked, ETH 1, DOGE 1 as dust; futures wallet 4000,
/// available 3500; an ETH short of 150 contracts × 0.01 and a cross BTC long of 2000 × 0.0001).
@Suite(.serialized) struct GateAccountTests {
    static let keys = ExchangeCredentials(apiKey: SimulatedAccounts.gate.apiKey, secret: SimulatedAccounts.gate.secret)

    func value<T>(_ outcome: AccountService.Outcome<T>?) throws -> T {
        switch outcome {
        case .value(let value): return value
        case .failed(let failure): throw Failure(message: failure.description)
        case .notConfigured, nil: throw Failure(message: "not configured")
        }
    }

    struct Failure: Error { let message: String }

    func service(_ bench: SimulatorBench, _ credentials: ExchangeCredentials = keys) -> AccountService {
        AccountService(engine: bench.engine, credentials: [.gate: credentials])
    }

    func number(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }

    // MARK: Signing

    /// The two examples of Gate's "Authentication" section: key `key`, secret `secret`,
    /// Timestamp 1541993715, and the SIGN values it documents.
    @Test func documentedSignatures() {
        #expect(
            RequestSigner.gate(
                method: "GET", path: "/api/v4/futures/orders", query: "contract=BTC_USD&status=finished&limit=50",
                body: "", timestamp: 1_541_993_715, secret: "secret")
                == "55f84ea195d6fe57ce62464daaa7c3c02fa9d1dde954e4c898289c9a2407a3d6fb3faf24deff16790d726b66ac9f74526668b13bd01029199cc4fcc522418b8a"
        )
        #expect(
            RequestSigner.gate(
                method: "POST", path: "/api/v4/futures/orders", query: "",
                body: #"{"contract":"BTC_USD","type":"limit","size":100,"price":6800,"time_in_force":"gtc"}"#,
                timestamp: 1_541_993_715, secret: "secret")
                == "eae42da914a590ddf727473aff25fc87d50b64783941061f47a3fdb92742541fc4c2c14017581b4199a1418d54471c269c03a38d788d802e2c306c37636389f0"
        )
    }

    // MARK: The simulated account

    @Test func balanceAddsSpotAndTheFuturesWallet() async throws {
        let bench = await SimulatorBench.start()
        let eth = try #require(await bench.exchanges.market("ETH", on: "gate"))
        let btc = try #require(await bench.exchanges.market("BTC", on: "gate"))
        let unrealised = (eth.markPrice - 3600) * -150 * 0.01 + (btc.markPrice - 95_000) * 2000 * 0.0001
        let balance = try value(await service(bench).balances().first { $0.0 == .gate }?.1)
        #expect(balance.assets.map(\.asset) == ["ETH", "USDT"])  // DOGE is dust, BTC zero
        let usdt = try #require(balance.assets.last)
        #expect(usdt.total == 1500 && usdt.free == 1200 && usdt.usdValue == 1500)
        #expect(close(number(try #require(balance.assets.first?.usdValue)), eth.spot))
        #expect(balance.walletBalance == 4000)
        #expect(balance.availableBalance == 3500)
        #expect(close(number(balance.unrealizedPnl), unrealised))
        #expect(close(number(balance.marginBalance), 4000 + unrealised))
        #expect(close(number(balance.totalEquity), eth.spot + 1500 + 4000 + unrealised))
        try await bench.stop()
    }

    @Test func positionsInBaseUnitsWithTheirSides() async throws {
        let bench = await SimulatorBench.start()
        let eth = try #require(await bench.exchanges.market("ETH", on: "gate"))
        let positions = try value(await service(bench).positions().first { $0.0 == .gate }?.1)
        #expect(positions.map(\.symbol) == ["ETH_USDT", "BTC_USDT"])  // the empty dual short is not held
        let short = positions[0]
        #expect(short.side == .short && short.size == Decimal(string: "1.5"))  // -150 × 0.01
        #expect(short.entryPrice == 3600 && short.leverage == 5 && short.liquidationPrice == 4248)
        #expect(close(number(short.unrealizedPnl), (eth.markPrice - 3600) * -1.5))
        #expect(close(number(short.notional), 1.5 * eth.markPrice))
        let long = positions[1]
        #expect(long.side == .long && long.size == Decimal(string: "0.2"))  // 2000 × 0.0001, dual_long
        #expect(long.leverage == 10)  // cross: leverage 0, the cross limit
        #expect(long.liquidationPrice == nil)
        try await bench.stop()
    }

    @Test(arguments: [
        ("gate/futures_positions_doc.json", Decimal(30)), ("gate/futures_positions_doc_legacy_int.json", Decimal(1)),
    ])
    func documentedPositionsConvertContracts(fixture: String, leverage: Decimal) async throws {
        let bench = await SimulatorBench.start()
        await bench.exchanges.record(try RecordedBody.text(fixture), at: "/api/v4/futures/usdt/positions")
        let positions = try value(await service(bench).positions().first { $0.0 == .gate }?.1)
        let position = try #require(positions.first)
        #expect(positions.count == 1)
        #expect(position.symbol == "BTC_USDT" && position.side == .short)
        #expect(position.size == Decimal(string: "0.944"))  // -9440 contracts × the simulator's 0.0001
        #expect(position.entryPrice == Decimal(string: "3779.55") && position.markPrice == Decimal(string: "3780.32"))
        #expect(position.notional == Decimal(string: "3568.62"))
        #expect(position.unrealizedPnl == Decimal(string: "-0.000507486844"))
        #expect(position.liquidationPrice == 99_999_999)
        // The current doc adds `lever`; the older answer has only leverage 0 and a cross limit of 0.
        #expect(position.leverage == leverage)
        try await bench.stop()
    }

    @Test func pnlFromTheAccountBook() async throws {
        let bench = await SimulatorBench.start()
        let eth = try #require(await bench.exchanges.market("ETH", on: "gate"))
        let btc = try #require(await bench.exchanges.market("BTC", on: "gate"))
        let unrealised = (eth.markPrice - 3600) * -1.5 + (btc.markPrice - 95_000) * 0.2
        let day = try value(
            await service(bench).pnl(since: SimulatorBench.frozenTime - 86_400_000).first { $0.0 == .gate }?.1)
        #expect(day.realized == Decimal(string: "80.5"))
        #expect(day.commissions == Decimal(string: "-2.25"))
        #expect(day.funding == Decimal(string: "-1.5"))  // the deposit is not a result
        #expect(close(number(day.unrealized), unrealised))
        let week = try value(
            await service(bench).pnl(since: SimulatorBench.frozenTime - 7 * 86_400_000).first { $0.0 == .gate }?.1)
        #expect(week.realized == 110.5 && week.commissions == Decimal(string: "-3.25"))
        try await bench.stop()
    }

    @Test func documentedAccountBookEntry() async throws {
        let bench = await SimulatorBench.start()
        await bench.exchanges.record(
            try RecordedBody.text("gate/futures_account_book_doc.json"), at: "/api/v4/futures/usdt/account_book")
        let result = try value(await service(bench).pnl(since: 0).first { $0.0 == .gate }?.1)
        #expect(result.commissions == Decimal(string: "0.000010152188"))  // type fee
        #expect(result.realized == 0 && result.funding == 0)
        try await bench.stop()
    }

    // MARK: Refusals

    @Test func wrongSecretOrKeyGetGatesOwnErrors() async throws {
        let bench = await SimulatorBench.start()
        let wrongSecret = ExchangeCredentials(apiKey: SimulatedAccounts.gate.apiKey, secret: "not-the-secret")
        guard
            case .failed(let failure) = await service(bench, wrongSecret).positions().first(where: { $0.0 == .gate })?.1
        else {
            Issue.record("a wrong secret was accepted")
            return
        }
        #expect(failure.description == "Gate refused the request (INVALID_SIGNATURE: Signature mismatch)")
        #expect(!failure.description.contains("not-the-secret"))
        let wrongKey = ExchangeCredentials(apiKey: "unknown-key", secret: SimulatedAccounts.gate.secret)
        guard case .failed(let refused) = await service(bench, wrongKey).balances().first(where: { $0.0 == .gate })?.1
        else {
            Issue.record("an unknown key was accepted")
            return
        }
        #expect(refused == .rejected(.gate, code: "INVALID_KEY", message: "Invalid key provided"))
        #expect(await bench.exchanges.requests("gate", path: "/api/v4/spot/time") == 0)
        try await bench.stop()
    }

    @Test func clockSkewIsResynchronisedOnce() async throws {
        let bench = await SimulatorBench.start()
        await bench.exchanges.setClockSkew(120_000)  // Gate runs two minutes ahead
        let accounts = service(bench)
        let positions = try value(await accounts.positions().first { $0.0 == .gate }?.1)
        #expect(positions.count == 2)
        #expect(await bench.exchanges.requests("gate", path: "/api/v4/spot/time") == 1)
        // REQUEST_EXPIRED, then accepted.
        #expect(await bench.exchanges.requests("gate", path: "/api/v4/futures/usdt/positions") == 2)
        // The offset is kept: the next request is signed right the first time.
        _ = try value(await accounts.positions().first { $0.0 == .gate }?.1)
        #expect(await bench.exchanges.requests("gate", path: "/api/v4/spot/time") == 1)
        #expect(await bench.exchanges.requests("gate", path: "/api/v4/futures/usdt/positions") == 3)
        try await bench.stop()
    }

    @Test func aClockThatStaysWrongIsReportedAfterOneRetry() async throws {
        let bench = await SimulatorBench.start()
        // Gate's clock says one thing, its signature check another: no resync can help.
        await bench.exchanges.record(
            try RecordedBody.text("gate/error_REQUEST_EXPIRED_real.json"), status: 401,
            at: "/api/v4/futures/usdt/positions")
        guard case .failed(let failure) = await service(bench).positions().first(where: { $0.0 == .gate })?.1 else {
            Issue.record("an expired request was accepted")
            return
        }
        #expect(
            failure
                == .rejected(
                    .gate, code: "REQUEST_EXPIRED", message: "gap between request Timestamp and server time exceeds 60")
        )
        #expect(await bench.exchanges.requests("gate", path: "/api/v4/futures/usdt/positions") == 2)
        #expect(await bench.exchanges.requests("gate", path: "/api/v4/spot/time") == 1)
        try await bench.stop()
    }
}
