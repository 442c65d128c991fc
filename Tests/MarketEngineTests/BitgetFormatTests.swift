import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import Testing

/// Bitget v2 bodies as Bitget documents or sent them (`Fixtures/bitget`, see its README),
/// read by the adapter through its gateway from memory (`withRecordedMarket`, no socket):
/// every field the adapter keeps; then the simulator's Bitget, live.
@Suite(.serialized) struct BitgetFormatTests {
    static let spotBTC = Instrument(exchange: .bitget, market: .spot, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let perpBTC = Instrument(exchange: .bitget, market: .perp, symbol: "BTCUSDT", base: "BTC", quote: "USDT")

    func body(_ name: String) throws -> String { try RecordedBody.text("bitget/" + name) }

    @Test func spotSymbolsKeepOnlineOnes() async throws {
        try await withRecordedMarket { market in
            let text = try body("spot_symbols_doc.json")
            await market.exchanges.record(text, at: "/api/v2/spot/public/symbols")
            let adapter = market.engine.adapter(.bitget)
            #expect(try await adapter.instruments(.spot) == [Self.spotBTC])
            // The same listing halted is not offered.
            await market.exchanges.record(
                text.replacingOccurrences(of: #""status": "online""#, with: #""status": "halt""#),
                at: "/api/v2/spot/public/symbols")
            #expect(try await adapter.instruments(.spot).isEmpty)
        }
    }

    @Test func contractsArePerpetualsInBaseCoin() async throws {
        try await withRecordedMarket { market in
            let text = try body("futures_contracts_doc.json")
            await market.exchanges.record(text, at: "/api/v2/mix/market/contracts")
            let adapter = market.engine.adapter(.bitget)
            let instruments = try await adapter.instruments(.perp)
            #expect(instruments == [Self.perpBTC])
            #expect(instruments.first?.contractValue == 1)
            await market.exchanges.record(
                text.replacingOccurrences(of: #""symbolType": "perpetual""#, with: #""symbolType": "delivery""#),
                at: "/api/v2/mix/market/contracts")
            #expect(try await adapter.instruments(.perp).isEmpty)
        }
    }

    @Test func spotTickerChangeIsAFraction() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try body("spot_tickers_doc.json"), at: "/api/v2/spot/market/tickers")
            let ticker = try await market.engine.adapter(.bitget).ticker(Self.spotBTC)
            #expect(ticker.last == 34413.1)
            #expect(close(ticker.changePercent, 0.069))  // "change24h": "0.00069"
            #expect(ticker.high == 37775.65 && ticker.low == 34413.1)
            #expect(ticker.baseVolume == 0 && ticker.quoteVolume == 0)
            #expect(ticker.time == 1_625_125_755_277)
            #expect(ticker.instrument == Self.spotBTC)
        }
    }

