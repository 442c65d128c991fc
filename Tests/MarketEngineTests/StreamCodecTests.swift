import Foundation
import MarketEngine
import Testing

/// The venues' WebSocket codecs against frames in the exchanges' documented shapes (values
/// from their documentation examples and published captures, compacted, inline here): what
/// each frame reads as, what the subscribe messages name, and that hostile text never crashes
/// a codec nor turns into a non-finite number.
struct StreamCodecTests {
    // MARK: Instruments

    static let binanceSpot = Instrument(
        exchange: .binance, market: .spot, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let binancePerp = Instrument(
        exchange: .binance, market: .perp, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let bybitSpot = Instrument(exchange: .bybit, market: .spot, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let bybitPerp = Instrument(exchange: .bybit, market: .perp, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let okxSpot = Instrument(exchange: .okx, market: .spot, symbol: "BTC-USDT", base: "BTC", quote: "USDT")
    static let okxPerp = Instrument(
        exchange: .okx, market: .perp, symbol: "BTC-USDT-SWAP", base: "BTC", quote: "USDT", contractValue: 0.01)
    static let bitgetSpot = Instrument(exchange: .bitget, market: .spot, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let bitgetPerp = Instrument(exchange: .bitget, market: .perp, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let gateSpot = Instrument(exchange: .gate, market: .spot, symbol: "BTC_USDT", base: "BTC", quote: "USDT")
    static let gatePerp = Instrument(
        exchange: .gate, market: .perp, symbol: "BTC_USDT", base: "BTC", quote: "USDT", contractValue: 0.0001)
    static let mexcSpot = Instrument(exchange: .mexc, market: .spot, symbol: "BTCUSDT", base: "BTC", quote: "USDT")
    static let mexcPerp = Instrument(
        exchange: .mexc, market: .perp, symbol: "BTC_USDT", base: "BTC", quote: "USDT", contractValue: 0.0001)

    // MARK: Helpers

    static func quotes(_ message: StreamMessage) -> [StreamQuote] {
        if case .quotes(let quotes) = message { return quotes }
        return []
    }

    static func onlyQuote(_ message: StreamMessage, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> StreamQuote
    {
        let found = Self.quotes(message)
        try #require(found.count == 1, "expected one quote, got \(message)", sourceLocation: sourceLocation)
        return found[0]
    }

    static func isClosing(_ message: StreamMessage) -> Bool {
        if case .closing = message { return true }
        return false
    }

    static func isRefused(_ message: StreamMessage) -> Bool {
        if case .refused = message { return true }
        return false
    }

    /// Both absent, or equal to a relative 1e-9 (percentages and derived volumes are computed).
    static func isNear(_ actual: Double?, _ expected: Double?) -> Bool {
        switch (actual, expected) {
        case (nil, nil): return true
        case (let actual?, let expected?): return abs(actual - expected) <= 1e-9 * max(1, abs(expected))
        default: return false
        }
    }

    static func describe(_ value: Double?) -> String { value.map { "\($0)" } ?? "nil" }

    /// Every field of `actual` against `expected`; a field `expected` lacks must be absent.
    static func expectQuote(
        _ actual: StreamQuote, _ expected: StreamQuote, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.market == expected.market, sourceLocation: sourceLocation)
        #expect(actual.symbol == expected.symbol, sourceLocation: sourceLocation)
        #expect(actual.time == expected.time, sourceLocation: sourceLocation)
        #expect(actual.nextFundingTime == expected.nextFundingTime, "nextFundingTime", sourceLocation: sourceLocation)
        if expected.openInterest != nil {
            #expect(
                actual.openInterestUnit == expected.openInterestUnit, "openInterestUnit", sourceLocation: sourceLocation
            )
        }
        let fields: [(String, Double?, Double?)] = [
            ("last", actual.last, expected.last),
            ("changePercent", actual.changePercent, expected.changePercent),
            ("high", actual.high, expected.high),
            ("low", actual.low, expected.low),
            ("baseVolume", actual.baseVolume, expected.baseVolume),
            ("quoteVolume", actual.quoteVolume, expected.quoteVolume),
            ("markPrice", actual.markPrice, expected.markPrice),
            ("indexPrice", actual.indexPrice, expected.indexPrice),
            ("fundingRate", actual.fundingRate, expected.fundingRate),
            ("fundingIntervalHours", actual.fundingIntervalHours, expected.fundingIntervalHours),
            ("openInterest", actual.openInterest, expected.openInterest),
        ]
        for (name, got, want) in fields {
            #expect(
                isNear(got, want), "\(name): got \(describe(got)), want \(describe(want))",
                sourceLocation: sourceLocation)
        }
    }

    static func allFinite(_ quote: StreamQuote) -> Bool {
        [
            quote.last, quote.changePercent, quote.high, quote.low, quote.baseVolume, quote.quoteVolume,
            quote.markPrice, quote.indexPrice, quote.fundingRate, quote.fundingIntervalHours, quote.openInterest,
        ].allSatisfy { $0?.isFinite ?? true }
    }

    static func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(text)", sourceLocation: sourceLocation)
    }

    static func single(_ messages: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(messages.count == 1, "expected one message, got \(messages)", sourceLocation: sourceLocation)
        return messages[0]
    }

    static func int(_ value: Any?) -> Int? { (value as? NSNumber)?.intValue }

    // MARK: Venues

    @Test func everyVenuesCodecSpeaksForThatVenueOnItsDocumentedPath() {
        let paths: [StreamVenue: String] = [
            .binanceSpot: "/stream", .binanceFutures: "/market/stream",
            .bybitSpot: "/v5/public/spot", .bybitLinear: "/v5/public/linear",
            .okx: "/ws/v5/public", .bitget: "/v2/ws/public",
            .gateSpot: "/ws/v4/", .gateFutures: "/v4/ws/usdt", .mexcFutures: "/edge",
        ]
        for venue in StreamVenue.allCases {
            let codec = venue.codec
            #expect(codec.venue == venue)
            #expect(codec.path == paths[venue], "\(venue)")
            #expect(codec.instrumentsPerConnection > 0, "\(venue)")
            #expect(codec.messagesPerSecond > 0, "\(venue)")
        }
        let decimalSizes = GateStreamCodec(futures: true).headers.contains {
            $0.0 == "X-Gate-Size-Decimal" && $0.1 == "1"
        }
        #expect(decimalSizes, "Gate futures sizes as decimal strings")
    }

    // MARK: Binance

    @Test func binanceSpotCombinedTickerIsAQuoteInPercent() throws {
        let frame =
            #"{"stream":"btcusdt@ticker","data":{"e":"24hrTicker","E":1526416545771,"s":"BTCUSDT","p":"-278.21000000","P":"-3.164","w":"8647.34237711","x":"8793.80000000","c":"8515.66000000","Q":"0.35382400","b":"8511.00000000","B":"0.50000000","a":"8515.66000000","A":"0.13459000","o":"8793.87000000","h":"8879.99000000","l":"8427.00000000","v":"29947.16523900","q":"258963391.04542970","O":1526330145769,"C":1526416545769,"F":43177818,"L":43537524,"n":359707}}"#
        let quote = try Self.onlyQuote(BinanceStreamCodec(futures: false).decode(frame))
        var expected = StreamQuote(market: .spot, symbol: "BTCUSDT", time: 1_526_416_545_771)
        expected.last = 8515.66
        expected.changePercent = -3.164
        expected.high = 8879.99
        expected.low = 8427
        expected.baseVolume = 29947.165239
        expected.quoteVolume = 258_963_391.0454297
        Self.expectQuote(quote, expected)
    }

    @Test func binanceFuturesTickerAndMarkPriceUpdateAreSeparatePerpQuotes() throws {
        let codec = BinanceStreamCodec(futures: true)
        let ticker =
            #"{"stream":"btcusdt@ticker","data":{"e":"24hrTicker","E":123456789,"s":"BTCUSDT","p":"0.0015","P":"250.00","w":"0.0018","c":"0.0025","Q":"10","o":"0.0010","h":"0.0025","l":"0.0010","v":"10000","q":"18","O":0,"C":86400000,"F":0,"L":18150,"n":18151,"ps":"BTCUSDT","st":1}}"#
        var expectedTicker = StreamQuote(market: .perp, symbol: "BTCUSDT", time: 123_456_789)
        expectedTicker.last = 0.0025
        expectedTicker.changePercent = 250
        expectedTicker.high = 0.0025
        expectedTicker.low = 0.0010
        expectedTicker.baseVolume = 10000
        expectedTicker.quoteVolume = 18
        Self.expectQuote(try Self.onlyQuote(codec.decode(ticker)), expectedTicker)

        let mark =
            #"{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000","i":"11784.62659091","P":"11784.25641265","r":"0.00038167","T":1562306400000}}"#
        var expectedMark = StreamQuote(market: .perp, symbol: "BTCUSDT", time: 1_562_305_380_000)
        expectedMark.markPrice = 11794.15
        expectedMark.indexPrice = 11784.62659091
        expectedMark.fundingRate = 0.00038167
        expectedMark.nextFundingTime = 1_562_306_400_000
        Self.expectQuote(try Self.onlyQuote(codec.decode(mark)), expectedMark)
    }

    @Test func binanceAcksAreControlErrorsAreRefusalsAndShutdownIsClosing() {
        for codec in [BinanceStreamCodec(futures: false), BinanceStreamCodec(futures: true)] {
            #expect(codec.decode(#"{"result":null,"id":1}"#) == .control)
            #expect(codec.decode(#"{"result":["btcusdt@ticker"],"id":3}"#) == .control, "LIST_SUBSCRIPTIONS answer")
            #expect(
                codec.decode(#"{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":2}"#)
                    == .refused("Invalid request: invalid stream"))
            #expect(
                Self.isClosing(
                    codec.decode(#"{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}}"#)))
        }
    }

    @Test func binanceSubscribesToLowerCaseTickerAndOneSecondMarkPriceStreams() throws {
        let spot = try Self.json(Self.single(BinanceStreamCodec(futures: false).subscribe([Self.binanceSpot], id: 7)))
        #expect(spot["method"] as? String == "SUBSCRIBE")
        #expect(spot["params"] as? [String] == ["btcusdt@ticker"])
        #expect(Self.int(spot["id"]) == 7)

        let futures = BinanceStreamCodec(futures: true)
        let perp = try Self.json(Self.single(futures.subscribe([Self.binancePerp], id: 8)))
        #expect(perp["method"] as? String == "SUBSCRIBE")
        #expect(perp["params"] as? [String] == ["btcusdt@ticker", "btcusdt@markPrice@1s"])
        #expect(Self.int(perp["id"]) == 8)

        let undo = try Self.json(Self.single(futures.unsubscribe([Self.binancePerp], id: 9)))
        #expect(undo["method"] as? String == "UNSUBSCRIBE")
        #expect(undo["params"] as? [String] == ["btcusdt@ticker", "btcusdt@markPrice@1s"])
    }

    // MARK: Bybit

    @Test func bybitSpotTickerIsAQuoteWithTheFractionTurnedIntoPercent() throws {
        let frame =
            #"{"topic":"tickers.BTCUSDT","ts":1673853746003,"type":"snapshot","cs":2588407389,"data":{"symbol":"BTCUSDT","lastPrice":"21109.77","highPrice24h":"21426.99","lowPrice24h":"20575","prevPrice24h":"20704.93","volume24h":"6780.866843","turnover24h":"141946527.22907118","price24hPcnt":"0.0196","usdIndexPrice":"21120.2400136"}}"#
        let quote = try Self.onlyQuote(BybitStreamCodec(linear: false).decode(frame))
        var expected = StreamQuote(market: .spot, symbol: "BTCUSDT", time: 1_673_853_746_003)
        expected.last = 21109.77
        expected.changePercent = 1.96
        expected.high = 21426.99
        expected.low = 20575
        expected.baseVolume = 6780.866843
        expected.quoteVolume = 141_946_527.22907118
        Self.expectQuote(quote, expected)
    }

    @Test func bybitLinearSnapshotCarriesMarkFundingAndOpenInterestInCoins() throws {
        let frame =
            #"{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","tickDirection":"ZeroMinusTick","price24hPcnt":"0.023333","lastPrice":"28550.70","prevPrice24h":"27899.70","highPrice24h":"28797.10","lowPrice24h":"27842.80","prevPrice1h":"28474.70","markPrice":"28552.81","indexPrice":"28562.25","openInterest":"52774.528","openInterestValue":"1506861070.82","turnover24h":"4273027716.4294","volume24h":"151185.5160","nextFundingTime":"1680681600000","fundingRate":"0.0001","fundingIntervalHour":"8","fundingCap":"0.005","bid1Price":"28550.70","bid1Size":"2.049","ask1Price":"28550.80","ask1Size":"15.328"},"cs":50193544280,"ts":1680673821770}"#
        let quote = try Self.onlyQuote(BybitStreamCodec(linear: true).decode(frame))
        var expected = StreamQuote(market: .perp, symbol: "BTCUSDT", time: 1_680_673_821_770)
        expected.last = 28550.70
        expected.changePercent = 2.3333
        expected.high = 28797.10
        expected.low = 27842.80
        expected.baseVolume = 151185.5160
        expected.quoteVolume = 4_273_027_716.4294
        expected.markPrice = 28552.81
        expected.indexPrice = 28562.25
        expected.fundingRate = 0.0001
        expected.nextFundingTime = 1_680_681_600_000
        expected.fundingIntervalHours = 8
        expected.openInterest = 52774.528
        expected.openInterestUnit = .coins
        Self.expectQuote(quote, expected)
    }

    @Test func bybitLinearDeltaCarriesOnlyTheFieldsThatChanged() throws {
        let codec = BybitStreamCodec(linear: true)
        let delta =
            #"{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","markPrice":"28553.40","openInterest":"52780.112","bid1Price":"28550.70","bid1Size":"1.2"},"cs":50193544281,"ts":1680673821870}"#
        let quote = try Self.onlyQuote(codec.decode(delta))
        var expected = StreamQuote(market: .perp, symbol: "BTCUSDT", time: 1_680_673_821_870)
        expected.markPrice = 28553.40
        expected.openInterest = 52780.112
        expected.openInterestUnit = .coins
        Self.expectQuote(quote, expected)

        // A delta of only the order book's top (the documented NKNUSDT frame): no field invented.
        let bookOnly =
            #"{"topic":"tickers.NKNUSDT","type":"delta","data":{"symbol":"NKNUSDT","ask1Price":"0.13942","ask1Size":"3691"},"cs":93597554249,"ts":1709202840989}"#
        for quote in Self.quotes(codec.decode(bookOnly)) {
            Self.expectQuote(quote, StreamQuote(market: .perp, symbol: "NKNUSDT", time: 1_709_202_840_989))
        }
    }

    @Test func bybitDatedFuturesEmptyFundingIsAbsentNotZero() throws {
        let frame =
            #"{"topic":"tickers.BTC-26DEC25","type":"snapshot","data":{"symbol":"BTC-26DEC25","lastPrice":"104000.5","markPrice":"104010.2","fundingRate":"","nextFundingTime":"","openInterest":"120.5"},"cs":1,"ts":1735000000000}"#
        let quote = try Self.onlyQuote(BybitStreamCodec(linear: true).decode(frame))
        #expect(quote.fundingRate == nil)
        #expect(quote.nextFundingTime == nil)
        #expect(quote.markPrice == 104010.2)
        #expect(quote.last == 104000.5)
    }

    @Test func bybitAcksAndPongsAreControlAndAFailedSubscribeIsRefused() {
        let spot = BybitStreamCodec(linear: false)
        let linear = BybitStreamCodec(linear: true)
        #expect(
            spot.decode(
                #"{"success":true,"ret_msg":"subscribe","conn_id":"2324d924-aa4d-45b0-a858-7b8be29ab52b","req_id":"10001","op":"subscribe"}"#
            )
                == .control)
        #expect(
            linear.decode(
                #"{"success":true,"ret_msg":"","conn_id":"3cd84cb1-4d06-4a05-930a-2efe5fc70f0f","req_id":"","op":"subscribe"}"#
            )
                == .control)
        #expect(
            linear.decode(
                #"{"success":true,"ret_msg":"pong","conn_id":"465772b1-7630-4fdc-a492-e003e6f0f260","req_id":"","op":"ping"}"#
            )
                == .control)
        #expect(
            spot.decode(
                #"{"success":false,"ret_msg":"Invalid topic: invalid.topic.BTCUSDT","conn_id":"cejreaspqfm9se7usbrg-2xh","op":"subscribe"}"#
            )
                == .refused("Invalid topic: invalid.topic.BTCUSDT"))
    }

    @Test func bybitSubscribesToTickersTopicsAndSplitsSpotIntoTensOfArgs() throws {
        let linear = try Self.json(Self.single(BybitStreamCodec(linear: true).subscribe([Self.bybitPerp], id: 1)))
        #expect(linear["op"] as? String == "subscribe")
        #expect(linear["args"] as? [String] == ["tickers.BTCUSDT"])

        let spot = try Self.json(Self.single(BybitStreamCodec(linear: false).subscribe([Self.bybitSpot], id: 1)))
        #expect(spot["op"] as? String == "subscribe")
        #expect(spot["args"] as? [String] == ["tickers.BTCUSDT"])

        let many = (0..<25).map {
            Instrument(exchange: .bybit, market: .spot, symbol: "C\($0)USDT", base: "C\($0)", quote: "USDT")
        }
        let messages = BybitStreamCodec(linear: false).subscribe(many, id: 10)
        #expect(messages.count == 3)
        var named: [String] = []
        for message in messages {
            let object = try Self.json(message)
            #expect(object["op"] as? String == "subscribe")
            let args = try #require(object["args"] as? [String])
            #expect(args.count <= 10, "Bybit spot refuses more than 10 args a request")
            named += args
        }
        #expect(named == many.map { "tickers.\($0.symbol)" })

        let undo = try BybitStreamCodec(linear: false).unsubscribe(many, id: 20).map { try Self.json($0) }
        #expect(undo.count == 3)
        #expect(undo.allSatisfy { $0["op"] as? String == "unsubscribe" })
    }

    // MARK: OKX

    @Test func okxSpotTickerWorksOutTheChangeFromTheOpen() throws {
        let frame =
            #"{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instType":"SPOT","instId":"BTC-USDT","last":"30236","lastSz":"0.0002","askPx":"30228.7","askSz":"1.55896972","bidPx":"30228.6","bidSz":"0.23393","open24h":"29700.4","high24h":"31073","low24h":"28020.3","sodUtc0":"29028.8","sodUtc8":"30337.7","volCcy24h":"525802090.62716611","vol24h":"17602.13085371","ts":"1652459224956"}]}"#
        let quote = try Self.onlyQuote(OKXStreamCodec().decode(frame))
        var expected = StreamQuote(market: .spot, symbol: "BTC-USDT", time: 1_652_459_224_956)
        expected.last = 30236
        expected.changePercent = (30236 / 29700.4 - 1) * 100  // ≈ +1.8033 %
        expected.high = 31073
        expected.low = 28020.3
        expected.baseVolume = 17602.13085371  // vol24h: base on spot
        expected.quoteVolume = 525_802_090.62716611  // volCcy24h: quote on spot
        Self.expectQuote(quote, expected)
        let percent = try #require(quote.changePercent)
        #expect(percent > 1.80 && percent < 1.81, "percent, not a fraction")
    }

    @Test func okxSwapTickerReadsCoinVolumeNotContracts() throws {
        let frame =
            #"{"arg":{"channel":"tickers","instId":"BTC-USDT-SWAP"},"data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","last":"26008","lastSz":"78","askPx":"26008.1","askSz":"73","bidPx":"26008","bidSz":"1605","open24h":"27198.2","high24h":"27600","low24h":"25640.4","sodUtc0":"25942","sodUtc8":"26919.4","volCcy24h":"214272.91","vol24h":"21427291","ts":"1693560446879"}]}"#
        let quote = try Self.onlyQuote(OKXStreamCodec().decode(frame))
        var expected = StreamQuote(market: .perp, symbol: "BTC-USDT-SWAP", time: 1_693_560_446_879)
        expected.last = 26008
        expected.changePercent = (26008 / 27198.2 - 1) * 100  // ≈ -4.376 %
        expected.high = 27600
        expected.low = 25640.4
        expected.baseVolume = 214272.91  // volCcy24h: coins on swaps (vol24h is contracts)
        expected.quoteVolume = 214272.91 * 26008
        Self.expectQuote(quote, expected)
    }

    @Test func okxMarkFundingAndOpenInterestChannelsEachCarryTheirOwnFields() throws {
        let codec = OKXStreamCodec()
        let mark =
            #"{"arg":{"channel":"mark-price","instId":"WNCG-USDT-SWAP"},"data":[{"instId":"WNCG-USDT-SWAP","instType":"SWAP","markPx":"2.1729","ts":"1640131259180"}]}"#
        var expectedMark = StreamQuote(market: .perp, symbol: "WNCG-USDT-SWAP", time: 1_640_131_259_180)
        expectedMark.markPrice = 2.1729
        Self.expectQuote(try Self.onlyQuote(codec.decode(mark)), expectedMark)

        let funding =
            #"{"arg":{"channel":"funding-rate","instId":"BTC-USD-SWAP"},"data":[{"formulaType":"noRate","fundingRate":"0.0001875391284828","fundingTime":"1700726400000","impactValue":"","instId":"BTC-USD-SWAP","instType":"SWAP","interestRate":"","method":"current_period","maxFundingRate":"0.00375","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"1700755200000","premium":"0.0001233824646391","settFundingRate":"0.0001699799259033","settState":"settled","ts":"1700724675402"}]}"#
        var expectedFunding = StreamQuote(market: .perp, symbol: "BTC-USD-SWAP", time: 1_700_724_675_402)
        expectedFunding.fundingRate = 0.0001875391284828
        // `fundingTime` is the settlement ahead (08:00 after 07:31); `nextFundingTime` the one after.
        expectedFunding.nextFundingTime = 1_700_726_400_000
        Self.expectQuote(try Self.onlyQuote(codec.decode(funding)), expectedFunding)

        let openInterest =
            #"{"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"2216113.01000000309","oiCcy":"22161.1301000000309","oiUsd":"1939251795.54769270396321","ts":"1743041250440"}]}"#
        var expectedInterest = StreamQuote(market: .perp, symbol: "BTC-USDT-SWAP", time: 1_743_041_250_440)
        expectedInterest.openInterest = 22161.1301000000309
        expectedInterest.openInterestUnit = .coins
        Self.expectQuote(try Self.onlyQuote(codec.decode(openInterest)), expectedInterest)
    }

    @Test func okxNoticeIsClosingUnknownInstrumentIsRefusedAndPongIsControl() {
        let codec = OKXStreamCodec()
        #expect(
            Self.isClosing(
                codec.decode(
                    #"{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}"#
                )))
        #expect(
            codec.decode(#"{"event":"error","msg":"channel:tickers,instId:LTC-USD doesn't exist","code":"60018"}"#)
                == .refused("channel:tickers,instId:LTC-USD doesn't exist"))
        #expect(codec.decode("pong") == .control)
        #expect(
            codec.decode(#"{"event":"subscribe","arg":{"channel":"tickers","instId":"BTC-USDT"},"connId":"accb8e21"}"#)
                == .control)
        #expect(codec.decode(#"{"event":"subscribe","arg":{"channel":"tickers","instId":"BTC-USDT"}}"#) == .control)
    }

