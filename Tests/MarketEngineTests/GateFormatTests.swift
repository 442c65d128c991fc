import AssistantTesting
import MarketEngine
import MarketSimulator
import Testing

/// Gate API v4 bodies as Gate documents or sent them (`Fixtures/gate/`, provenance in its
/// README), read by the Gate adapter through its gateway from memory (`withRecordedMarket`,
/// no socket); the rate-limit answers and the simulator's own Gate format against its
/// model run against the simulator.
@Suite(.serialized) struct GateFormatTests {
    static let spot = Instrument(exchange: .gate, market: .spot, symbol: "BTC_USDT", base: "BTC", quote: "USDT")
    static let perp = Instrument(
        exchange: .gate, market: .perp, symbol: "BTC_USDT", base: "BTC", quote: "USDT", contractValue: 0.0001)

    // MARK: Recorded bodies

    @Test func spotPairsKeepTheTradableOnes() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("gate/spot_currency_pairs_doc.json"), at: "/api/v4/spot/currency_pairs")
            let pairs = try await market.engine.adapter(.gate).instruments(.spot)
            #expect(
                pairs == [Instrument(exchange: .gate, market: .spot, symbol: "ETH_USDT", base: "ETH", quote: "USDT")])

            // Built here from the doc's shape: a pair Gate has stopped trading.
            await market.exchanges.record(
                #"[{"id":"OLD_USDT","base":"OLD","quote":"USDT","trade_status":"untradable"},{"id":"ETH_BTC","base":"ETH","quote":"BTC","trade_status":"tradable"}]"#,
                at: "/api/v4/spot/currency_pairs")
            #expect(try await market.engine.adapter(.gate).instruments(.spot).map(\.symbol) == ["ETH_BTC"])
        }
    }

    @Test(arguments: ["gate/futures_contracts_doc.json", "gate/futures_contracts_doc_legacy_int.json"])
    func contractsCarryTheirMultiplier(fixture: String) async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try RecordedBody.text(fixture), at: "/api/v4/futures/usdt/contracts")
            let contracts = try await market.engine.adapter(.gate).instruments(.perp)
            #expect(contracts == [Self.perp])
        }
    }

    @Test func delistingContractsAreLeftOut() async throws {
        try await withRecordedMarket { market in
            // Built here from the doc's fields: one contract on its way out, one live.
            await market.exchanges.record(
                #"[{"name":"OLD_USDT","quanto_multiplier":"1","in_delisting":true,"status":"delisting"},{"name":"GONE_USDT","quanto_multiplier":"1","in_delisting":false,"status":"delisted"},{"name":"ETH_USDT","quanto_multiplier":"0.01","in_delisting":false,"status":"trading"}]"#,
                at: "/api/v4/futures/usdt/contracts")
            let contracts = try await market.engine.adapter(.gate).instruments(.perp)
            #expect(contracts.map(\.symbol) == ["ETH_USDT"])
            #expect(contracts.first?.contractValue == 0.01)
        }
    }

    @Test func spotTickerChangeIsAlreadyPercent() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("gate/spot_tickers_doc.json"), at: "/api/v4/spot/tickers")
            let etf = Instrument(exchange: .gate, market: .spot, symbol: "BTC3L_USDT", base: "BTC3L", quote: "USDT")
            let adapter = market.engine.adapter(.gate)
            let ticker = try await adapter.ticker(etf)
            #expect(ticker.last == 2.46140352)
            #expect(ticker.changePercent == -8.91)
            #expect(ticker.high == 2.7431 && ticker.low == 1.9863)
            #expect(ticker.baseVolume == 656614.0845820589)
            #expect(close(ticker.quoteVolume, 1602221.66468375534639404191))
            let all = try await adapter.tickers(.spot, instruments: ["BTC3L_USDT": etf])
            #expect(all == [all[0]] && all[0].last == ticker.last)
            #expect(try await adapter.tickers(.spot, instruments: [:]).isEmpty)  // unknown symbols skipped
        }
    }

    @Test func futuresTickerAndOpenInterestInContracts() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("gate/futures_tickers_doc.json"), at: "/api/v4/futures/usdt/tickers")
            let adapter = market.engine.adapter(.gate)
            let ticker = try await adapter.ticker(Self.perp)
            #expect(ticker.last == 6432 && ticker.changePercent == 4.43)
            #expect(ticker.high == 6790 && ticker.low == 6278)
            #expect(ticker.baseVolume == 28_613_220 && ticker.quoteVolume == 184_040_233_284)
            let interest = try await adapter.openInterest(Self.perp)
            #expect(close(interest.base, 32_323_904 * 0.0001))  // total_size is contracts
            #expect(close(interest.usd, 32_323_904 * 0.0001 * 6534))  // at the mark, not the last
            #expect(try await adapter.tickers(.perp, instruments: ["BTC_USDT": Self.perp]).count == 1)
        }
    }

    @Test func fundingComesFromTheContractInOneRequest() async throws {
        try await withRecordedMarket { market in
            // The list's only element: the one-contract path answers that object alone.
            let list = try RecordedBody.text("gate/futures_contracts_doc.json")
            let start = try #require(list.firstIndex(of: "{"))
            let end = try #require(list.lastIndex(of: "}"))
            let body = String(list[start...end])
            await market.exchanges.record(body, at: "/api/v4/futures/usdt/contracts/BTC_USDT")
            let funding = try await market.engine.adapter(.gate).perpTicker(Self.perp)
            #expect(funding.markPrice == 37985.6 && funding.indexPrice == 37954.92)
            #expect(funding.fundingRate == 0.002053)
            #expect(funding.nextFundingTime == 1_610_035_200_000)  // seconds on the wire
            #expect(funding.fundingIntervalHours == 8)  // 28800 s
            #expect(await market.exchanges.requests("gate") == 1)
        }
    }

    @Test func spotCandleColumnsCloseBeforeHighLowOpen() async throws {
        try await withRecordedMarket { market in
            let adapter = market.engine.adapter(.gate)
            // The doc's seven-cell row: no base volume, closed flag last.
            await market.exchanges.record(
                try RecordedBody.text("gate/spot_candlesticks_doc.json"), at: "/api/v4/spot/candlesticks")
            let doc = try #require(try await adapter.candles(Self.spot, interval: .m1, limit: 1).first)
            #expect(doc.openTime == 1_539_852_480_000)
            #expect(doc.quoteVolume == 971519.677)
            #expect(doc.close == 0.0021724 && doc.high == 0.0021922 && doc.low == 0.0021724 && doc.open == 0.0021737)
            #expect(close(doc.volume, 971519.677 / ((0.0021922 + 0.0021724 + 0.0021724) / 3)))
            #expect(doc.isClosed && doc.takerBuyVolume == nil)

            // Built here: the eight documented cells, the newer bar still forming.
            await market.exchanges.record(
                #"[["1539852540","20.5","101","105","99","100","0.2","false"],["1539852480","30","100","102","97","98","0.3","true"]]"#,
                at: "/api/v4/spot/candlesticks")
            let rows = try await adapter.candles(Self.spot, interval: .m1, limit: 2)
            #expect(rows.map(\.openTime) == [1_539_852_480_000, 1_539_852_540_000])
            #expect(rows[1].open == 100 && rows[1].high == 105 && rows[1].low == 99 && rows[1].close == 101)
            #expect(rows[1].volume == 0.2 && rows[1].quoteVolume == 20.5)
            #expect(rows.map(\.isClosed) == [true, false])
        }
    }

    @Test(arguments: ["gate/futures_candlesticks_doc.json", "gate/futures_candlesticks_doc_legacy_int.json"])
    func futuresCandleVolumeIsContracts(fixture: String) async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try RecordedBody.text(fixture), at: "/api/v4/futures/usdt/candlesticks")
            let candles = try await market.engine.adapter(.gate).candles(Self.perp, interval: .m1, limit: 1)
            let bar = try #require(candles.first)
            #expect(candles.count == 1)
            #expect(bar.openTime == 1_539_852_480_000)
            #expect(bar.open == 1.032 && bar.high == 1.032 && bar.low == 1.032 && bar.close == 1.032)
            #expect(close(bar.volume, 97151 * 0.0001))
            #expect(bar.quoteVolume == 3580)  // `sum`
            #expect(!bar.isClosed)  // the last bar asked for is the one forming
        }
    }

    @Test func spotTradesAreTheTakersSideWithExactTimes() async throws {
        try await withRecordedMarket { market in
            let adapter = market.engine.adapter(.gate)
            await market.exchanges.record(try RecordedBody.text("gate/spot_trades_doc.json"), at: "/api/v4/spot/trades")
            let trades = try await adapter.trades(Self.spot, limit: 10)
            #expect(trades == [Trade(price: 0.03, size: 0.15, takerSide: .buy, time: 1_548_000_000_123)])

            // Built here: seconds as a string with a fraction, no `create_time_ms`, newest first.
            await market.exchanges.record(
                #"[{"id":"2","create_time":"1548000001.5","side":"sell","amount":"1","price":"2"},{"id":"1","create_time":"1548000000.285","side":"buy","amount":"3","price":"4"}]"#,
                at: "/api/v4/spot/trades")
            let parsed = try await adapter.trades(Self.spot, limit: 10)
            #expect(parsed.map(\.time) == [1_548_000_000_285, 1_548_000_001_500])
            #expect(parsed.map(\.takerSide) == [.buy, .sell])
        }
    }

    @Test(arguments: ["gate/futures_trades_doc.json", "gate/futures_trades_doc_legacy_int.json"])
    func futuresTradeSizeIsSignedContracts(fixture: String) async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try RecordedBody.text(fixture), at: "/api/v4/futures/usdt/trades")
            let trades = try await market.engine.adapter(.gate).trades(Self.perp, limit: 10)
            #expect(trades.count == 1)
            let trade = try #require(trades.first)
            #expect(trade.takerSide == .sell)  // size -100: the taker sold
            #expect(close(trade.size, 100 * 0.0001))
            #expect(trade.price == 100.123 && trade.time == 1_514_764_800_000)
        }
    }

    @Test(arguments: ["gate/futures_contract_stats_doc.json", "gate/futures_contract_stats_doc_legacy_int.json"])
    func openInterestHistoryInContracts(fixture: String) async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try RecordedBody.text(fixture), at: "/api/v4/futures/usdt/contract_stats")
            let adapter = market.engine.adapter(.gate)
            #expect(adapter.hasOpenInterestHistory)
            let points = try await adapter.openInterestHistory(Self.perp, period: .h1, limit: 1)
            #expect(points.count == 1)
            let point = try #require(points.first)
            #expect(point.time == 1_603_865_400_000)
            #expect(close(point.base, 124_724 * 0.0001))
            #expect(point.usd == 1511)
        }
    }

    @Test func errorsWithAndWithoutAMessageAreRejections() async throws {
        try await withRecordedMarket { market in
            let adapter = market.engine.adapter(.gate)
            await market.exchanges.record(
                try RecordedBody.text("gate/error_INVALID_CURRENCY_PAIR_docderived.json"), status: 400,
                at: "/api/v4/spot/tickers")
            await #expect(
                throws: MarketFailure.rejected(.gate, code: "INVALID_CURRENCY_PAIR", message: "Invalid currency pair")
            ) {
                try await adapter.ticker(Self.spot)
            }
            await market.exchanges.record(
                try RecordedBody.text("gate/error_CONTRACT_NOT_FOUND_real.json"), status: 400,
                at: "/api/v4/futures/usdt/tickers")
            do {
                _ = try await adapter.openInterest(Self.perp)
                Issue.record("a 400 was accepted")
            } catch let failure as MarketFailure {
                #expect(failure == .rejected(.gate, code: "CONTRACT_NOT_FOUND", message: "contract not found"))
                #expect(failure.description == "Gate refused the request (CONTRACT_NOT_FOUND: contract not found)")
            }
        }
    }
}
