/// Each exchange's published REST limits (README's "Exchange request budgets";
/// `exchange-api-facts` in the project's reference notes): what one request weighs and
/// which budgets it draws on — a per-address budget where the exchange counts per address
/// (Binance's weight, Bybit's 600 per 5 s), a per-endpoint one where it counts per endpoint
/// (OKX, Bitget, Gate, MEXC). Budgets are a fifth below the published figures, for the
/// windows' edges and other clients behind the same address.
enum RequestLimits {
    struct Budget: Hashable, Sendable {
        /// The exchange, the scope ("weight", "ip") and, for per-endpoint limits, the endpoint.
        let key: String
        let limit: Int
        let window: Duration

        /// `published` per `window`, less the margin (never below one request).
        init(_ key: String, published: Int, per window: Duration) {
            self.key = key
            self.limit = max(1, published * 4 / 5)
            self.window = window
        }
    }

    /// What a request to `path` (with `query`) on `exchange` weighs, and the budgets it is
    /// charged to.
    static func cost(_ exchange: Exchange, path: String, query: String) -> (weight: Int, budgets: [Budget]) {
        let endpoint = endpointName(path)
        let hasSymbol = query.contains("symbol=") || query.contains("instId=") || query.contains("contract=")
        switch exchange {
        case .binance:
            if path.hasPrefix("/futures/data/") {
                // Weight 0, but 1,000 requests per 5 minutes per address.
                return (1, [Budget("binance:futures-data", published: 1000, per: .seconds(300))])
            }
            if path.hasPrefix("/fapi/") {
                return (
                    binanceFuturesWeight(path, query, hasSymbol),
                    [Budget("binance:futures-weight", published: 2400, per: .seconds(60))]
                )
            }
            return (
                binanceSpotWeight(path, hasSymbol), [Budget("binance:spot-weight", published: 6000, per: .seconds(60))]
            )
        case .bybit:
            return (1, [Budget("bybit:ip", published: 600, per: .seconds(5))])
        case .okx:
            let published: (Int, Duration) =
                switch endpoint {
                case "/api/v5/market/candles": (40, .seconds(2))
                case "/api/v5/market/trades": (100, .seconds(2))
                case "/api/v5/public/mark-price": (10, .seconds(2))
                case "/api/v5/rubik/stat/contracts/open-interest-history": (10, .seconds(2))
                case "/api/v5/account/balance", "/api/v5/account/positions": (10, .seconds(2))
                case "/api/v5/account/bills": (5, .seconds(1))
                default: (20, .seconds(2))
                }
            return (1, [Budget("okx:" + endpoint, published: published.0, per: published.1)])
        case .bitget:
            let perEndpoint: Int =
                switch endpoint {
                case "/api/v2/spot/market/fills": 10
                case "/api/v2/mix/position/all-position": 5
                case "/api/v2/spot/account/assets", "/api/v2/mix/account/accounts": 10
                default: 20
                }
            return (
                1,
                [
                    Budget("bitget:ip", published: 6000, per: .seconds(60)),
                    Budget("bitget:" + endpoint, published: perEndpoint, per: .seconds(1)),
                ]
            )
        case .gate:
            let published = endpoint.hasSuffix("/accounts") ? 80 : endpoint.hasSuffix("/account_book") ? 150 : 200
            return (1, [Budget("gate:" + endpoint, published: published, per: .seconds(10))])
        case .mexc:
            if path.hasPrefix("/api/v1/") {
                let detail = endpoint == "/api/v1/contract/detail"
                return (
                    1,
                    [
                        detail
                            ? Budget("mexc:" + endpoint, published: 1, per: .seconds(5))
                            : Budget("mexc:" + endpoint, published: 20, per: .seconds(2))
                    ]
                )
            }
            // Spot: 500 weight per 10 s per endpoint, and (MEXC support) under 20 requests a second in all.
            let weight =
                switch endpoint {
                case "/api/v3/ticker/24hr": hasSymbol ? 1 : 40
                case "/api/v3/exchangeInfo", "/api/v3/account", "/api/v3/myTrades": 10
                case "/api/v3/trades": 5
                default: 1
                }
            return (
                weight,
                [
                    Budget("mexc:" + endpoint, published: 500, per: .seconds(10)),
                    Budget("mexc:spot-requests", published: 15, per: .seconds(1)),
                ]
            )
        }
    }

    /// The Binance spot weights the adapters meet (BN-SPOT "LIMITS").
    static func binanceSpotWeight(_ path: String, _ hasSymbol: Bool) -> Int {
        switch path {
        case "/api/v3/ticker/24hr": hasSymbol ? 2 : 80
        case "/api/v3/exchangeInfo", "/api/v3/account": 20
        case "/api/v3/trades": 25
        case "/api/v3/aggTrades": 4
        case "/api/v3/time": 1
        default: 2
        }
    }

    /// The USDⓈ-M weights the adapters meet; klines weigh by their `limit` (500 by default).
    static func binanceFuturesWeight(_ path: String, _ query: String, _ hasSymbol: Bool) -> Int {
        switch path {
        case "/fapi/v1/ticker/24hr": return hasSymbol ? 1 : 40
        case "/fapi/v1/premiumIndex": return hasSymbol ? 1 : 10
        case "/fapi/v2/account", "/fapi/v2/positionRisk": return 5
        case "/fapi/v1/income": return 30
        case "/fapi/v1/aggTrades": return 20
        case "/fapi/v1/klines":
            let limit =
                query.split(separator: "&").first { $0.hasPrefix("limit=") }.flatMap { Int($0.dropFirst(6)) } ?? 500
            switch limit {
            case ..<100: return 1
            case ..<500: return 2
            case ...1000: return 5
            default: return 10
            }
        default: return 1
        }
    }

    /// The endpoint a path names: a trailing symbol (`…/deals/BTC_USDT`,
    /// `…/contracts/ETH_USDT`) is one endpoint for every symbol.
    static func endpointName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        let last = path[path.index(after: slash)...]
        guard last.contains("_"), last.contains(where: \.isUppercase) else { return path }
        return path[..<slash] + "/{symbol}"
    }
}
