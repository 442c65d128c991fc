import AssistantTesting
import AsyncHTTPClient
import Foundation
import MarketEngine
import MarketSimulator
import NIOCore
import NIOHTTP1
import Testing

/// The MEXC account over both of its APIs against the simulator's signed endpoints, which
/// check key, clock and signature as MEXC does and answer with MEXC's own error bodies.
@Suite(.serialized) struct MEXCAccountTests {
    static let keys = ExchangeCredentials(apiKey: SimulatedAccounts.mexc.apiKey, secret: SimulatedAccounts.mexc.secret)

    struct Failure: Error { let message: String }

    func value<T>(_ results: [(Exchange, AccountService.Outcome<T>)]) throws -> T {
        switch results.first(where: { $0.0 == .mexc })?.1 {
        case .value(let value): return value
        case .failed(let failure): throw Failure(message: failure.description)
        default: throw Failure(message: "not configured")
        }
    }

    func failure<T>(_ results: [(Exchange, AccountService.Outcome<T>)]) -> MarketFailure? {
        guard case .failed(let failure) = results.first(where: { $0.0 == .mexc })?.1 else { return nil }
        return failure
    }

    func accounts(_ bench: SimulatorBench, _ keys: ExchangeCredentials = MEXCAccountTests.keys) -> AccountService {
        AccountService(engine: bench.engine, credentials: [.mexc: keys])
    }

    /// The unrealised PnL the simulator's two positions have at the model's marks.
    func unrealised(_ bench: SimulatorBench) async throws -> (btc: Decimal, eth: Decimal) {
        let btc = try #require(await bench.exchanges.market("BTC", on: "mexc")).markPrice
        let eth = try #require(await bench.exchanges.market("ETH", on: "mexc")).markPrice
        return (Decimal((btc - 95_000) * 0.15), Decimal((3_600 - eth) * 2))
    }

    func near(_ a: Decimal, _ b: Decimal, _ tolerance: Decimal = Decimal(string: "0.000001")!) -> Bool {
        abs(a - b) <= tolerance
    }

    @Test func balanceJoinsSpotAndTheContractWallet() async throws {
        try await withSimulatedMarket { bench in
            let balance = try value(await accounts(bench).balances())
            #expect(balance.assets.map(\.asset) == ["BTC", "ETH", "USDT"])  // SHIB is dust
            let eth = try #require(balance.assets.first { $0.asset == "ETH" })
            #expect(eth.total == 4 && eth.free == 3)  // 1 locked
            let ethPrice = try #require(await bench.exchanges.market("ETH", on: "mexc")).spot
            #expect(near(try #require(eth.usdValue), 4 * MEXCAccountTestsSupport.decimal(ethPrice), 0.001))
            #expect(balance.assets.last?.total == Decimal(string: "2000.5"))
            let (btcPnL, ethPnL) = try await unrealised(bench)
            #expect(near(balance.unrealizedPnl, btcPnL + ethPnL, 0.0001))
            #expect(near(balance.walletBalance, 2000))
            #expect(near(balance.marginBalance, 2000 + btcPnL + ethPnL, 0.0001))
            #expect(balance.availableBalance == 1500)
            let spotValue = balance.assets.reduce(Decimal(0)) { $0 + ($1.usdValue ?? 0) }
            #expect(balance.totalEquity == spotValue + balance.marginBalance)
        }
    }

    @Test func positionsAreInBaseUnitsAtTheEnginesMark() async throws {
        try await withSimulatedMarket { bench in
            let positions = try value(await accounts(bench).positions())
            #expect(positions.map(\.symbol) == ["BTC_USDT", "ETH_USDT"])
            #expect(positions.map(\.side) == [.long, .short])
            #expect(positions.map(\.size) == [Decimal(string: "0.15"), 2])  // 1500 × 0.0001 BTC, 200 × 0.01 ETH
            #expect(positions.map(\.entryPrice) == [95_000, 3_600])
            #expect(positions.map(\.leverage) == [10, 5])
            #expect(positions.map(\.liquidationPrice) == [86_450, 4_248])
            let btcMark = try #require(await bench.exchanges.market("BTC", on: "mexc")).markPrice
            #expect(near(positions[0].markPrice, MEXCAccountTestsSupport.decimal(btcMark), 0.0001))
            let (btcPnL, ethPnL) = try await unrealised(bench)
            #expect(near(positions[0].unrealizedPnl, btcPnL, 0.0001))
            #expect(near(positions[1].unrealizedPnl, ethPnL, 0.0001))
            #expect(near(positions[0].notional, positions[0].size * positions[0].markPrice))
        }
    }

