import AssistantTesting
import Foundation
import MarketSimulator
import Testing

@testable import AssistantCore
@testable import MarketEngine

/// What position alerts read: the sums over the open positions, and the signed reads behind
/// them made once an interval however many alerts ask.
@Suite struct PositionWatchTests {
    static func position(
        _ exchange: Exchange, _ symbol: String, _ side: Position.Side, notional: Decimal, mark: Decimal,
        liquidation: Decimal?, pnl: Decimal
    ) -> Position {
        Position(
            exchange: exchange, symbol: symbol, side: side, size: 1, notional: notional, entryPrice: mark,
            markPrice: mark, liquidationPrice: liquidation, leverage: 10, unrealizedPnl: pnl, roePercent: 0)
    }

    static func close(_ a: Double?, _ b: Double, within tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    @Test func sumsPnLFundingAndFindsTheNearestLiquidation() {
        let positions = [
            Self.position(.binance, "BTCUSDT", .long, notional: 10_000, mark: 100_000, liquidation: 90_000, pnl: 150.5),
            // OKX's notional comes signed on some answers: only its size counts.
            Self.position(
                .okx, "BTC-USDT-SWAP", .short, notional: -5_000, mark: 100_000, liquidation: 104_000, pnl: -20.25),
            Self.position(.gate, "ETH_USDT", .short, notional: 3_000, mark: 3_000, liquidation: nil, pnl: 10),
            // No funding rate could be read for it: it pays nothing.
            Self.position(.bybit, "SOLUSDT", .long, notional: 2_000, mark: 200, liquidation: 150, pnl: -5),
        ]
        let rates = [
            PositionWatch.fundingKey(.binance, base: "BTC"): 0.0001,
            PositionWatch.fundingKey(.okx, base: "BTC"): 0.0002,
            PositionWatch.fundingKey(.gate, base: "ETH"): -0.0003,
        ]
        let reading = PositionWatch.reading(of: positions, fundingRates: rates)
        #expect(reading.positions == 4)
        #expect(reading.pnl == 135.25)
        // The long pays 10,000 × 0.01 % = 1; the short is paid 5,000 × 0.02 % = 1; the short
        // pays 3,000 × 0.03 % = 0.9 on a negative rate.
        #expect(Self.close(reading.fundingCost, 0.9), "\(reading.fundingCost)")
        // 4 % from the OKX short against 10 % and 25 %; the Gate position has no liquidation price.
        #expect(Self.close(reading.liquidationDistancePercent, 4))
        #expect(
            reading.nearest
                == PositionWatch.Reading.Nearest(
                    exchange: .okx, symbol: "BTC-USDT-SWAP", side: .short, markPrice: 100_000,
                    liquidationPrice: 104_000))
    }

