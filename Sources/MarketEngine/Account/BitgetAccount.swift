#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Bitget v2 classic account: spot `/api/v2/spot/account/assets`, USDT-M
/// `/api/v2/mix/account/accounts`, `/api/v2/mix/position/all-position` and
/// `/api/v2/mix/position/history-position`, signed with ACCESS-* headers over timestamp +
/// method + path with query. A Unified-Account key is refused with 40085, whose message
/// says exactly that, so it is reported as Bitget's own words.
struct BitgetAccount: AccountAdapter {
    let exchange = Exchange.bitget
    let gateway: ExchangeGateway
    let credentials: ExchangeCredentials
    let engine: MarketEngine
    let clock = ServerClock()

    typealias Envelope = BitgetAdapter.Envelope

    static let productType = BitgetAdapter.productType
    /// history-position's largest page; more pages than this in one period is beyond a bot reply.
    static let pageSize = 100
    static let maxPages = 10

    /// A signed GET; on 40008 (timestamp outside Bitget's window) the clock is resynchronised
    /// with the server's and the request sent once more.
    func signed<Payload: Decodable & Sendable>(_ path: String, _ parameters: [(String, String)], as type: Payload.Type)
        async throws -> Payload
    {
        // Sorted: the signature covers the query exactly as sent, and Bitget's Chinese
        // signature page asks for keys in ascending order.
        let query = ExchangeGateway.queryString(parameters.sorted { $0.0 < $1.0 })
        let requestPath = path + (query.isEmpty ? "" : "?" + query)
        let credentials = self.credentials
        let gateway = self.gateway
        return try await clock.resynchronisingOnce(
            on: gateway.clock,
            serverTime: {
                let response = try await gateway.get("/api/v2/public/time")
                let envelope = try decodeBody(Envelope<BitgetServerTime>.self, from: response.body, exchange: .bitget)
                guard let time = try await BitgetAdapter.unwrap(envelope, gateway: gateway).data.serverTime.int64 else {
                    throw MarketFailure.badResponse(.bitget, reason: "missing serverTime")
                }
                return time
            }
        ) { offset in
            let response = try await gateway.get(path, rawQuery: query) {
                let timestamp = gateway.clock.wallMilliseconds &+ offset
                let signature = RequestSigner.bitget(
                    timestamp: timestamp, method: "GET", requestPath: requestPath, body: "",
                    secret: credentials.secret)
                return (
                    query,
                    [
                        ("ACCESS-KEY", credentials.apiKey), ("ACCESS-SIGN", signature),
                        ("ACCESS-TIMESTAMP", String(timestamp)),
                        ("ACCESS-PASSPHRASE", credentials.passphrase ?? ""), ("locale", "en-US"),
                    ]
                )
            }
            let envelope = try decodeBody(Envelope<Payload>.self, from: response.body, exchange: .bitget)
            if envelope.code == "40008" {
                return .timestampRefused(.rejected(.bitget, code: envelope.code, message: envelope.msg))
            }
            return .answered(try await BitgetAdapter.unwrap(envelope, gateway: gateway).data)
        }
    }

    /// Spot assets valued at the spot tickers' USDT prices, plus the USDT-M account's equity.
    func balance(dustUSD: Decimal) async throws -> AccountBalance {
        struct SpotAsset: Decodable {
            let coin: String
            let available: String?
            let frozen: String?
            let locked: String?
        }
        struct FuturesAccount: Decodable {
            let marginCoin: String
            let available: String?
            let accountEquity: String?
            let usdtEquity: String?
            let unrealizedPL: String?
            let crossedUnrealizedPL: String?
            let isolatedUnrealizedPL: String?
        }
        async let spotAssets = signed("/api/v2/spot/account/assets", [], as: [SpotAsset].self)
        async let futuresAccounts = signed(
            "/api/v2/mix/account/accounts", [("productType", Self.productType)], as: [FuturesAccount].self)
        async let prices = usdPrices(engine, .bitget)
        let spot = try await spotAssets
        let futures = try await futuresAccounts
        let priceOf = await prices
        // The doc example writes coins in lower case; tickers name them in upper case.
        let assets = AssetBalance.spot(
            spot.map { ($0.coin.uppercased(), $0.available, [$0.frozen, $0.locked]) }, prices: priceOf,
            dustUSD: dustUSD)
        var margin: Decimal = 0
        var unrealized: Decimal = 0
        var available: Decimal = 0
        for account in futures {
            margin += decimal(account.usdtEquity) ?? decimal(account.accountEquity) ?? 0
            // `unrealizedPL` can be "" (doc example): the crossed and isolated parts add up to it.
            unrealized +=
                decimal(account.unrealizedPL)
                ?? (decimal(account.crossedUnrealizedPL) ?? 0) + (decimal(account.isolatedUnrealizedPL) ?? 0)
            if account.marginCoin.uppercased() == "USDT" { available += decimal(account.available) ?? 0 }
        }
        return AccountBalance(
            exchange: exchange, assets: assets, walletBalance: margin - unrealized, unrealizedPnl: unrealized,
            marginBalance: margin, availableBalance: available,
            totalEquity: assets.reduce(0) { $0 + ($1.usdValue ?? 0) } + margin)
    }

