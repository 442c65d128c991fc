import Crypto
import Foundation

/// Bitget v2's signed classic-account endpoints, and its public server time (answered here
/// because only the accounts know the skewed exchange clock).
extension SimulatedAccounts {
    public static let bitget = Keys(
        apiKey: "sim-bitget-key-0123456789", secret: "sim-bitget-secret-abcdef", passphrase: "sim-bitget-pass")
    static let bitgetTimePath = "/api/v2/public/time"
    static let bitgetSignedPaths: Set<String> = [
        "/api/v2/spot/account/assets", "/api/v2/mix/account/accounts", "/api/v2/mix/position/all-position",
        "/api/v2/mix/position/history-position", bitgetTimePath,
    ]
    /// How far ACCESS-TIMESTAMP may be from the exchange's clock.
    static let bitgetWindow: Int64 = 30_000

    /// Positions as (base, holdSide, base size, entry, leverage).
    static let bitgetPositions: [(String, String, Double, Double, Int)] = [
        ("BTC", "long", 0.2, 95_000, 10), ("ETH", "short", 1.5, 3_500, 5),
    ]

    /// Nil when the request is authorised; otherwise Bitget's error, checked in the order of
    /// key, passphrase, timestamp and signature.
    func bitgetAuthorise(_ path: String, _ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        guard path != Self.bitgetTimePath else { return nil }
        func failure(_ code: String, _ message: String) -> ExchangeSimulator.Answer {
            json(#"{"code":"\#(code)","msg":"\#(message)","requestTime":\#(serverTime),"data":null}"#, status: 400)
        }
        guard headers["access-key"] == Self.bitget.apiKey else { return failure("40006", "Invalid ACCESS_KEY") }
        guard let passphrase = headers["access-passphrase"], !passphrase.isEmpty else {
            return failure("40011", "ACCESS_PASSPHRASE cannot be empty")
        }
        guard passphrase == Self.bitget.passphrase else { return failure("40012", "apikey/password is incorrect") }
        guard let timestamp = headers["access-timestamp"].flatMap(Int64.init) else {
            return failure("40005", "Invalid ACCESS_TIMESTAMP")
        }
        guard abs(serverTime - timestamp) <= Self.bitgetWindow else {
            return failure("40008", "Request timestamp expired")
        }
        let prehash = "\(timestamp)GET\(path)" + (rawQuery.isEmpty ? "" : "?" + rawQuery)
        let expected = Data(
            HMAC<SHA256>.authenticationCode(
                for: Data(prehash.utf8), using: SymmetricKey(data: Data(Self.bitget.secret.utf8)))
        ).base64EncodedString()
        guard headers["access-sign"] == expected else { return failure("40009", "sign signature error") }
        return nil
    }

    func bitget(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        func ok(_ data: String) -> ExchangeSimulator.Answer {
            json(#"{"code":"00000","msg":"success","requestTime":\#(serverTime),"data":\#(data)}"#)
        }
        let upl = Self.bitgetPositions.reduce(0.0) { total, position in
            total + (mark(position.0) - position.3) * position.2 * (position.1 == "long" ? 1 : -1)
        }
        switch path {
        case Self.bitgetTimePath:
            return ok(#"{"serverTime":"\#(serverTime)"}"#)
        case "/api/v2/spot/account/assets":
            // PEPE is dust (1000 × ~0.00002 USDT).
            let assets: [(String, String, String, String)] = [
                ("USDT", "2000", "0", "0"), ("BTC", "0.05", "0", "0.01"), ("PEPE", "1000", "0", "0"),
            ]
            return ok(
                "["
                    + assets.map { coin, available, frozen, locked in
                        #"{"coin":"\#(coin)","available":"\#(available)","frozen":"\#(frozen)","locked":"\#(locked)","limitAvailable":"0","uTime":"\#(now)"}"#
                    }.joined(separator: ",") + "]")
        case "/api/v2/mix/account/accounts":
            let equity = decimal(3000 + upl)
            return ok(
                #"[{"marginCoin":"USDT","locked":"100","available":"1500","crossedMaxAvailable":"1500","isolatedMaxAvailable":"1500","maxTransferOut":"1400","accountEquity":"\#(equity)","usdtEquity":"\#(equity)","btcEquity":"\#(decimal((3000 + upl) / spot("BTC")))","crossedRiskRate":"0.02","unrealizedPL":"\#(decimal(upl))","coupon":"0","unionTotalMargin":"\#(equity)","unionAvailable":"1500","unionMm":"30","assetList":[],"isolatedMargin":"0","crossedMargin":"3500","crossedUnrealizedPL":"\#(decimal(upl))","isolatedUnrealizedPL":"0","assetMode":"single"}]"#
            )
        case "/api/v2/mix/position/all-position":
            let items = Self.bitgetPositions.map { base, side, size, entry, leverage in
                let price = mark(base)
                let pnl = (price - entry) * size * (side == "long" ? 1 : -1)
                let liquidation = entry * (1 + (side == "long" ? -0.9 : 0.9) / Double(leverage))
                return
                    #"{"marginCoin":"USDT","symbol":"\#(base)USDT","holdSide":"\#(side)","openDelegateSize":"0","marginSize":"\#(decimal(entry * size / Double(leverage)))","available":"\#(decimal(size, 4))","locked":"0","total":"\#(decimal(size, 4))","leverage":"\#(leverage)","achievedProfits":"0","openPriceAvg":"\#(decimal(entry))","marginMode":"crossed","posMode":"one_way_mode","unrealizedPL":"\#(decimal(pnl))","liquidationPrice":"\#(decimal(liquidation))","keepMarginRate":"0.004","markPrice":"\#(decimal(price))","breakEvenPrice":"\#(decimal(entry))","totalFee":"0","deductedFee":"0","takeProfit":"","stopLoss":"","takeProfitId":"","stopLossId":"","marginRatio":"0.01","assetMode":"single","cTime":"\#(now - 86_400_000)","uTime":"\#(now)"}"#
            }
            return ok("[\(items.joined(separator: ","))]")
        case "/api/v2/mix/position/history-position":
            let since = query["startTime"].flatMap(Int64.init) ?? 0
            let count = min(Int(query["limit"] ?? "") ?? 20, 100)
            // (symbol, side, pnl, funding, open fee, close fee, closed at), newest first.
            let closed: [(String, String, String, String, String, String, Int64)] = [
                ("BTCUSDT", "long", "30.5", "-1.25", "-5.7", "-5.72", now - 7_200_000),
                ("ETHUSDT", "short", "-12", "0.4", "-1.05", "-1.04", now - 3 * 86_400_000),
            ]
            let rows = closed.filter { $0.6 >= since }.prefix(count).enumerated().map { index, row -> String in
                let (symbol, side, pnl, funding, openFee, closeFee, time) = row
                let parts: [Double] = [pnl, funding, openFee, closeFee].map { Double($0) ?? 0 }
                let net = parts.reduce(0, +)
                return
                    #"{"positionId":"\#(1000 + index)","marginCoin":"USDT","symbol":"\#(symbol)","holdSide":"\#(side)","openAvgPrice":"1","closeAvgPrice":"1","marginMode":"crossed","openTotalPos":"1","closeTotalPos":"1","pnl":"\#(pnl)","netProfit":"\#(decimal(net))","totalFunding":"\#(funding)","openFee":"\#(openFee)","closeFee":"\#(closeFee)","posMode":"one_way_mode","ctime":"\#(time - 86_400_000)","utime":"\#(time)"}"#
            }
            let endId = rows.isEmpty ? "" : String(999 + rows.count)
            return ok(#"{"list":[\#(rows.joined(separator: ","))],"endId":"\#(endId)"}"#)
        default:
            return json(
                #"{"code":"40404","msg":"Request URL NOT FOUND","requestTime":\#(serverTime),"data":null}"#, status: 404
            )
        }
    }
}