    @Test func noPositionsReadNothingNear() {
        let reading = PositionWatch.reading(of: [], fundingRates: [:])
        #expect(
            reading
                == PositionWatch.Reading(
                    liquidationDistancePercent: nil, nearest: nil, pnl: 0, fundingCost: 0, positions: 0))
        let noLiquidation = PositionWatch.reading(
            of: [Self.position(.binance, "BTCUSDT", .long, notional: 100, mark: 100, liquidation: nil, pnl: 0)],
            fundingRates: [:])
        #expect(noLiquidation.liquidationDistancePercent == nil && noLiquidation.nearest == nil)
        #expect(noLiquidation.positions == 1)
    }

    @Test func everyAdaptersSymbolGivesItsBase() {
        #expect(PositionWatch.base(of: "BTCUSDT") == "BTC")  // Binance, Bybit, Bitget
        #expect(PositionWatch.base(of: "BTC-USDT-SWAP") == "BTC")  // OKX
        #expect(PositionWatch.base(of: "BTC_USDT") == "BTC")  // Gate, MEXC
        #expect(PositionWatch.base(of: "1000PEPEUSDT") == "1000PEPE")
        #expect(PositionWatch.base(of: "ETHUSDC") == "ETH")
    }

    @Test func withoutKeysThereIsNoReading() async {
        let engine = MarketEngine.fixed([])
        #expect(await PositionWatch(account: nil, engine: engine).reading() == nil)
        let unconfigured = AccountService(engine: engine, credentials: [:])
        #expect(await PositionWatch(account: unconfigured, engine: engine).reading() == nil)
    }

    static let keys: [Exchange: ExchangeCredentials] = [
        .binance: ExchangeCredentials(
            apiKey: SimulatedAccounts.binance.apiKey, secret: SimulatedAccounts.binance.secret),
        // A wrong secret: Bybit refuses every read, and the others still count.
        .bybit: ExchangeCredentials(apiKey: SimulatedAccounts.bybit.apiKey, secret: "not-the-secret"),
        .okx: ExchangeCredentials(
            apiKey: SimulatedAccounts.okx.apiKey, secret: SimulatedAccounts.okx.secret,
            passphrase: SimulatedAccounts.okx.passphrase),
    ]

    /// Against the simulator's signed endpoints, on a clock the test moves: the same reading
    /// for every caller within the interval, one signed read per exchange however many ask.
    @Test func readsTheAccountsOnceAnIntervalForEveryCaller() async throws {
        // The wall clock starts at the real time: the simulator checks signatures' timestamps
        // against its own.
        let clock = TestClock(epochMilliseconds: AppClock.system.wallMilliseconds)
        let market = await AssistantTesting.SimulatedMarket.start(clock: clock.appClock)
        /// Keeps the exchanges' clocks with the test's, which moves only when told.
        func skew() async {
            // Signatures checked against the test clock itself (a skew from the real clock
            // drifts while a loaded machine runs the suite).
            await market.exchanges.setClock { clock.wallMilliseconds }
        }
        do {
            let service = AccountService(engine: market.engine, credentials: Self.keys)
            let watch = PositionWatch(account: service, engine: market.engine, interval: .seconds(60))
            /// Signed position reads made so far: Binance's, OKX's.
            func signedReads() async -> [Int] {
                [
                    await market.exchanges.requests("binance", path: "/fapi/v2/positionRisk"),
                    await market.exchanges.requests("okx", path: "/api/v5/account/positions"),
                ]
            }

            await skew()
            let first = try #require(await watch.reading())
            #expect(first.positions == 3, "Binance's BTC long and ETH short, OKX's BTC long; Bybit failed")
            #expect(await signedReads() == [1, 1])
            clock.advance(by: .seconds(59))
            #expect(await watch.reading() == first)
            #expect(await signedReads() == [1, 1], "within the interval: no request")

            clock.advance(by: .seconds(2))
            await skew()
            async let one = watch.reading()
            async let two = watch.reading()
            let (a, b) = await (one, two)
            #expect(a == b && a == first, "frozen market: the same numbers")
            #expect(await signedReads() == [2, 2], "two callers, one read")

            // The numbers are those of the positions themselves.
            var positions: [Position] = []
            for (exchange, outcome) in await service.positions() {
                switch outcome {
                case .value(let open): positions += open
                case .failed: #expect(exchange == .bybit)
                case .notConfigured: break
                }
            }
            let pnl = positions.reduce(0.0) { $0 + AccountFormatting.double($1.unrealizedPnl) }
            #expect(Self.close(first.pnl, pnl, within: 1e-6))
            var funding = 0.0
            for position in positions {
                let simulated = try #require(
                    await market.exchanges.market(
                        PositionWatch.base(of: position.symbol), on: position.exchange.rawValue))
                let notional = abs(AccountFormatting.double(position.notional))
                funding += (position.side == .long ? 1 : -1) * notional * simulated.fundingRate
            }
            #expect(Self.close(first.fundingCost, funding, within: 0.01), "\(first.fundingCost) against \(funding)")
            let distances = positions.compactMap { position -> (distance: Double, position: Position)? in
                guard let liquidation = position.liquidationPrice.map(AccountFormatting.double) else { return nil }
                let mark = AccountFormatting.double(position.markPrice)
                return (abs(mark - liquidation) / mark * 100, position)
            }
            let expected = try #require(distances.min { $0.distance < $1.distance })
            #expect(Self.close(first.liquidationDistancePercent, expected.distance))
            #expect(
                first.nearest?.exchange == expected.position.exchange
                    && first.nearest?.symbol == expected.position.symbol
                    && first.nearest?.side == expected.position.side)
        } catch {
            try? await market.stop()
            throw error
        }
        try await market.stop()
    }
}