    @Test func perpTickersSkipUnknownSymbols() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try body("futures_tickers_doc.json"), at: "/api/v2/mix/market/tickers")
            let coin = Instrument(exchange: .bitget, market: .perp, symbol: "BTCUSD", base: "BTC", quote: "USD")
            let tickers = try await market.engine.adapter(.bitget).tickers(.perp, instruments: ["BTCUSD": coin])
            #expect(tickers.count == 1)  // the dated ETHUSD_231229 is not an instrument
            let ticker = try #require(tickers.first)
            #expect(ticker.instrument == coin)
            #expect(ticker.last == 29904.5 && ticker.changePercent == 0)
            #expect(ticker.time == 1_695_794_271_400)
        }
    }

    @Test func perpTickerTakesTheSingleTicker() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try body("futures_ticker_single_doc.json"), at: "/api/v2/mix/market/ticker")
            let ticker = try await market.engine.adapter(.bitget).ticker(Self.perpBTC)
            #expect(ticker.last == 1829.3 && ticker.changePercent == 0 && ticker.time == 1_695_794_098_184)
            #expect(ticker.baseVolume == 0 && ticker.quoteVolume == 0 && ticker.high == 0)
        }
    }

    @Test func fundingTakesMarkIndexAndNextPayment() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try body("futures_symbol_price_doc.json"), at: "/api/v2/mix/market/symbol-price")
            await market.exchanges.record(
                try body("futures_current_fund_rate_doc.json"), at: "/api/v2/mix/market/current-fund-rate")
            let funding = try await market.engine.adapter(.bitget).perpTicker(Self.perpBTC)
            #expect(funding.markPrice == 25555 && funding.indexPrice == 34867)
            #expect(funding.fundingRate == 0.000068)
            #expect(funding.nextFundingTime == 1_743_062_400_000)
            #expect(funding.fundingIntervalHours == 8)
            #expect(funding.time == 1_695_793_390_482)
            // Two requests: no single endpoint has both the mark and the next payment.
            #expect(await market.exchanges.requests("bitget") == 2)
        }
    }

    @Test func spotCandlesHaveEightColumns() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try body("spot_candles_doc.json"), at: "/api/v2/spot/market/candles")
            let candles = try await market.engine.adapter(.bitget).candles(Self.spotBTC, interval: .m1, limit: 2)
            let expected = Candle(
                openTime: 1_656_604_800_000, open: 37834.5, high: 37849.5, low: 37773.5, close: 37773.5,
                volume: 428.3462, quoteVolume: 16198849.1079, takerBuyVolume: nil, isClosed: true)
            var forming = expected
            forming.isClosed = false
            #expect(candles == [expected, forming])
        }
    }

    @Test func perpCandlesHaveSevenColumns() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try body("futures_candles_doc.json"), at: "/api/v2/mix/market/candles")
            let candles = try await market.engine.adapter(.bitget).candles(Self.perpBTC, interval: .m5, limit: 2)
            #expect(
                candles == [
                    Candle(
                        openTime: 1_695_835_800_000, open: 26210.5, high: 26210.5, low: 26194.5, close: 26194.5,
                        volume: 26.26, quoteVolume: 687897.63, takerBuyVolume: nil, isClosed: true),
                    Candle(
                        openTime: 1_695_836_100_000, open: 26194.5, high: 26194.5, low: 26171, close: 26171,
                        volume: 17.98, quoteVolume: 470618.72, takerBuyVolume: nil, isClosed: false),
                ])
        }
    }

    @Test func tradesComeBackOldestFirst() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try body("spot_fills_doc.json"), at: "/api/v2/spot/market/fills")
            await market.exchanges.record(try body("futures_fills_doc.json"), at: "/api/v2/mix/market/fills")
            let adapter = market.engine.adapter(.bitget)
            #expect(
                try await adapter.trades(Self.spotBTC, limit: 2) == [
                    Trade(price: 2.38649, size: 3239.7976, takerSide: .sell, time: 1_622_097_280_642),
                    Trade(price: 2.38735, size: 2470.6224, takerSide: .buy, time: 1_622_097_282_536),
                ])
            #expect(
                try await adapter.trades(Self.perpBTC, limit: 2) == [
                    Trade(price: 30007.0, size: 0.0166, takerSide: .buy, time: 1_627_116_600_875),
                    Trade(price: 29990.5, size: 0.0166, takerSide: .sell, time: 1_627_116_776_464),
                ])
        }
    }

    @Test func signatureVectors() {
        // Facts file, section 7: the first two recomputed with Python and asserted by an
        // independent implementation; the last two the docs' own prehash strings.
        #expect(
            RequestSigner.bitget(
                timestamp: 1_659_927_630_000, method: "GET",
                requestPath: "/api/mix/v2/market/depth?limit=20&symbol=BTCUSDT", body: "", secret: "testsecret")
                == "BUbassOUwHdAjeOFu8D5FZfp4i2JGYCsS9yBvRLaC0U=")
        #expect(
            RequestSigner.bitget(
                timestamp: 1_659_927_630_000, method: "GET", requestPath: "/user/verify", body: "",
                secret: "testsecret") == "ReLoBF0dP2l8UDnVe5VABcut6c7GGb+QFkEZ/KeNw8k=")
        #expect(
            RequestSigner.bitget(
                timestamp: 16_273_667_805_456, method: "get",
                requestPath: "/api/mix/v2/market/depth?limit=20&symbol=BTCUSDT", body: "", secret: "testsecret")
                == "c9J4Ai+6fRXR4bn51JL8oByuPLlos8gV4RPN5g1GAd0=")
        #expect(
            RequestSigner.bitget(
                timestamp: 16_273_667_805_456, method: "POST", requestPath: "/api/v2/mix/order/place-order",
                body:
                    #"{"productType":"usdt-futures","symbol":"BTCUSDT","size":"8","marginMode":"crossed","side":"buy","orderType":"limit","clientOid":"channel#123456"}"#,
                secret: "testsecret") == "QRxMKPR0zy71CQSqaOxpp8EoN1ftTRnPhtWsjxJr1IY=")
    }
}
