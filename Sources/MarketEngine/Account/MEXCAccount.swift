#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// MEXC spot `/api/v3/account` (signed like Binance: `timestamp`, `recvWindow` and
/// `signature` in the query, the key in `X-MEXC-APIKEY`) and the contract account
/// `/api/v1/private/…` (headers `ApiKey`, `Request-Time`, `Signature` over the sorted
/// parameters). Contract sizes are contracts of the instrument's `contractSize`.
struct MEXCAccount: AccountAdapter {
    let exchange = Exchange.mexc
    let spot: ExchangeGateway
    let futures: ExchangeGateway
    let credentials: ExchangeCredentials
    let engine: MarketEngine
    /// The two APIs are separate services; each learns its own offset.
    let spotClock = ServerClock()
    let contractClock = ServerClock()

    typealias Envelope = MEXCAdapter.Envelope

    static let spotSigning = QuerySignedRequest(keyHeader: "X-MEXC-APIKEY", timestampRefusal: 700003)

    /// A signed spot GET; on 700003 (timestamp outside recvWindow) the clock is
    /// resynchronised from `/api/v3/time` and the request sent once more.
    func spotSigned(_ path: String, _ parameters: [(String, String)] = []) async throws -> [UInt8] {
        try await Self.spotSigning.get(
            spot, path, parameters, credentials: credentials, clock: spotClock, timePath: "/api/v3/time")
    }

    /// A signed contract GET; on 513 (Request-Time outside the window) the clock is
    /// resynchronised from `/api/v1/contract/ping` and the request sent once more.
    func contractSigned<Payload: Decodable & Sendable>(
        _ path: String, _ parameters: [(String, String)] = [], as type: Payload.Type
    ) async throws -> Payload {
        let credentials = self.credentials
        let query = RequestSigner.mexcParameterString(parameters)
        let futures = self.futures
        return try await contractClock.resynchronisingOnce(
            on: futures.clock,
            serverTime: {
                let ping = try await futures.get("/api/v1/contract/ping")
                let serverTime = try decodeBody(Envelope<Int64>.self, from: ping.body, exchange: .mexc)
                guard let time = serverTime.data else {
                    throw await MEXCAdapter.contractFailure(
                        serverTime.code, serverTime.message, limiter: futures.limiter)
                }
                return time
            }
        ) { offset in
            let response = try await futures.get(path, rawQuery: query) {
                let time = futures.clock.wallMilliseconds &+ offset
                let signature = RequestSigner.mexcContract(
                    accessKey: credentials.apiKey, requestTime: time, parameters: query, secret: credentials.secret)
                return (
                    query,
                    [("ApiKey", credentials.apiKey), ("Request-Time", String(time)), ("Signature", signature)]
                )
            }
            let envelope = try decodeBody(Envelope<Payload>.self, from: response.body, exchange: .mexc)
            if let data = envelope.data { return .answered(data) }
            let failure = await MEXCAdapter.contractFailure(envelope.code, envelope.message, limiter: futures.limiter)
            if envelope.code == 513 { return .timestampRefused(failure) }
            throw failure
        }
    }

    func balance(dustUSD: Decimal) async throws -> AccountBalance {
        struct SpotAccount: Decodable {
            struct Item: Decodable {
                let asset: String
                let free: String
                let locked: String
            }
            let balances: [Item]
        }
        struct Asset: Decodable {
            let currency: String
            let equity: WireDecimal?
            let unrealized: WireDecimal?
            let availableBalance: WireDecimal?
        }
        async let spotBody = spotSigned("/api/v3/account")
        async let contractAssets = contractSigned("/api/v1/private/account/assets", as: [Asset].self)
        async let prices = usdPrices(engine, .mexc)
        let spotAccount = try decodeBody(SpotAccount.self, from: try await spotBody, exchange: exchange)
        let futuresAssets = try await contractAssets
        let priceOf = await prices
        let assets = AssetBalance.spot(
            spotAccount.balances.map { ($0.asset, $0.free, [$0.locked]) }, prices: priceOf, dustUSD: dustUSD)
        // The USDT-margined wallet; other coins' equity still counts towards the total.
        let usdt = futuresAssets.first { $0.currency == "USDT" }
        let equity = usdt?.equity?.value ?? 0
        let unrealized = usdt?.unrealized?.value ?? 0
        let contractEquity = futuresAssets.reduce(Decimal(0)) { sum, asset in
            sum + (asset.equity?.value ?? 0) * (priceOf[asset.currency] ?? 0)
        }
        return AccountBalance(
            exchange: exchange, assets: assets, walletBalance: equity - unrealized, unrealizedPnl: unrealized,
            marginBalance: equity, availableBalance: usdt?.availableBalance?.value ?? 0,
            totalEquity: assets.reduce(0) { $0 + ($1.usdValue ?? 0) } + contractEquity)
    }

