import AssistantTesting
import MarketEngine
import MarketSimulator
import Testing

/// MEXC's bodies as the exchange sends or documents them (`Fixtures/mexc`, provenance in its
/// README), read by the adapter through its gateway from memory (`withRecordedMarket`, no
/// socket; the few that mix in the simulator's own answers run against it): fractions
/// become percent, contracts become base units, column-oriented klines in seconds become
/// candles in milliseconds, and contract errors inside an HTTP 200 are still errors.
@Suite(.serialized) struct MEXCFormatTests {
    static let spotBTC = Instrument(exchange: .mexc, market: .spot, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let perpBTC = Instrument(
        exchange: .mexc, market: .perp, symbol: "BTC_USDT", base: "BTC", quote: "USDT", contractValue: 0.0001)
    static let perpETH = Instrument(
        exchange: .mexc, market: .perp, symbol: "ETH_USDT", base: "ETH", quote: "USDT", contractValue: 0.01)

    // MARK: Spot

    @Test func spotTickerWithSymbolIsOneObjectAndItsChangeAFraction() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/spot_ticker_24hr_single_doc.json"), at: "/api/v3/ticker/24hr")
            let ticker = try await market.engine.adapter(.mexc).ticker(Self.spotBTC)
            #expect(ticker.instrument == Self.spotBTC)
            #expect(ticker.last == 46263.71)
            #expect(close(ticker.changePercent, 0.400048))  // "0.00400048" is a fraction
            #expect(ticker.high == 47550.01 && ticker.low == 45555.5)
            #expect(ticker.baseVolume == 1732.461487)
            // quoteVolume is null in the docs: estimated from base volume and last price.
            #expect(close(ticker.quoteVolume, 1732.461487 * 46263.71))
            #expect(ticker.time == 1_641_349_582_808)
        }
    }

    @Test func spotTickersWithoutSymbolAreAListAndUnknownSymbolsAreSkipped() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/spot_ticker_24hr_all_doc.json"), at: "/api/v3/ticker/24hr")
            let tickers = try await market.engine.adapter(.mexc).tickers(
                .spot, instruments: ["BTCUSDT": Self.spotBTC])
            #expect(tickers.map(\.instrument.symbol) == ["BTCUSDT"])  // ETHUSDT is not among the instruments
            #expect(close(try #require(tickers.first).changePercent, 0.400048))
            #expect(tickers.first?.baseVolume == 1732.461487)
        }
    }

    @Test func spotInstrumentsAcceptBothStatusSpellings() async throws {
        try await withRecordedMarket { market in
            // The docs show one symbol object, not the envelope; it is wrapped here, beside two
            // symbols written in the current form ("1" online, "3" offline).
            let documented = try RecordedBody.text("mexc/spot_exchange_info_symbol_doc.json")
            let online = #"{"symbol":"BTCUSDT","status":"1","baseAsset":"BTC","quoteAsset":"USDT"}"#
            let offline = #"{"symbol":"OLDUSDT","status":"3","baseAsset":"OLD","quoteAsset":"USDT"}"#
            await market.exchanges.record(
                #"{"timezone":"CST","serverTime":1641349582808,"rateLimits":[],"exchangeFilters":[],"symbols":[\#(documented),\#(online),\#(offline)]}"#,
                at: "/api/v3/exchangeInfo")
            let instruments = try await market.engine.adapter(.mexc).instruments(.spot)
            #expect(instruments.map(\.symbol) == ["TOMO3LUSDT", "BTCUSDT"])
            #expect(instruments.first?.base == "TOMO3L" && instruments.first?.quote == "USDT")
            #expect(instruments.allSatisfy { $0.market == .spot && $0.contractValue == 1 })
        }
    }

    @Test func spotKlinesHaveEightColumnsAndNoTakerVolume() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try RecordedBody.text("mexc/spot_klines_doc.json"), at: "/api/v3/klines")
            let candles = try await market.engine.adapter(.mexc).candles(Self.spotBTC, interval: .m1, limit: 1)
            #expect(
                candles == [
                    Candle(
                        openTime: 1_640_804_880_000, open: 47482.36, high: 47482.36, low: 47416.57, close: 47436.1,
                        volume: 3.550717, quoteVolume: 168387.3, takerBuyVolume: nil, isClosed: false)
                ])
        }
    }

    @Test func spotTradesTakeTheTakerSideFromIsBuyerMaker() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(try RecordedBody.text("mexc/spot_trades_doc.json"), at: "/api/v3/trades")
            let trades = try await market.engine.adapter(.mexc).trades(Self.spotBTC, limit: 10)
            // isBuyerMaker: the buyer rested on the book, so the taker sold.
            #expect(trades == [Trade(price: 23, size: 0.478468, takerSide: .sell, time: 1_640_830_579_240)])
        }
    }

    @Test func spotTooManyRequestsStopsMEXCUntilRetryAfter() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/spot_error_429_docderived.json"), status: 429,
                headers: [("Retry-After", "30")], at: "/api/v3/ticker/24hr")
            await #expect {
                try await market.engine.adapter(.mexc).ticker(Self.spotBTC)
            } throws: { error in
                guard case .rateLimited = (error as? MarketFailure)?.reason else { return false }
                return true
            }
            let calls = await market.exchanges.requests("mexc")
            _ = try? await market.engine.adapter(.mexc).ticker(Self.perpBTC)
            #expect(await market.exchanges.requests("mexc") == calls)  // the contract API waits too
        }
    }

    // MARK: Contract

    @Test func contractDetailListsLinearContractsWithTheirSize() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_detail_doc.json"), at: "/api/v1/contract/detail")
            let instruments = try await market.engine.adapter(.mexc).instruments(.perp)
            #expect(instruments == [Self.perpBTC])
        }
    }

    @Test func contractTickerWithSymbolIsAnObjectOfPlainNumbersInContracts() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_ticker_single_doc.json"), at: "/api/v1/contract/ticker")
            let ticker = try await market.engine.adapter(.mexc).ticker(Self.perpBTC)
            #expect(ticker.last == 31199)
            #expect(close(ticker.changePercent, -1.76))  // riseFallRate -0.0176
            #expect(ticker.high == 33152.5 && ticker.low == 27795)
            #expect(close(ticker.baseVolume, 4014.6908))  // 40146908 contracts of 0.0001 BTC
            #expect(ticker.quoteVolume == 124905007.4428)  // amount24 is already quote
            #expect(ticker.time == 1_609_831_334_016)

            // The 2025 answer adds fields (contractId, riseFallRates…) that change nothing.
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_ticker_single_doc_2025.json"), at: "/api/v1/contract/ticker")
            let current = try await market.engine.adapter(.mexc).ticker(Self.perpBTC)
            #expect(current.last == 109167.1 && close(current.changePercent, 1.4))
            #expect(close(current.baseVolume, 95483.0625))
        }
    }

    @Test func contractTickersWithoutSymbolAreAList() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_ticker_all_real_ccxtcomment.json"), at: "/api/v1/contract/ticker")
            let tickers = try await market.engine.adapter(.mexc).tickers(
                .perp, instruments: ["ETH_USDT": Self.perpETH, "BTC_USDT": Self.perpBTC])
            let eth = try #require(tickers.first)
            #expect(tickers.count == 1 && eth.instrument == Self.perpETH)
            #expect(eth.last == 3581.3 && close(eth.changePercent, 2.75))
            #expect(close(eth.baseVolume, 40455.3))  // 4045530 contracts of 0.01 ETH
            #expect(eth.quoteVolume == 141331823.5755)
        }
    }

    @Test func perpTickerJoinsTheTickerAndTheFundingRateInTwoRequests() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_ticker_single_doc.json"), at: "/api/v1/contract/ticker")
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_funding_rate_doc.json"),
                at: "/api/v1/contract/funding_rate/BTC_USDT")
            let funding = try await market.engine.adapter(.mexc).perpTicker(Self.perpBTC)
            #expect(funding.markPrice == 31199.5)  // fairPrice
            #expect(funding.indexPrice == 31016.3)
            #expect(funding.fundingRate == -0.000489)  // the funding endpoint's, not the ticker's 0.001
            #expect(funding.nextFundingTime == 1_609_833_600_000)
            #expect(funding.fundingIntervalHours == 8)  // collectCycle
            #expect(funding.time == 1_609_831_334_016)
            #expect(await market.exchanges.requests("mexc") == 2)
        }
    }

    @Test func openInterestIsHoldVolInContracts() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_ticker_single_doc.json"), at: "/api/v1/contract/ticker")
            let adapter = market.engine.adapter(.mexc)
            let interest = try await adapter.openInterest(Self.perpBTC)
            #expect(close(interest.base, 5510.296))  // 55102960 contracts of 0.0001 BTC
            #expect(close(interest.usd, 5510.296 * 31199.5))
            #expect(interest.time == 1_609_831_334_016)
            #expect(!adapter.hasOpenInterestHistory)
            #expect(try await adapter.openInterestHistory(Self.perpBTC, period: .h1, limit: 24).isEmpty)
        }
    }

    @Test func contractKlinesAreColumnsInSecondsAndContracts() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_kline_doc.json"), at: "/api/v1/contract/kline/BTC_USDT")
            let candles = try await market.engine.adapter(.mexc).candles(Self.perpBTC, interval: .m15, limit: 10)
            let candle = try #require(candles.first)
            #expect(candles.count == 1)
            #expect(candle.openTime == 1_609_740_600_000)
            #expect(candle.open == 33016.5 && candle.close == 33040.5)
            #expect(candle.high == 33094 && candle.low == 32995)
            #expect(close(candle.volume, 6.7332))  // 67332 contracts of 0.0001 BTC
            #expect(candle.quoteVolume == 222515.85925)
            #expect(candle.takerBuyVolume == nil && !candle.isClosed)
        }
    }

    @Test func contractDealsAreOldestFirstWithTheTakerSideFromT() async throws {
        try await withRecordedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_deals_doc.json"), at: "/api/v1/contract/deals/BTC_USDT")
            let trades = try await market.engine.adapter(.mexc).trades(Self.perpBTC, limit: 10)
            #expect(trades.map(\.time) == [1_609_831_234_759, 1_609_831_235_985])
            #expect(trades.map(\.takerSide) == [.sell, .buy])  // T 2, then T 1
            #expect(close(trades[0].size, 0.0015) && close(trades[1].size, 0.0018))  // 15 and 18 contracts
            #expect(trades.allSatisfy { $0.price == 31199 })
        }
    }
}

