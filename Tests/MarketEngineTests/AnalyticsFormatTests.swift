import Testing

@testable import MarketEngine

/// Decoding of bodies shaped like the exchanges' real ones (values from their docs and
/// captures, written here by hand).
@Suite struct WireDecodingTests {
    @Test func binanceRealTickerStringsAndPercent() throws {
        let body =
            #"{"symbol":"BTCUSDT","priceChange":"-1880.95000000","priceChangePercent":"-3.003","weightedAvgPrice":"61979.85540978","prevClosePrice":"62636.13000000","lastPrice":"60755.18000000","lastQty":"0.20083000","bidPrice":"60755.18000000","bidQty":"0.34024000","askPrice":"60755.19000000","askQty":"0.64537000","openPrice":"62636.13000000","highPrice":"63732.39000000","lowPrice":"60000.00000000","volume":"53076.84650000","quoteVolume":"3289695271.67717710","openTime":1634858001452,"closeTime":1634944401452,"firstId":1109901940,"lastId":1111482582,"count":1580643}"#
        let ticker = try decodeBody(BinanceAdapter.Ticker24h.self, from: Array(body.utf8), exchange: .binance)
        #expect(ticker.lastPrice.value == 60755.18)
        #expect(ticker.priceChangePercent.value == -3.003)
        #expect(ticker.quoteVolume.value == 3_289_695_271.6771771)
        #expect(ticker.closeTime == 1_634_944_401_452)
    }

    @Test func bybitEnvelopeAndEmptyStrings() throws {
        let body =
            #"{"retCode":0,"retMsg":"OK","result":{"category":"inverse","list":[{"symbol":"BTCUSD","lastPrice":"120635.50","indexPrice":"114890.92","markPrice":"114898.43","prevPrice24h":"105595.90","price24hPcnt":"0.142425","highPrice24h":"131309.30","lowPrice24h":"102007.60","openInterest":"240113967","turnover24h":"115.6907","volume24h":"13713832.0000","fundingRate":"0.0001","nextFundingTime":"1760371200000","basisRate":"","deliveryTime":"0","fundingIntervalHour":"8","fundingCap":"0.005"}]},"retExtInfo":{},"time":1760352369814}"#
        let envelope = try decodeBody(
            BybitAdapter.Envelope<BybitAdapter.Page<BybitAdapter.TickerItem>>.self, from: Array(body.utf8),
            exchange: .bybit)
        let item = try #require(envelope.result?.list.first)
        #expect(item.price24hPcnt?.value == 0.142425)  // a fraction: 14.24 %
        #expect(item.nextFundingTime?.int64 == 1_760_371_200_000)
        #expect(envelope.time == 1_760_352_369_814)
    }

    /// Times beyond Int64 (or not numbers) from a misbehaving exchange become nil, not a
    /// trap converting them.
    @Test func outOfRangeTimesAreNil() throws {
        let body =
            #"{"code":"0","data":[{"fundingRate":"0.0001","fundingTime":"1e300","nextFundingTime":"-9.3e18","instId":"BTC-USDT-SWAP","ts":"9223372036854775807"}],"msg":""}"#
        let envelope = try decodeBody(
            OKXAdapter.Envelope<OKXAdapter.FundingItem>.self, from: Array(body.utf8), exchange: .okx)
        let item = try #require(envelope.data?.first)
        #expect(item.fundingTime.int64 == nil)
        #expect(item.nextFundingTime?.int64 == nil)
        let kline = try decodeBody(
            [KlineField].self, from: Array(#"["nan", 1e19, 1634858001452]"#.utf8), exchange: .binance)
        #expect(kline.map(\.integer) == [nil, nil, 1_634_858_001_452])
    }

    @Test func okxCodeIsAStringAndEmptyNumbersAreNil() throws {
        let body =
            #"{"code":"0","data":[{"formulaType":"noRate","fundingRate":"0.0000182221218054","fundingTime":"1743609600000","impactValue":"","instId":"BTC-USDT-SWAP","instType":"SWAP","interestRate":"","maxFundingRate":"0.00375","method":"current_period","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"1743638400000","premium":"0.0000910113652644","settFundingRate":"0.0000145824401745","settState":"settled","ts":"1743588686291"}],"msg":""}"#
        let envelope = try decodeBody(
            OKXAdapter.Envelope<OKXAdapter.FundingItem>.self, from: Array(body.utf8), exchange: .okx)
        #expect(envelope.code == "0")
        let item = try #require(envelope.data?.first)
        #expect(item.fundingRate.value == 0.0000182221218054)
        #expect(item.nextFundingTime?.int64 == 1_743_638_400_000)
    }

    @Test func nonNumericStringsAreGarbage() {
        #expect(throws: MarketFailure.badResponse(.binance, reason: "unexpected JSON shape")) {
            try decodeBody(
                BinanceAdapter.PremiumIndex.self,
                from: Array(#"{"markPrice":"abc","indexPrice":"1","lastFundingRate":"0","nextFundingTime":1}"#.utf8),
                exchange: .binance)
        }
        #expect(throws: MarketFailure.badResponse(.okx, reason: "empty body")) {
            try decodeBody(OKXAdapter.Envelope<OKXAdapter.MarkItem>.self, from: [], exchange: .okx)
        }
    }

    @Test func symbolQueries() {
        #expect(SymbolQuery("eth/btc") == SymbolQuery(base: "ETH", quote: "BTC", perpetual: false))
        #expect(SymbolQuery("PEPEUSDT")?.base == "PEPE")
        #expect(SymbolQuery("BTC-USDT-SWAP")?.perpetual == true)
        #expect(SymbolQuery("USDT")?.base == "USDT")  // a bare quote is a base
        #expect(SymbolQuery("<script>") == nil)
        #expect(SymbolQuery("a-b-c") == nil)
    }

    @Test func editDistance() {
        #expect(SymbolResolver.editDistance("BTC", "BTCC", limit: 2) == 1)
        #expect(SymbolResolver.editDistance("ETH", "ETC", limit: 2) == 1)
        #expect(SymbolResolver.editDistance("DOGE", "SHIB", limit: 2) == 3)
    }
}

extension SymbolQuery {
    init(base: String, quote: String, perpetual: Bool) {
        self = SymbolQuery("\(base)/\(quote)")!
        self.perpetual = perpetual
    }
}
