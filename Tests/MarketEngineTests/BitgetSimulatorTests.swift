import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import Testing

/// Bitget's side that needs the simulator: its own answers mixed with recorded bodies, the
/// rate-limit answers against a real clock of requests, and the simulator's Bitget format
/// against its model. The recorded bodies alone are `BitgetFormatTests`, in memory.
@Suite(.serialized) struct BitgetSimulatorTests {
    func body(_ name: String) throws -> String { try RecordedBody.text("bitget/" + name) }

    /// The simulator answers "Buy"/"Sell" as live Bitget does, and refuses a limit above the
    /// documented maximum (500 spot, 100 mix), so both the side's case and the clamp show.
    @Test func liveSidesAndLimitsAgainstTheSimulator() async throws {
        try await withSimulatedMarket { market in
            let adapter = market.engine.adapter(.bitget)
            for (instrument, maximum) in [(BitgetFormatTests.spotBTC, 500), (BitgetFormatTests.perpBTC, 100)] {
                let trades = try await adapter.trades(instrument, limit: 1000)
                #expect(trades.count == maximum)
                let model = SimulatedUniverse().on("bitget").trades(
                    "BTC", count: maximum, at: SimulatorBench.frozenTime, perp: instrument.market == .perp)
                #expect(trades.map(\.takerSide) == model.map { $0.buy ? .buy : .sell })
                #expect(Set(trades.map(\.takerSide)) == [.buy, .sell])
                #expect(trades.map(\.time) == model.map(\.time))
                #expect(try await adapter.trades(instrument, limit: 7).count == 7)
            }
        }
    }

    @Test func openInterestIsBaseCoinValuedAtTheMark() async throws {
        try await withSimulatedMarket { market in
            await market.exchanges.record(
                try body("futures_open_interest_doc.json"), at: "/api/v2/mix/market/open-interest")
            await market.exchanges.record(
                try body("futures_symbol_price_doc.json"), at: "/api/v2/mix/market/symbol-price")
            let adapter = market.engine.adapter(.bitget)
            let interest = try await adapter.openInterest(BitgetFormatTests.perpBTC)
            #expect(interest.base == 34278.06)
            #expect(close(interest.usd, 34278.06 * 25555))
            #expect(interest.time == 1_695_796_781_616)
            #expect(!adapter.hasOpenInterestHistory)
            #expect(try await adapter.openInterestHistory(BitgetFormatTests.perpBTC, period: .h1, limit: 24).isEmpty)
            #expect(await market.exchanges.requests("bitget") == 2)
        }
    }

    @Test func errorEnvelopesAreBitgetsOwnWords() async throws {
        try await withSimulatedMarket { market in
            await market.exchanges.record(
                try body("error_40034_param_not_exist_real.json"), status: 400, at: "/api/v2/spot/market/tickers")
            let adapter = market.engine.adapter(.bitget)
            await #expect(
                throws: MarketFailure.rejected(
                    .bitget, code: "40034", message: "Parameter ADAUSDT_UMCBL does not exist")
            ) {
                try await adapter.ticker(BitgetFormatTests.spotBTC)
            }
            // The simulator's own answer to an unknown symbol has the same form.
            let unknown = Instrument(exchange: .bitget, market: .perp, symbol: "ZZZUSDT", base: "ZZZ", quote: "USDT")
            await #expect(
                throws: MarketFailure.rejected(.bitget, code: "40034", message: "Parameter ZZZUSDT does not exist")
            ) {
                try await adapter.ticker(unknown)
            }
        }
    }

    @Test func rateLimitCodeInABodyStopsRequests() async throws {
        // A stopped clock: the one-second ban must not run out between the checks.
        let stopped = TestClock(epochMilliseconds: AppClock.system.wallMilliseconds)
        let market = await SimulatorBench.start(limiter: RateLimitGuard(clock: stopped.appClock))
        do {
            await market.exchanges.record(
                try body("error_429_rate_limit_docderived.json"), at: "/api/v2/mix/market/tickers")
            await #expect {
                try await market.engine.adapter(.bitget).tickers(.perp, instruments: [:])
            } throws: { error in
                guard let failure = error as? MarketFailure, failure.exchange == .bitget,
                    case .rateLimited = failure.reason
                else { return false }
                return true
            }
            #expect(await market.engine.limiter.bannedUntil(.bitget) != nil)
            let calls = await market.exchanges.requests("bitget")
            _ = try? await market.engine.adapter(.bitget).instruments(.spot)
            #expect(await market.exchanges.requests("bitget") == calls)
        } catch {
            try? await market.stop()
            throw error
        }
        try await market.stop()
    }

    @Test func envelopeFaultIsRejectedNotGarbage() async throws {
        try await withSimulatedMarket { market in
            await market.exchanges.inject(.init(exchange: "bitget", kind: .envelopeError))
            await #expect(
                throws: MarketFailure.rejected(
                    .bitget, code: "40015", message: "System is abnormal, please try again later")
            ) {
                try await market.engine.adapter(.bitget).instruments(.perp)
            }
        }
    }
}