/// Known answers for MEXC's two signatures.
@Suite(.serialized) struct MEXCSigningTests {
    static let secret = "45d0b3c26f2644f19bfb98b07741b2f5"

    @Test func spotDocumentedExamples() {
        // MEXC spot v3 docs, "SIGNED", key mx0aBYs33eIilxBWC5: Example 2 (query string).
        #expect(
            RequestSigner.mexcSpot(
                payload:
                    "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=11&recvWindow=5000&timestamp=1644489390087",
                secret: Self.secret) == "fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a")
        // Example 3 (query and body joined with no `&` between them).
        #expect(
            RequestSigner.mexcSpot(
                payload:
                    "symbol=BTCUSDT&side=BUY&type=LIMITquantity=1&price=11&recvWindow=5000&timestamp=1644489390087",
                secret: Self.secret) == "d1a676610ceb39174c8039b3f548357994b2a34139a8addd33baadba65684592")
    }

    @Test func contractIndependentVector() {
        // MEXC publishes none; computed with Python: hmac.new(secret, b"mx0aBYs33eIilxBWC5"
        // b"1644489390087symbol=BTC_USDT", hashlib.sha256).hexdigest(), using the spot docs' key.
        #expect(
            RequestSigner.mexcContract(
                accessKey: "mx0aBYs33eIilxBWC5", requestTime: 1_644_489_390_087, parameters: "symbol=BTC_USDT",
                secret: Self.secret) == "0f4e728063ca729d9ef7c4c171d94aabf2c4c84418ee7312572901426733cb2c")
    }
}
