/// OKX v5's JSON: `code` as a string, contracts of `ctVal` for swaps, `volCcy24h` quote
/// for SPOT but base for SWAP.
struct OKXWire {
    let universe: SimulatedUniverse
    let now: Int64

    func answer(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        switch path {
        case "/api/v5/public/instruments":
            let swap = query["instType"] == "SWAP"
            let data = markets(swap: swap).map { market in
                swap
                    ? #"{"instType":"SWAP","instId":"\#(market.base)-USDT-SWAP","uly":"\#(market.base)-USDT","instFamily":"\#(market.base)-USDT","baseCcy":"","quoteCcy":"","settleCcy":"USDT","ctVal":"\#(trim(market.contractValue))","ctMult":"1","ctValCcy":"\#(market.base)","ctType":"linear","lotSz":"1","tickSz":"0.1","state":"live"}"#
                    : #"{"instType":"SPOT","instId":"\#(market.base)-USDT","baseCcy":"\#(market.base)","quoteCcy":"USDT","settleCcy":"","ctVal":"","ctType":"","lotSz":"0.00000001","tickSz":"0.1","state":"live"}"#
            }
            return ok(data)
        case "/api/v5/market/ticker":
            guard let (market, swap) = lookup(query["instId"]) else { return missing() }
            return ok([ticker(market, swap: swap)])
        case "/api/v5/market/tickers":
            let swap = query["instType"] == "SWAP"
            return ok(markets(swap: swap).map { ticker($0, swap: swap) })
        case "/api/v5/public/mark-price":
            guard let (market, swap) = lookup(query["instId"]), swap else { return missing() }
            return ok([
                #"{"instType":"SWAP","instId":"\#(market.base)-USDT-SWAP","markPx":"\#(decimal(market.markPrice))","ts":"\#(now)"}"#
            ])
        case "/api/v5/market/index-tickers":
            guard let (market, swap) = lookup(query["instId"]), !swap else { return missing() }
            return ok([
                #"{"instId":"\#(market.base)-USDT","idxPx":"\#(decimal(market.indexPrice))","high24h":"\#(decimal(market.high))","low24h":"\#(decimal(market.low))","open24h":"\#(decimal(market.open))","sodUtc0":"\#(decimal(market.open))","sodUtc8":"\#(decimal(market.open))","ts":"\#(now)"}"#
            ])
        case "/api/v5/public/funding-rate":
            guard let (market, swap) = lookup(query["instId"]), swap else { return missing() }
            let settles = nextFundingTime(after: now)
            return ok([
                #"{"formulaType":"noRate","fundingRate":"\#(decimal(market.fundingRate, 16))","fundingTime":"\#(settles)","impactValue":"","instId":"\#(market.base)-USDT-SWAP","instType":"SWAP","interestRate":"","maxFundingRate":"0.00375","method":"current_period","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"\#(settles + 8 * 3_600_000)","premium":"0.0001","settFundingRate":"0.0001","settState":"settled","ts":"\#(now)"}"#
            ])
        case "/api/v5/market/candles":
            guard let (market, swap) = lookup(query["instId"]) else { return missing() }
            let bars: [String: Int64] = [
                "1m": 60_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1H": 3_600_000, "4H": 14_400_000,
                "1D": 86_400_000, "1Dutc": 86_400_000,
            ]
            guard let interval = bars[query["bar"] ?? "1m"] else {
                return json(#"{"code":"51000","msg":"Parameter bar error","data":[]}"#)
            }
            let rows = universe.candles(
                market.base, interval: interval, count: limit(query, 100, max: 300), at: now, perp: swap
            )
            .reversed().map { bar in
                // vol: base (spot) / contracts (swap); volCcy: quote (spot) / base (swap).
                let vol = swap ? bar.volume / market.contractValue : bar.volume
                let volCcy = swap ? bar.volume : bar.quoteVolume
                return
                    #"["\#(bar.openTime)","\#(decimal(bar.open))","\#(decimal(bar.high))","\#(decimal(bar.low))","\#(decimal(bar.close))","\#(decimal(vol))","\#(decimal(volCcy))","\#(decimal(bar.quoteVolume))","\#(bar.isClosed ? 1 : 0)"]"#
            }
            return ok(rows)
        case "/api/v5/market/trades":
            guard let (market, swap) = lookup(query["instId"]) else { return missing() }
            let rows = universe.trades(market.base, count: limit(query, 100, max: 500), at: now, perp: swap)
                .enumerated().reversed().map { index, trade in
                    #"{"instId":"\#(query["instId"] ?? "")","side":"\#(trade.buy ? "buy" : "sell")","sz":"\#(decimal(swap ? trade.size / market.contractValue : trade.size))","px":"\#(decimal(trade.price))","tradeId":"\#(index)","ts":"\#(trade.time)"}"#
                }
            return ok(rows)
        case "/api/v5/public/open-interest":
            func row(_ market: SimulatedMarket) -> String {
                #"{"instType":"SWAP","instId":"\#(market.base)-USDT-SWAP","oi":"\#(decimal(market.openInterest / market.contractValue))","oiCcy":"\#(decimal(market.openInterest))","oiUsd":"\#(decimal(market.openInterest * market.markPrice))","ts":"\#(now)"}"#
            }
            // Without instId: every swap (instType is required).
            if query["instId"] == nil, query["instType"] == "SWAP" { return ok(markets(swap: true).map(row)) }
            guard let (market, swap) = lookup(query["instId"]), swap else { return missing() }
            return ok([row(market)])
        case "/api/v5/rubik/stat/contracts/open-interest-history":
            guard let (market, swap) = lookup(query["instId"]), swap else { return missing() }
            let periods: [String: Int64] = ["5m": 300_000, "1H": 3_600_000, "1D": 86_400_000]
            guard let period = periods[query["period"] ?? "5m"] else {
                return json(#"{"code":"51000","msg":"Parameter period error","data":[]}"#)
            }
            let rows = universe.openInterestHistory(
                market.base, period: period, count: limit(query, 100, max: 100), at: now
            )
            .reversed().map { point in
                #"["\#(point.time)","\#(decimal(point.base / market.contractValue))","\#(decimal(point.base))","\#(decimal(point.base * point.price))"]"#
            }
            return ok(rows)
        default:
            return json(#"{"msg":"Not Found","code":404}"#, status: 404)
        }
    }

    private func markets(swap: Bool) -> [SimulatedMarket] {
        universe.bases.compactMap { universe.market($0, at: now) }.filter { !swap || $0.hasPerp }
    }

    /// `BTC-USDT` or `BTC-USDT-SWAP` → the market and whether it is the swap.
    private func lookup(_ instId: String?) -> (SimulatedMarket, Bool)? {
        guard let instId else { return nil }
        let parts = instId.split(separator: "-")
        guard parts.count >= 2, parts[1] == "USDT", let market = universe.market(String(parts[0]), at: now) else {
            return nil
        }
        let swap = parts.count == 3 && parts[2] == "SWAP"
        if swap && !market.hasPerp { return nil }
        return (market, swap)
    }

    private func ticker(_ market: SimulatedMarket, swap: Bool) -> String {
        let price = swap ? market.markPrice : market.spot
        let id = swap ? "\(market.base)-USDT-SWAP" : "\(market.base)-USDT"
        // SPOT: vol24h base, volCcy24h quote. SWAP: vol24h contracts, volCcy24h base.
        let vol = swap ? market.volume / market.contractValue : market.volume
        let volCcy = swap ? market.volume : market.volume * price
        return
            #"{"instType":"\#(swap ? "SWAP" : "SPOT")","instId":"\#(id)","last":"\#(decimal(price))","lastSz":"1","askPx":"\#(decimal(price * 1.00005))","askSz":"1","bidPx":"\#(decimal(price * 0.99995))","bidSz":"1","open24h":"\#(decimal(market.open))","high24h":"\#(decimal(market.high))","low24h":"\#(decimal(market.low))","volCcy24h":"\#(decimal(volCcy))","vol24h":"\#(decimal(vol))","sodUtc0":"\#(decimal(market.open))","sodUtc8":"\#(decimal(market.open))","ts":"\#(now)"}"#
    }

    private func ok(_ items: [String]) -> ExchangeSimulator.Answer {
        json(#"{"code":"0","msg":"","data":[\#(items.joined(separator: ","))]}"#)
    }

    private func missing() -> ExchangeSimulator.Answer {
        json(#"{"code":"51001","msg":"Instrument ID doesn't exist.","data":[]}"#)
    }

    private func trim(_ value: Double) -> String {
        var text = decimal(value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