    @Test func pnlIsTheContractAccountsSinceAPointInTime() async throws {
        try await withSimulatedMarket { bench in
            let day = SimulatorBench.frozenTime - 86_400_000
            let today = try value(await accounts(bench).pnl(since: day))
            #expect(today.realized == 80)  // closing PnL, without its fee and funding
            #expect(today.commissions == Decimal(string: "-2.5"))
            #expect(today.funding == Decimal(string: "-0.85"))  // −1.25 and +0.4
            let (btcPnL, ethPnL) = try await unrealised(bench)
            #expect(near(today.unrealized, btcPnL + ethPnL, 0.0001))
            let week = try value(await accounts(bench).pnl(since: SimulatorBench.frozenTime - 7 * 86_400_000))
            #expect(week.realized == 60 && week.commissions == Decimal(string: "-3.5"))
            #expect(week.funding == Decimal(string: "-3.85"))
        }
    }

    @Test func documentedBodiesAreRead() async throws {
        try await withSimulatedMarket { bench in
            // Recorded bodies are answered before any signature check.
            await bench.exchanges.record(try RecordedBody.text("mexc/spot_account_doc.json"), at: "/api/v3/account")
            await bench.exchanges.record(
                try RecordedBody.text("mexc/futures_account_assets_doc.json"), at: "/api/v1/private/account/assets")
            await bench.exchanges.record(
                try RecordedBody.text("mexc/futures_open_positions_doc.json"),
                at: "/api/v1/private/position/open_positions")
            await bench.exchanges.record(
                try RecordedBody.text("mexc/futures_history_positions_doc.json"),
                at: "/api/v1/private/position/list/history_positions")
            await bench.exchanges.record(
                try RecordedBody.text("mexc/futures_funding_records_doc.json"),
                at: "/api/v1/private/position/funding_records")
            let service = accounts(bench)

            let balance = try value(await service.balances())
            // No prices for the docs' test coins: kept, with an unknown value.
            #expect(Set(balance.assets.map(\.asset)) == ["NBNTEST", "MAIN"])
            let nbn = try #require(balance.assets.first { $0.asset == "NBNTEST" })
            #expect(nbn.total == 1_111_111 && nbn.free == 1_111_078 && nbn.usdValue == nil)
            #expect(balance.marginBalance == Decimal(string: "0.03176562"))
            #expect(balance.availableBalance == Decimal(string: "0.03176562"))
            #expect(balance.walletBalance == Decimal(string: "0.03176562"))

            let positions = try value(await service.positions())
            let eth = try #require(positions.first)
            #expect(positions.count == 1 && eth.symbol == "ETH_USDT" && eth.side == .long)
            #expect(eth.size == Decimal(string: "0.01"))  // one contract of 0.01 ETH
            #expect(eth.entryPrice == Decimal(string: "1217.3") && eth.leverage == 100)
            #expect(eth.liquidationPrice == Decimal(string: "1211.2"))
            let mark = try #require(await bench.exchanges.market("ETH", on: "mexc")).markPrice
            #expect(near(eth.unrealizedPnl, Decimal((mark - 1217.3) * 0.01), 0.0001))

            // The history example is a type template (zeros, empty times): nothing realised.
            let pnl = try value(await service.pnl(since: 0))
            #expect(pnl.realized == 0 && pnl.commissions == 0)
            #expect(pnl.funding == Decimal(string: "0.1523106"))  // 0.0837798 + 0.0685308
        }
    }