    /// Open positions carry no mark price: it comes from the engine's perp ticker (cached,
    /// shared with `/price`), and unrealised PnL is computed from it.
    func positions() async throws -> [Position] {
        struct Item: Decodable {
            let symbol: String
            /// 1 long, 2 short.
            let positionType: Int
            let holdVol: WireDecimal
            let holdAvgPrice: WireDecimal
            let liquidatePrice: WireDecimal?
            let leverage: WireDecimal?
        }
        async let positionsRead = contractSigned("/api/v1/private/position/open_positions", as: [Item].self)
        async let instrumentsRead = engine.instruments(.mexc, .perp)
        let items = try await positionsRead.filter { ($0.holdVol.value ?? 0) != 0 }
        guard !items.isEmpty else { return [] }
        let instruments = Dictionary(try await instrumentsRead.map { ($0.symbol, $0) }) { first, _ in first }
        let marks = try await withThrowingTaskGroup(of: (String, Decimal).self) { group in
            for symbol in Set(items.map(\.symbol)) {
                guard let instrument = instruments[symbol] else { continue }
                group.addTask {
                    (symbol, Self.exact(try await engine.perpTicker(instrument).markPrice))
                }
            }
            var marks: [String: Decimal] = [:]
            for try await (symbol, mark) in group { marks[symbol] = mark }
            return marks
        }
        return items.map { item in
            let contractSize = Self.exact(instruments[item.symbol]?.contractValue ?? 1)
            let size = abs(item.holdVol.value ?? 0) * contractSize
            let entry = item.holdAvgPrice.value ?? 0
            let mark = marks[item.symbol] ?? entry
            let leverage = item.leverage?.value ?? 1
            let side: Position.Side = item.positionType == 2 ? .short : .long
            let pnl = (mark - entry) * size * (side == .long ? 1 : -1)
            let liquidation = item.liquidatePrice?.value
            return Position(
                exchange: exchange, symbol: item.symbol, side: side, size: size, notional: size * mark,
                entryPrice: entry, markPrice: mark, liquidationPrice: liquidation == 0 ? nil : liquidation,
                leverage: leverage, unrealizedPnl: pnl,
                roePercent: returnOnEquity(pnl: pnl, entry: entry, size: size, leverage: leverage))
        }
    }

    /// The contract account only: MEXC spot keeps no PnL history (just fills). Closed
    /// positions give the closing PnL and their fees; funding comes from the funding records
    /// (`holdFee` of a closed position is the same money, so it is not counted twice).
    /// One page of each (100 rows), newest first, filtered to `since`.
    func pnl(since: Int64) async throws -> PnLBreakdown {
        struct Closed: Decodable {
            let realised: WireDecimal?
            let closeProfitLoss: WireDecimal?
            let fee: WireDecimal?
            let holdFee: WireDecimal?
            let updateTime: WireNumber?
        }
        struct FundingPage: Decodable {
            struct Record: Decodable {
                let funding: WireDecimal
                let settleTime: Int64
            }
            let resultList: [Record]
        }
        let page = [("page_num", "1"), ("page_size", "100")]
        async let closedRead = contractSigned(
            "/api/v1/private/position/list/history_positions", page, as: [Closed].self)
        async let fundingRead = contractSigned(
            "/api/v1/private/position/funding_records", page, as: FundingPage.self)
        async let open = positions()
        var realized: Decimal = 0
        var commissions: Decimal = 0
        for position in try await closedRead where (position.updateTime?.int64 ?? 0) >= since {
            if let closing = position.closeProfitLoss?.value {
                realized += closing
                commissions += position.fee?.value ?? 0
            } else {
                // Older answers have only `realised`, which already nets fees and funding.
                realized += (position.realised?.value ?? 0) - (position.holdFee?.value ?? 0)
            }
        }
        let funding = try await fundingRead.resultList.filter { $0.settleTime >= since }.reduce(Decimal(0)) {
            $0 + ($1.funding.value ?? 0)
        }
        return PnLBreakdown(
            exchange: exchange, realized: realized, funding: funding, commissions: commissions,
            unrealized: try await open.reduce(0) { $0 + $1.unrealizedPnl })
    }

    /// A market-data `Double` as the decimal it was sent as (`0.0001`, not its binary neighbour).
    static func exact(_ value: Double) -> Decimal {
        Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
    }
}
