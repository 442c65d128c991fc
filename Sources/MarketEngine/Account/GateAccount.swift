#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Gate API v4: spot `/api/v4/spot/accounts`, the USDT-settled futures account, positions and
/// account book, signed with `KEY`, `Timestamp` (seconds) and `SIGN` headers over method,
/// path, query, the body's SHA-512 and the timestamp.
struct GateAccount: AccountAdapter {
    let exchange = Exchange.gate
    let gateway: ExchangeGateway
    let credentials: ExchangeCredentials
    let engine: MarketEngine
    let clock = ServerClock()

    /// A signed GET as `T`. On `REQUEST_EXPIRED` (Timestamp over 60 s from Gate's clock) the
    /// clock is resynchronised with Gate's and the request sent once more; a request that
    /// finds the clock already moved by a concurrent one only retries.
    func signed<T: Decodable & Sendable>(_ path: String, _ parameters: [(String, String)] = [], as type: T.Type)
        async throws -> T
    {
        let query = ExchangeGateway.queryString(parameters)
        let credentials = self.credentials
        let gateway = self.gateway
        return try await clock.resynchronisingOnce(
            on: gateway.clock,
            serverTime: {
                return try GateAdapter.decode(GateServerTime.self, try await gateway.get("/api/v4/spot/time"))
                    .serverTime
            }
        ) { offset in
            let response = try await gateway.get(path, rawQuery: query) {
                let timestamp = (gateway.clock.wallMilliseconds &+ offset) / 1000
                let signature = RequestSigner.gate(
                    method: "GET", path: path, query: query, body: "", timestamp: timestamp,
                    secret: credentials.secret)
                return (
                    query,
                    [
                        ("KEY", credentials.apiKey), ("Timestamp", String(timestamp)), ("SIGN", signature),
                        GateAdapter.sizeDecimal,
                    ]
                )
            }
            guard response.status >= 400 else {
                return .answered(try decodeBody(T.self, from: response.body, exchange: .gate))
            }
            let failure = GateAdapter.rejection(response)
            if failure.reason.rejectionCode == "REQUEST_EXPIRED" { return .timestampRefused(failure) }
            throw failure
        }
    }

    func balance(dustUSD: Decimal) async throws -> AccountBalance {
        struct SpotItem: Decodable {
            let currency: String
            let available: String
            let locked: String?
        }
        struct FuturesAccount: Decodable {
            let total: String
            let unrealisedPnl: String?
            let available: String?

            enum CodingKeys: String, CodingKey {
                case total, available
                case unrealisedPnl = "unrealised_pnl"
            }
        }
        async let spot = signed("/api/v4/spot/accounts", as: [SpotItem].self)
        async let futures = signed("/api/v4/futures/usdt/accounts", as: FuturesAccount.self)
        async let prices = usdPrices(engine, .gate)
        let priceOf = await prices
        let assets = AssetBalance.spot(
            try await spot.map { ($0.currency, $0.available, [$0.locked]) }, prices: priceOf, dustUSD: dustUSD)
        let account = try await futures
        // `total` is the futures wallet without unrealised PnL (deposits, withdrawals and
        // realised results summed); the margin balance adds the unrealised part.
        let wallet = decimal(account.total) ?? 0
        let unrealised = decimal(account.unrealisedPnl) ?? 0
        let margin = wallet + unrealised
        return AccountBalance(
            exchange: exchange, assets: assets, walletBalance: wallet, unrealizedPnl: unrealised,
            marginBalance: margin, availableBalance: decimal(account.available) ?? 0,
            totalEquity: assets.reduce(0) { $0 + ($1.usdValue ?? 0) } + margin)
    }

    func positions() async throws -> [Position] {
        struct Item: Decodable {
            let contract: String
            let size: WireDecimal
            let mode: String?
            let entryPrice: String?
            let markPrice: String?
            let liqPrice: String?
            let leverage: String?
            let crossLeverageLimit: String?
            let lever: String?
            let unrealisedPnl: String?
            let value: String?

            enum CodingKeys: String, CodingKey {
                case contract, size, mode, leverage, lever, value
                case entryPrice = "entry_price"
                case markPrice = "mark_price"
                case liqPrice = "liq_price"
                case crossLeverageLimit = "cross_leverage_limit"
                case unrealisedPnl = "unrealised_pnl"
            }
        }
        async let items = signed("/api/v4/futures/usdt/positions", [("holding", "true")], as: [Item].self)
        // Multipliers as their shortest decimal text: 0.0001 exactly, not its binary neighbour.
        let multipliers = Dictionary(
            ((try? await engine.instruments(.gate, .perp)) ?? []).map {
                ($0.symbol, Decimal(string: "\($0.contractValue)") ?? 1)
            }
        ) { first, _ in first }
        return try await items.compactMap { item in
            guard let contracts = item.size.value, contracts != 0 else { return nil }
            let size = abs(contracts) * (multipliers[item.contract] ?? 1)
            let entry = decimal(item.entryPrice) ?? 0
            let mark = decimal(item.markPrice) ?? 0
            // `leverage` 0 means cross margin, whose ceiling is `cross_leverage_limit`; newer
            // answers also carry `lever`, the leverage in force either way.
            let leverage =
                [item.lever, item.leverage, item.crossLeverageLimit].lazy.compactMap { decimal($0) }.first { $0 > 0 }
                ?? 1
            let pnl = decimal(item.unrealisedPnl) ?? 0
            // Dual mode names the side; single mode signs the contracts.
            let side: Position.Side =
                item.mode == "dual_short" || (item.mode != "dual_long" && contracts < 0) ? .short : .long
            let liquidation = decimal(item.liqPrice)
            return Position(
                exchange: exchange, symbol: item.contract, side: side, size: size,
                notional: abs(decimal(item.value) ?? size * mark), entryPrice: entry, markPrice: mark,
                liquidationPrice: liquidation == 0 ? nil : liquidation, leverage: leverage, unrealizedPnl: pnl,
                roePercent: returnOnEquity(pnl: pnl, entry: entry, size: size, leverage: leverage))
        }
    }

    /// From the futures account book, not `position_close`: the book has each realised
    /// PnL, fee and funding payment at the moment it happened, so the period holds exactly
    /// what happened in it, the fees and funding of positions still open included.
    /// `position_close` has a line per closed position only, with the fees and funding of
    /// its whole life, however long before `since` it was opened.
    func pnl(since: Int64) async throws -> PnLBreakdown {
        struct Entry: Decodable {
            let type: String
            let change: String
        }
        async let open = positions()
        var realized: Decimal = 0
        var funding: Decimal = 0
        var commissions: Decimal = 0
        let pageSize = 1000
        for page in 0..<10 {  // 10,000 entries; a page short of full is the last
            let entries = try await signed(
                "/api/v4/futures/usdt/account_book",
                [("from", String(since / 1000)), ("limit", String(pageSize)), ("offset", String(page * pageSize))],
                as: [Entry].self)
            for entry in entries {
                let amount = decimal(entry.change) ?? 0
                switch entry.type {
                case "pnl": realized += amount
                case "fee": commissions += amount
                case "fund": funding += amount
                default: break  // deposits, transfers, rebates, bonuses
                }
            }
            if entries.count < pageSize { break }
        }
        return PnLBreakdown(
            exchange: exchange, realized: realized, funding: funding, commissions: commissions,
            unrealized: try await open.reduce(0) { $0 + $1.unrealizedPnl })
    }
}

/// `/api/v4/spot/time` (milliseconds).
private struct GateServerTime: Decodable {
    let serverTime: Int64

    enum CodingKeys: String, CodingKey { case serverTime = "server_time" }
}