    @Test func okxSubscribesASpotToTickersAndASwapToFourChannels() throws {
        let message = try Self.json(Self.single(OKXStreamCodec().subscribe([Self.okxSpot, Self.okxPerp], id: 1)))
        #expect(message["op"] as? String == "subscribe")
        let args = try #require(message["args"] as? [[String: Any]])
        let named = args.map { "\($0["channel"] as? String ?? "?") \($0["instId"] as? String ?? "?")" }
        #expect(named.count == 5)
        #expect(
            Set(named) == [
                "tickers BTC-USDT",
                "tickers BTC-USDT-SWAP", "mark-price BTC-USDT-SWAP", "funding-rate BTC-USDT-SWAP",
                "open-interest BTC-USDT-SWAP",
            ])

        let undo = try Self.json(Self.single(OKXStreamCodec().unsubscribe([Self.okxPerp], id: 2)))
        #expect(undo["op"] as? String == "unsubscribe")
        #expect((undo["args"] as? [[String: Any]])?.count == 4)
    }

    // MARK: Bitget

    @Test func bitgetSpotTickerSnapshotIsAQuoteInPercent() throws {
        let frame =
            #"{"action":"snapshot","arg":{"instType":"SPOT","channel":"ticker","instId":"BTCUSDT"},"data":[{"instId":"BTCUSDT","lastPr":"43528.19","open24h":"42267.78","high24h":"44490.00","low24h":"41401.53","change24h":"0.03879","bidPr":"43528","askPr":"43528.01","bidSz":"0.0334","askSz":"0.1917","baseVolume":"15002.4216","quoteVolume":"648006446.7164","openUtc":"44071.18","changeUtc24h":"-0.01232","ts":"1701842994338"}],"ts":1701842994341}"#
        let quote = try Self.onlyQuote(BitgetStreamCodec().decode(frame))
        var expected = StreamQuote(market: .spot, symbol: "BTCUSDT", time: 1_701_842_994_338)
        expected.last = 43528.19
        expected.changePercent = 3.879
        expected.high = 44490
        expected.low = 41401.53
        expected.baseVolume = 15002.4216
        expected.quoteVolume = 648_006_446.7164
        Self.expectQuote(quote, expected)
    }

    @Test func bitgetFuturesTickerCarriesMarkFundingAndHoldingAmountInCoins() throws {
        let frame =
            #"{"action":"snapshot","arg":{"instType":"USDT-FUTURES","channel":"ticker","instId":"BTCUSDT"},"data":[{"instId":"BTCUSDT","lastPr":"43480.4","bidPr":"43476.3","askPr":"43476.8","bidSz":"0.1","askSz":"3.055","open24h":"42252.3","high24h":"44518.2","low24h":"41387.0","change24h":"0.03875","fundingRate":"0.000096","nextFundingTime":"1701849600000","markPrice":"43476.4","indexPrice":"43478.4","holdingAmount":"50670.787","baseVolume":"120187.104","quoteVolume":"5167385048.693","openUtc":"44071.4","symbolType":"1","symbol":"BTCUSDT","deliveryPrice":"0","ts":"1701843962811"}],"ts":1701843962812}"#
        let quote = try Self.onlyQuote(BitgetStreamCodec().decode(frame))
        var expected = StreamQuote(market: .perp, symbol: "BTCUSDT", time: 1_701_843_962_811)
        expected.last = 43480.4
        expected.changePercent = 3.875
        expected.high = 44518.2
        expected.low = 41387.0
        expected.baseVolume = 120187.104
        expected.quoteVolume = 5_167_385_048.693
        expected.markPrice = 43476.4
        expected.indexPrice = 43478.4
        expected.fundingRate = 0.000096
        expected.nextFundingTime = 1_701_849_600_000
        expected.openInterest = 50670.787
        expected.openInterestUnit = .coins
        Self.expectQuote(quote, expected)
    }

    @Test func bitgetErrorIsRefusedAndAcksAndPongAreControl() {
        let codec = BitgetStreamCodec()
        #expect(
            codec.decode(
                #"{"event":"error","code":30001,"msg":"instType:sp,channel:candleundefined,instId:BTCUSDT doesn't exist"}"#
            )
                == .refused("instType:sp,channel:candleundefined,instId:BTCUSDT doesn't exist"))
        #expect(
            codec.decode(
                #"{"event":"subscribe","arg":{"instType":"USDT-FUTURES","channel":"ticker","instId":"BTCUSDT"}}"#)
                == .control)
        #expect(codec.decode("pong") == .control)
    }

    @Test func bitgetSubscribesTheTickerChannelByInstType() throws {
        let message = try Self.json(
            Self.single(BitgetStreamCodec().subscribe([Self.bitgetSpot, Self.bitgetPerp], id: 1)))
        #expect(message["op"] as? String == "subscribe")
        let args = try #require(message["args"] as? [[String: Any]])
        let named = args.map {
            [$0["instType"] as? String ?? "?", $0["channel"] as? String ?? "?", $0["instId"] as? String ?? "?"]
        }
        #expect(named == [["SPOT", "ticker", "BTCUSDT"], ["USDT-FUTURES", "ticker", "BTCUSDT"]])

        let undo = try Self.json(Self.single(BitgetStreamCodec().unsubscribe([Self.bitgetPerp], id: 2)))
        #expect(undo["op"] as? String == "unsubscribe")
    }

    // MARK: Gate

    @Test func gateSpotTickersResultObjectIsAQuote() throws {
        let frame =
            #"{"time":1669107766,"time_ms":1669107766406,"channel":"spot.tickers","event":"update","result":{"currency_pair":"BTC_USDT","last":"15743.4","lowest_ask":"15744.4","highest_bid":"15743.5","change_percentage":"-1.8254","base_volume":"9110.473081735","quote_volume":"145082083.2535","high_24h":"16280.9","low_24h":"15468.5"}}"#
        let quote = try Self.onlyQuote(GateStreamCodec(futures: false).decode(frame))
        var expected = StreamQuote(market: .spot, symbol: "BTC_USDT", time: 1_669_107_766_406)
        expected.last = 15743.4
        expected.changePercent = -1.8254
        expected.high = 16280.9
        expected.low = 15468.5
        expected.baseVolume = 9110.473081735
        expected.quoteVolume = 145_082_083.2535
        Self.expectQuote(quote, expected)
    }

    @Test func gateFuturesTickersResultArrayCarriesOpenInterestInContracts() throws {
        let item =
            #"{"contract":"BTC_USDT","last":"23160.2","change_percentage":"-1.3224","total_size":"153482780","volume_24h":"155496714","volume_24h_base":"15549","volume_24h_quote":"360157621","volume_24h_settle":"360157621","mark_price":"23175.64","funding_rate":"0.0001","funding_rate_indicative":"0.0001","index_price":"23173.35","quanto_base_rate":"","low_24h":"23018.3","high_24h":"23589.2"}"#
        let head = #"{"time":1677629168,"time_ms":1677629168840,"channel":"futures.tickers","event":"update","result":"#
        var expected = StreamQuote(market: .perp, symbol: "BTC_USDT", time: 1_677_629_168_840)
        expected.last = 23160.2
        expected.changePercent = -1.3224
        expected.high = 23589.2
        expected.low = 23018.3
        expected.baseVolume = 15549
        expected.quoteVolume = 360_157_621
        expected.markPrice = 23175.64
        expected.indexPrice = 23173.35
        expected.fundingRate = 0.0001
        expected.openInterest = 153_482_780
        expected.openInterestUnit = .contracts
        let codec = GateStreamCodec(futures: true)
        Self.expectQuote(try Self.onlyQuote(codec.decode(head + "[" + item + "]}")), expected)
        // Old servers sent the result as one object or as `[[…]]`.
        Self.expectQuote(try Self.onlyQuote(codec.decode(head + item + "}")), expected)
        Self.expectQuote(try Self.onlyQuote(codec.decode(head + "[[" + item + "]]}")), expected)
    }

    @Test func gateAcksAreControlErrorsAreRefusalsAndUpgradeIsClosing() {
        let spot = GateStreamCodec(futures: false)
        let futures = GateStreamCodec(futures: true)
        #expect(
            futures.decode(
                #"{"time":1545404023,"time_ms":1545404023123,"channel":"futures.tickers","event":"subscribe","result":{"status":"success"}}"#
            )
                == .control)
        #expect(
            spot.decode(
                #"{"time":1619093532,"channel":"spot.tickers","event":"subscribe","result":{"status":"success"}}"#)
                == .control)
        #expect(
            spot.decode(
                #"{"time":1611541000,"time_ms":1611541000001,"channel":"spot.tickers","event":"subscribe","error":null,"result":{"status":"success"}}"#
            )
                == .control)
        #expect(
            spot.decode(
                #"{"time":1611541000,"time_ms":1611541000001,"channel":"spot.tickers","event":"subscribe","error":{"code":2,"message":"unknown currency pair ADD_ETH"},"result":null}"#
            )
                == .refused("unknown currency pair ADD_ETH"))
        #expect(
            Self.isClosing(
                spot.decode(
                    #"{"type":"upgrade","msg":"The connection will soon be closed for a service upgrade. Please reconnect."}"#
                )))
    }

    @Test func gateSubscribesTheTickersChannelWithAFreshTimeAndThePairs() throws {
        let now = Date().timeIntervalSince1970
        let spot = try Self.json(Self.single(GateStreamCodec(futures: false).subscribe([Self.gateSpot], id: 3)))
        #expect(spot["channel"] as? String == "spot.tickers")
        #expect(spot["event"] as? String == "subscribe")
        #expect(spot["payload"] as? [String] == ["BTC_USDT"])
        let spotTime = try #require((spot["time"] as? NSNumber)?.doubleValue)
        #expect(abs(spotTime - now) < 60, "Gate refuses a request whose time is 60 s off")

        let futures = try Self.json(Self.single(GateStreamCodec(futures: true).subscribe([Self.gatePerp], id: 4)))
        #expect(futures["channel"] as? String == "futures.tickers")
        #expect(futures["event"] as? String == "subscribe")
        #expect(futures["payload"] as? [String] == ["BTC_USDT"])
        let futuresTime = try #require((futures["time"] as? NSNumber)?.doubleValue)
        #expect(abs(futuresTime - now) < 60)

        let undo = try Self.json(Self.single(GateStreamCodec(futures: true).unsubscribe([Self.gatePerp], id: 5)))
        #expect(undo["event"] as? String == "unsubscribe")
        #expect(undo["payload"] as? [String] == ["BTC_USDT"])
    }

    // MARK: MEXC

    @Test func mexcPushTickerCarriesFairPriceAsMarkAndHoldVolInContracts() throws {
        let frame =
            #"{"symbol":"BTC_USDT","data":{"symbol":"BTC_USDT","lastPrice":76376.1,"riseFallRate":-0.0006,"fairPrice":76374.4,"indexPrice":76385.8,"volume24":962062810,"amount24":7344207079.96768,"maxBidPrice":84024.3,"minAskPrice":68747.2,"lower24Price":75620.2,"high24Price":77210,"timestamp":1731137509138,"bid1":76376.2,"ask1":76376.3,"holdVol":95479623,"riseFallValue":-46.5,"fundingRate":0.0001,"zone":"UTC+8","riseFallRates":[-0.0006,0.1008,0.2262,0.2628,0.2439,1.0564],"riseFallRatesOfTimezone":[0.0065,-0.0013,-0.0006]},"channel":"push.ticker","ts":1731137509138}"#
        let quote = try Self.onlyQuote(MEXCStreamCodec().decode(frame))
        var expected = StreamQuote(market: .perp, symbol: "BTC_USDT", time: 1_731_137_509_138)
        expected.last = 76376.1
        expected.changePercent = -0.06
        expected.high = 77210
        expected.low = 75620.2
        expected.quoteVolume = 7_344_207_079.96768
        // `volume24` is contracts: base worked out from the quote turnover.
        expected.baseVolume = 7_344_207_079.96768 / 76376.1
        expected.markPrice = 76374.4
        expected.indexPrice = 76385.8
        expected.fundingRate = 0.0001
        expected.openInterest = 95_479_623
        expected.openInterestUnit = .contracts
        Self.expectQuote(quote, expected)
    }

    @Test func mexcPushFundingRateCarriesTheRateAndTheNextSettlement() throws {
        let codec = MEXCStreamCodec()
        let current =
            #"{"symbol":"BTC_USDT","data":{"symbol":"BTC_USDT","rate":-0.000021,"nextSettleTime":1771084800000},"channel":"push.funding.rate","ts":1771069020506}"#
        var expected = StreamQuote(market: .perp, symbol: "BTC_USDT", time: 1_771_069_020_506)
        expected.fundingRate = -0.000021
        expected.nextFundingTime = 1_771_084_800_000
        Self.expectQuote(try Self.onlyQuote(codec.decode(current)), expected)

        // The documentation's older example: no settlement time.
        let documented =
            #"{"channel":"push.funding.rate","data":{"rate":0.001,"symbol":"BTC_USDT"},"symbol":"BTC_USDT","ts":1587442022003}"#
        var expectedDocumented = StreamQuote(market: .perp, symbol: "BTC_USDT", time: 1_587_442_022_003)
        expectedDocumented.fundingRate = 0.001
        Self.expectQuote(try Self.onlyQuote(codec.decode(documented)), expectedDocumented)
    }

    @Test func mexcPongAndRepliesAreControlAndAnErrorReplyIsRefused() {
        let codec = MEXCStreamCodec()
        #expect(codec.decode(#"{"channel":"pong","data":1587453241453}"#) == .control)
        #expect(codec.decode(#"{"channel":"rs.sub.ticker","data":"success","ts":1587442022003}"#) == .control)
        #expect(
            Self.isRefused(codec.decode(#"{"channel":"rs.error","data":"contract not exists","ts":1587442022003}"#)))
    }

    @Test func mexcSubscribesTickerAndFundingRateForPerpetualsOnly() throws {
        let messages = MEXCStreamCodec().subscribe([Self.mexcSpot, Self.mexcPerp], id: 1)
        #expect(messages.count == 2, "the spot instrument is not streamed: \(messages)")
        var methods: [String] = []
        for message in messages {
            let object = try Self.json(message)
            methods.append(object["method"] as? String ?? "?")
            #expect((object["param"] as? [String: Any])?["symbol"] as? String == "BTC_USDT")
            #expect((object["gzip"] as? NSNumber)?.boolValue == false, "plain-text pushes")
        }
        #expect(Set(methods) == ["sub.ticker", "sub.funding.rate"])

        let undo: [String] = try MEXCStreamCodec().unsubscribe([Self.mexcPerp], id: 2).compactMap {
            try Self.json($0)["method"] as? String
        }
        #expect(Set(undo) == ["unsub.ticker", "unsub.funding.rate"])
    }

    // MARK: Keepalive

    @Test func everyKeepaliveProbeIsOneTheVenueAnswersAndTheAnswerIsControl() throws {
        let binance = try Self.json(BinanceStreamCodec(futures: true).ping(id: 5, now: 1_700_000_000_000))
        #expect(binance["method"] as? String == "LIST_SUBSCRIPTIONS")
        #expect(Self.int(binance["id"]) == 5)

        #expect(try Self.json(BybitStreamCodec(linear: true).ping(id: 6, now: 0))["op"] as? String == "ping")
        #expect(OKXStreamCodec().ping(id: 7, now: 0) == "ping")
        #expect(BitgetStreamCodec().ping(id: 8, now: 0) == "ping")
        let gate = try Self.json(GateStreamCodec(futures: true).ping(id: 9, now: 1_700_000_000_123))
        #expect(gate["channel"] as? String == "futures.ping")
        #expect(Self.int(gate["time"]) == 1_700_000_000, "seconds")
        #expect(try Self.json(GateStreamCodec(futures: false).ping(id: 9, now: 0))["channel"] as? String == "spot.ping")
        #expect(try Self.json(MEXCStreamCodec().ping(id: 10, now: 0))["method"] as? String == "ping")

        #expect(
            GateStreamCodec(futures: false).decode(
                #"{"time":1545404023,"channel":"spot.pong","event":"","error":null,"result":null}"#)
                == .control)
        #expect(
            GateStreamCodec(futures: true).decode(
                #"{"time":1545404023,"time_ms":1545404023123,"channel":"futures.pong","event":"","result":null}"#)
                == .control)
        #expect(
            BybitStreamCodec(linear: false).decode(
                #"{"success":true,"ret_msg":"pong","conn_id":"0970e817-426e-429a-a679-ff7f55e0b16a","op":"ping"}"#)
                == .control)
    }

    // MARK: Hostile input

    /// Text that is not a frame of any venue: no codec may read a quote out of it.
    static let junk: [String] = [
        "", "null", "[]", "{", "<html>", #"{"data":5}"#, #"{"arg":{},"data":[{}]}"#,
        String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 20_000),
        "\u{0}", "pong\n", #"{"stream":null,"data":null,"id":null}"#, #"{"topic":"tickers.","data":{}}"#,
        #"{"channel":"push.ticker","data":[]}"#, #"{"event":"update","channel":"spot.tickers","result":[[[]]]}"#,
    ]

    /// Each venue's own frame with numbers that are not numbers.
    static let garbageNumbers: [String] = [
        #"{"stream":"btcusdt@ticker","data":{"e":"24hrTicker","E":1526416545771,"s":"BTCUSDT","c":"NaN","P":"Infinity","h":"1e999","l":"-","v":"0x1A","q":"12abc"}}"#,
        #"{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":"soon","s":"BTCUSDT","p":"nan","i":"inf","r":"-inf","T":"later"}}"#,
        #"{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":1e300,"s":"BTCUSDT","p":"1","T":-1e300}}"#,
        #"{"topic":"tickers.BTCUSDT","type":"snapshot","ts":"x","data":{"symbol":"BTCUSDT","lastPrice":"NaN","price24hPcnt":"∞","highPrice24h":"1e999","markPrice":"--1","fundingRate":"0.0001%","nextFundingTime":"tomorrow","openInterest":"lots"}}"#,
        #"{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","markPrice":"NaN"},"cs":1,"ts":1680673821870}"#,
        #"{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","nextFundingTime":"1e300","fundingIntervalHour":"-8"},"cs":1,"ts":1e300}"#,
        #"{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","last":"NaN","open24h":"0","high24h":"Infinity","low24h":"","vol24h":"x","volCcy24h":"1e999","ts":"now"}]}"#,
        #"{"arg":{"channel":"tickers","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","last":"26008","open24h":"0","volCcy24h":"-0","ts":"1693560446879"}]}"#,
        #"{"arg":{"channel":"funding-rate","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","fundingRate":"NaN","fundingTime":"1e400","ts":"1e30"}]}"#,
        #"{"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","oi":"x","oiCcy":"Infinity","ts":"1743041250440"}]}"#,
        #"{"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":["1"],"ts":{}}]}"#,
        #"{"action":"snapshot","arg":{"instType":"USDT-FUTURES","channel":"ticker","instId":"BTCUSDT"},"data":[{"instId":"BTCUSDT","lastPr":"NaN","change24h":"inf","markPrice":"1e999","fundingRate":"?","nextFundingTime":"-","holdingAmount":"many","ts":"x"}],"ts":"y"}"#,
        #"{"action":"snapshot","arg":{"instType":"SPOT","channel":"ticker","instId":"BTCUSDT"},"data":[{"instId":"BTCUSDT","lastPr":true,"change24h":null,"ts":1e999}],"ts":-1}"#,
        #"{"time":"x","time_ms":"NaN","channel":"spot.tickers","event":"update","result":{"currency_pair":"BTC_USDT","last":"NaN","change_percentage":"inf","high_24h":"1e999","low_24h":"","base_volume":"lots","quote_volume":"-"}}"#,
        #"{"time":1e300,"time_ms":0,"channel":"futures.tickers","event":"update","result":[{"contract":"BTC_USDT","last":"23160.2","total_size":"NaN","mark_price":"Infinity","funding_rate":"x"}]}"#,
        #"{"time":1e300,"time_ms":-5,"channel":"futures.tickers","event":"update","result":[{"contract":"BTC_USDT","last":"23160.2"}]}"#,
        #"{"symbol":"BTC_USDT","data":{"symbol":"BTC_USDT","lastPrice":"NaN","riseFallRate":"Infinity","fairPrice":"x","holdVol":"-","amount24":"1e999","timestamp":"now"},"channel":"push.ticker","ts":"x"}"#,
        #"{"symbol":"BTC_USDT","data":{"symbol":"BTC_USDT","lastPrice":1e999,"holdVol":-1e999,"timestamp":1e300},"channel":"push.ticker","ts":1731137509138}"#,
        #"{"symbol":"BTC_USDT","data":{"symbol":"BTC_USDT","lastPrice":0,"amount24":5,"timestamp":1731137509138},"channel":"push.ticker","ts":1731137509138}"#,
        #"{"channel":"push.funding.rate","data":{"symbol":"BTC_USDT","rate":"NaN","nextSettleTime":"soon"},"ts":1}"#,
    ]

    /// Numbers each finite on the wire whose percentages, quotients or products are not.
    static let extremeNumbers: [String] = [
        #"{"stream":"btcusdt@ticker","data":{"e":"24hrTicker","E":1526416545771,"s":"BTCUSDT","c":"1.7e308","P":"-1.7e308","h":"1e-320","l":"0","v":"1.7e308","q":"1.7e308"}}"#,
        #"{"topic":"tickers.BTCUSDT","type":"snapshot","ts":1680673821770,"data":{"symbol":"BTCUSDT","lastPrice":"28550.70","price24hPcnt":"1e308","turnover24h":"1.7e308"}}"#,
        #"{"topic":"tickers.BTCUSDT","ts":1673853746003,"type":"snapshot","cs":1,"data":{"symbol":"BTCUSDT","lastPrice":"21109.77","price24hPcnt":"-1e308"}}"#,
        #"{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","last":"1e308","open24h":"1e-300","ts":"1652459224956"}]}"#,
        #"{"arg":{"channel":"tickers","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","last":"1e300","open24h":"1","volCcy24h":"1e300","ts":"1693560446879"}]}"#,
        #"{"action":"snapshot","arg":{"instType":"USDT-FUTURES","channel":"ticker","instId":"BTCUSDT"},"data":[{"instId":"BTCUSDT","lastPr":"43480.4","change24h":"1e308","ts":"1701843962811"}],"ts":1701843962812}"#,
        #"{"time":9.3e15,"time_ms":0,"channel":"futures.tickers","event":"update","result":[{"contract":"BTC_USDT","last":"1.7e308","change_percentage":"1.7e308","total_size":"1.7e308"}]}"#,
        #"{"symbol":"BTC_USDT","data":{"symbol":"BTC_USDT","lastPrice":1e-300,"riseFallRate":1e308,"amount24":1e300,"timestamp":1731137509138},"channel":"push.ticker","ts":1731137509138}"#,
    ]

    @Test(arguments: StreamVenue.allCases)
    func hostileInputNeverCrashesACodecNorYieldsNonFiniteNumbers(venue: StreamVenue) {
        let codec = venue.codec
        for text in Self.junk {
            let message = codec.decode(text)
            #expect(Self.quotes(message).isEmpty, "\(venue) read a quote out of \(text.prefix(60))")
        }
        for text in Self.junk + Self.garbageNumbers {
            for quote in Self.quotes(codec.decode(text)) {
                #expect(Self.allFinite(quote), "\(venue) read \(text.prefix(160)) as \(quote)")
            }
        }
    }

    @Test(arguments: StreamVenue.allCases)
    func extremeButFiniteNumbersNeverComputeToInfinity(venue: StreamVenue) {
        let codec = venue.codec
        for text in Self.extremeNumbers {
            for quote in Self.quotes(codec.decode(text)) {
                #expect(Self.allFinite(quote), "\(venue) read \(text.prefix(160)) as \(quote)")
            }
        }
    }
}
