/// Binance's JSON, as `/api/v3` and `/fapi/v1` send it.
struct BinanceWire {
    let universe: SimulatedUniverse
    let now: Int64

    func answer(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        let futures = path.hasPrefix("/fapi/")
        switch path {
        case "/api/v3/exchangeInfo", "/fapi/v1/exchangeInfo":
            let symbols = universe.bases.compactMap { base -> String? in
                guard let market = universe.market(base, at: now), !futures || market.hasPerp else { return nil }
                let contract =
                    futures ? #","contractType":"PERPETUAL","marginAsset":"USDT""# : #","isSpotTradingAllowed":true"#
                return
                    #"{"symbol":"\#(base)USDT","status":"TRADING","baseAsset":"\#(base)","baseAssetPrecision":8,"quoteAsset":"USDT","quotePrecision":8\#(contract),"filters":[]}"#
            }
            return json(
                #"{"timezone":"UTC","serverTime":\#(now),"rateLimits":[],"symbols":[\#(symbols.joined(separator: ","))]}"#
            )
        case "/api/v3/ticker/24hr", "/fapi/v1/ticker/24hr":
            if let symbol = query["symbol"] {
                guard let market = market(symbol, futures: futures) else { return invalidSymbol() }
                return json(ticker(market, futures: futures))
            }
            let all = universe.bases.compactMap { market($0 + "USDT", futures: futures) }.map {
                ticker($0, futures: futures)
            }
            return json("[\(all.joined(separator: ","))]")
        case "/fapi/v1/premiumIndex":
            if let symbol = query["symbol"] {
                guard let market = market(symbol, futures: true) else { return invalidSymbol() }
                return json(premium(market))
            }
            let all = universe.bases.compactMap { market($0 + "USDT", futures: true) }.map(premium)
            return json("[\(all.joined(separator: ","))]")
        case "/api/v3/klines", "/fapi/v1/klines":
            guard let symbol = query["symbol"], let market = market(symbol, futures: futures) else {
                return invalidSymbol()
            }
            guard let interval = intervalMilliseconds(query["interval"]) else {
                return json(#"{"code":-1120,"msg":"Invalid interval."}"#, status: 400)
            }
            let rows = universe.candles(
                market.base, interval: interval, count: limit(query, 500, max: 1500), at: now, perp: futures
            )
            .map { bar in
                #"[\#(bar.openTime),"\#(decimal(bar.open))","\#(decimal(bar.high))","\#(decimal(bar.low))","\#(decimal(bar.close))","\#(decimal(bar.volume))",\#(bar.openTime + interval - 1),"\#(decimal(bar.quoteVolume))",100,"\#(decimal(bar.takerBuyVolume))","\#(decimal(bar.takerBuyVolume * bar.close))","0"]"#
            }
            return json("[\(rows.joined(separator: ","))]")
        case "/api/v3/aggTrades", "/fapi/v1/aggTrades":
            guard let symbol = query["symbol"], let market = market(symbol, futures: futures) else {
                return invalidSymbol()
            }
            let rows = universe.trades(market.base, count: limit(query, 500, max: 1000), at: now, perp: futures)
                .enumerated().map { index, trade in
                    // m: the buyer was the maker, i.e. the taker sold.
                    #"{"a":\#(index),"p":"\#(decimal(trade.price))","q":"\#(decimal(trade.size))","f":\#(index),"l":\#(index),"T":\#(trade.time),"m":\#(!trade.buy)}"#
                }
            return json("[\(rows.joined(separator: ","))]")
        case "/fapi/v1/openInterest":
            guard let symbol = query["symbol"], let market = market(symbol, futures: true) else {
                return invalidSymbol()
            }
            return json(#"{"openInterest":"\#(decimal(market.openInterest, 3))","symbol":"\#(symbol)","time":\#(now)}"#)
        case "/futures/data/openInterestHist":
            guard let symbol = query["symbol"], let market = market(symbol, futures: true),
                let period = intervalMilliseconds(query["period"])
            else { return invalidSymbol() }
            let rows = universe.openInterestHistory(
                market.base, period: period, count: limit(query, 30, max: 500), at: now
            ).map { point in
                #"{"symbol":"\#(symbol)","sumOpenInterest":"\#(decimal(point.base))","sumOpenInterestValue":"\#(decimal(point.base * point.price))","CMCCirculatingSupply":"19000000.00000000","timestamp":\#(point.time)}"#
            }
            return json("[\(rows.joined(separator: ","))]")
        default:
            return json(#"{"code":-5000,"msg":"Path \#(path) not found"}"#, status: 404)
        }
    }

    private func market(_ symbol: String, futures: Bool) -> SimulatedMarket? {
        guard symbol.hasSuffix("USDT"), let market = universe.market(String(symbol.dropLast(4)), at: now) else {
            return nil
        }
        return !futures || market.hasPerp ? market : nil
    }

    private func intervalMilliseconds(_ text: String?) -> Int64? {
        [
            "1m": 60_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1h": 3_600_000, "4h": 14_400_000,
            "1d": 86_400_000,
        ][
            text ?? ""]
    }

    private func invalidSymbol() -> ExchangeSimulator.Answer {
        json(#"{"code":-1121,"msg":"Invalid symbol."}"#, status: 400)
    }

    private func ticker(_ market: SimulatedMarket, futures: Bool) -> String {
        let price = futures ? market.markPrice : market.spot
        let book =
            futures ? "" : #","bidPrice":"\#(decimal(price * 0.99995))","askPrice":"\#(decimal(price * 1.00005))""#
        return
            #"{"symbol":"\#(market.base)USDT","priceChange":"\#(decimal(price - market.open))","priceChangePercent":"\#(decimal(market.changePercent, 3))","weightedAvgPrice":"\#(decimal(price))","lastPrice":"\#(decimal(price))","lastQty":"1.00000000"\#(book),"openPrice":"\#(decimal(market.open))","highPrice":"\#(decimal(market.high))","lowPrice":"\#(decimal(market.low))","volume":"\#(decimal(market.volume))","quoteVolume":"\#(decimal(market.volume * price))","openTime":\#(now - 86_400_000),"closeTime":\#(now),"firstId":1,"lastId":1000,"count":1000}"#
    }

    private func premium(_ market: SimulatedMarket) -> String {
        #"{"symbol":"\#(market.base)USDT","markPrice":"\#(decimal(market.markPrice))","indexPrice":"\#(decimal(market.indexPrice))","estimatedSettlePrice":"\#(decimal(market.indexPrice))","lastFundingRate":"\#(decimal(market.fundingRate))","interestRate":"0.00010000","nextFundingTime":\#(nextFundingTime(after: now)),"time":\#(now)}"#
    }
}