    /// USDT-M positions; `total` is base coin, so no contract size is involved.
    func positions() async throws -> [Position] {
        struct Item: Decodable {
            let symbol: String
            let holdSide: String
            let total: String
            let openPriceAvg: String?
            let markPrice: String?
            let liquidationPrice: String?
            let leverage: String?
            let unrealizedPL: String?
        }
        let items = try await signed(
            "/api/v2/mix/position/all-position", [("productType", Self.productType), ("marginCoin", "USDT")],
            as: [Item].self)
        return items.compactMap { item in
            guard let size = decimal(item.total).map({ abs($0) }), size > 0 else { return nil }
            let entry = decimal(item.openPriceAvg) ?? 0
            let mark = decimal(item.markPrice) ?? 0
            let leverage = decimal(item.leverage) ?? 1
            let pnl = decimal(item.unrealizedPL) ?? 0
            // Cross positions far from danger report 0 or a negative price: no liquidation.
            let liquidation = decimal(item.liquidationPrice).flatMap { $0 > 0 ? $0 : nil }
            return Position(
                exchange: exchange, symbol: item.symbol, side: item.holdSide == "short" ? .short : .long, size: size,
                notional: mark * size, entryPrice: entry, markPrice: mark, liquidationPrice: liquidation,
                leverage: leverage, unrealizedPnl: pnl,
                roePercent: returnOnEquity(pnl: pnl, entry: entry, size: size, leverage: leverage))
        }
    }

    /// From history-position, one row per position closed since `since`: `pnl` is the price
    /// result alone, `totalFunding` and `openFee` + `closeFee` (negative when paid) are kept
    /// apart, and together they make the row's `netProfit`. A position counts when it
    /// closes, with the funding and opening fee of its whole life, so what a position still
    /// open has paid appears only once it is closed. The account bill would date each
    /// payment, but allows 30 days a request and names dozens of business types; this is
    /// the exchange's own per-position split.
    func pnl(since: Int64) async throws -> PnLBreakdown {
        struct Page: Decodable {
            struct Item: Decodable {
                let pnl: String?
                let totalFunding: String?
                let openFee: String?
                let closeFee: String?
                let utime: String?
                let uTime: String?
            }
            let list: [Item]?
            let endId: String?
        }
        async let open = positions()
        var realized: Decimal = 0
        var funding: Decimal = 0
        var commissions: Decimal = 0
        var before: String?
        for _ in 0..<Self.maxPages {
            var parameters = [
                ("productType", Self.productType), ("startTime", String(since)), ("limit", String(Self.pageSize)),
            ]
            if let before { parameters.append(("idLessThan", before)) }
            let page = try await signed("/api/v2/mix/position/history-position", parameters, as: Page.self)
            let rows = page.list ?? []
            for row in rows {
                // Closed before the period (the filter's field is not documented): left out.
                if let closed = Self.milliseconds(row.utime ?? row.uTime), closed < since { continue }
                realized += decimal(row.pnl) ?? 0
                funding += decimal(row.totalFunding) ?? 0
                commissions += (decimal(row.openFee) ?? 0) + (decimal(row.closeFee) ?? 0)
            }
            guard rows.count == Self.pageSize, let next = page.endId, !next.isEmpty else { break }
            before = next
        }
        return PnLBreakdown(
            exchange: exchange, realized: realized, funding: funding, commissions: commissions,
            unrealized: try await open.reduce(0) { $0 + $1.unrealizedPnl })
    }

    /// Bitget documents milliseconds, but some account examples carry seconds.
    static func milliseconds(_ text: String?) -> Int64? {
        guard let text, let value = Int64(text) else { return nil }
        return value < 100_000_000_000 ? value * 1000 : value
    }
}

/// `/api/v2/public/time`'s `data`.
private struct BitgetServerTime: Decodable {
    let serverTime: WireNumber
}