    @Test func wrongSecretGetsMEXCsOwnErrorAndNotTheSecret() async throws {
        try await withSimulatedMarket { bench in
            let wrong = accounts(bench, ExchangeCredentials(apiKey: Self.keys.apiKey, secret: "not-the-secret"))
            let spot = try #require(failure(await wrong.balances()))
            #expect(spot.description == "MEXC refused the request (700002: Signature for this request is not valid.)")
            let contract = try #require(failure(await wrong.positions()))
            #expect(contract.description == "MEXC refused the request (602: Signature verification failed!)")
            for message in [spot.description, contract.description] { #expect(!message.contains("not-the-secret")) }

            let unknown = accounts(bench, ExchangeCredentials(apiKey: "unknown-key", secret: Self.keys.secret))
            #expect(try #require(failure(await unknown.balances())).description.contains("(10072: "))
            #expect(try #require(failure(await unknown.positions())).description.contains("(401: "))
        }
    }

    @Test func clockSkewIsResynchronisedOncePerAPI() async throws {
        try await withSimulatedMarket { bench in
            await bench.exchanges.setClockSkew(20_000)  // MEXC runs 20 s ahead
            let service = accounts(bench)
            let balance = try value(await service.balances())
            #expect(balance.availableBalance == 1500)
            #expect(await bench.exchanges.requests("mexc", path: "/api/v3/time") == 1)
            // Each API refused once (700003, 513), then accepted the re-signed request.
            #expect(await bench.exchanges.requests("mexc", path: "/api/v3/account") == 2)
            #expect(await bench.exchanges.requests("mexc", path: "/api/v1/contract/ping") == 1)
            #expect(await bench.exchanges.requests("mexc", path: "/api/v1/private/account/assets") == 2)
            // Learnt once: the next reads are signed with the exchange's time straight away.
            _ = try value(await service.positions())
            _ = try value(await service.balances())
            #expect(await bench.exchanges.requests("mexc", path: "/api/v3/time") == 1)
            #expect(await bench.exchanges.requests("mexc", path: "/api/v1/contract/ping") == 1)
            #expect(await bench.exchanges.requests("mexc", path: "/api/v1/private/position/open_positions") == 1)
        }
    }

    /// The simulator's refusals are MEXC's recorded bodies, byte for byte.
    @Test func simulatorRefusesWithMEXCsRecordedBodies() async throws {
        try await withSimulatedMarket { bench in
            func get(_ path: String, _ headers: [(String, String)]) async throws -> (Int, String) {
                var request = HTTPClientRequest(url: bench.url + path)
                for (name, value) in headers { request.headers.add(name: name, value: value) }
                let response = try await bench.http.execute(request, timeout: .seconds(5))
                let body = try await response.body.collect(upTo: 1 << 16)
                return (Int(response.status.code), String(buffer: body))
            }
            func recorded(_ name: String) throws -> String {
                try RecordedBody.text("mexc/" + name).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let key = Self.keys.apiKey
            // Read before each request: a loaded machine can take seconds between them, and
            // the accepted one must be inside MEXC's 10 s window.
            var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
            let spotQuery = "recvWindow=5000&timestamp=\(now)"
            let badSignature = try await get(
                "/mexc/api/v3/account?\(spotQuery)&signature=00", [("X-MEXC-APIKEY", key)])
            #expect(badSignature == (400, try recorded("spot_error_700002_signature_real.json")))
            let stale = "recvWindow=5000&timestamp=\(now - 60_000)"
            let signed = RequestSigner.mexcSpot(payload: stale, secret: Self.keys.secret)
            let late = try await get("/mexc/api/v3/account?\(stale)&signature=\(signed)", [("X-MEXC-APIKEY", key)])
            #expect(late == (400, try recorded("spot_error_700003_recvwindow_400_real.json")))

            let path = "/api/v1/private/account/assets"
            let wrong = try await get(path, [("ApiKey", key), ("Request-Time", "\(now)"), ("Signature", "00")])
            #expect(wrong == (200, try recorded("futures_error_602_signature_real.json")))
            let old = now - 60_000
            let signature = RequestSigner.mexcContract(
                accessKey: key, requestTime: old, parameters: "", secret: Self.keys.secret)
            let expired = try await get(
                path, [("ApiKey", key), ("Request-Time", "\(old)"), ("Signature", signature)])
            #expect(expired == (200, try recorded("futures_error_513_request_time_docderived.json")))
            let stamp = now
            let accepted = RequestSigner.mexcContract(
                accessKey: key, requestTime: stamp, parameters: "", secret: Self.keys.secret)
            let (status, body) = try await get(
                path, [("ApiKey", key), ("Request-Time", "\(stamp)"), ("Signature", accepted)])
            #expect(status == 200 && body.hasPrefix(#"{"success":true,"code":0,"data":["#))
        }
    }
}

enum MEXCAccountTestsSupport {
    /// A model price as the decimal the simulator wrote.
    static func decimal(_ value: Double) -> Decimal { Decimal(string: String(format: "%.8f", value))! }
}
