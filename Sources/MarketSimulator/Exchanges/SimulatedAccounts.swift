import Crypto
import Foundation

/// The signed account endpoints of the exchanges (Bitget, Gate and MEXC in their own files),
/// with test keys. Each request's key,
/// timestamp window and signature are checked as the exchange checks them, and failures get
/// the exchange's real error body.
public struct SimulatedAccounts: Sendable {
    public struct Keys: Sendable {
        public var apiKey: String
        public var secret: String
        public var passphrase: String?
    }

    public static let binance = Keys(apiKey: "sim-binance-key-0123456789", secret: "sim-binance-secret-abcdef")
    public static let bybit = Keys(apiKey: "sim-bybit-key-0123456789", secret: "sim-bybit-secret-abcdef")
    public static let okx = Keys(
        apiKey: "sim-okx-key-0123456789", secret: "sim-okx-secret-abcdef", passphrase: "sim-okx-pass")

    static let signedPaths = Set([
        "/api/v3/account", "/fapi/v2/account", "/fapi/v2/positionRisk", "/fapi/v1/income", "/v5/account/wallet-balance",
        "/v5/position/list", "/v5/position/closed-pnl", "/api/v5/account/balance", "/api/v5/account/positions",
        "/api/v5/account/bills",
    ]).union(bitgetSignedPaths).union(gateSignedPaths).union(mexcSignedPaths)

    let universe: SimulatedUniverse
    /// Market time (frozen in tests).
    let now: Int64
    /// The exchanges' clock for signatures: real time plus a skew a test can set.
    let serverTime: Int64

    // MARK: Verification

    func binanceAuthorise(_ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        func refusal(_ code: Int, _ message: String, status: Int = 400) -> ExchangeSimulator.Answer {
            json(#"{"code":\#(code),"msg":"\#(message)"}"#, status: status)
        }
        return checkQuerySignature(
            rawQuery, key: headers["x-mbx-apikey"], keys: Self.binance, maxWindow: nil,
            badKey: refusal(-2015, "Invalid API-key, IP, or permissions for action.", status: 401),
            missing: { refusal(-1102, "Mandatory parameter '\($0)' was not sent, was empty/null, or malformed.") },
            expired: refusal(-1021, "Timestamp for this request is outside of the recvWindow."),
            badSignature: refusal(-1022, "Signature for this request is not valid."))
    }

    /// Binance's scheme, which MEXC spot copies: the key in a header, `timestamp` and
    /// `recvWindow` in the query, and a hex HMAC-SHA256 `signature` of the query before it;
    /// each refusal in the exchange's own words.
    func checkQuerySignature(
        _ rawQuery: String, key: String?, keys: Keys, maxWindow: Int64?, badKey: ExchangeSimulator.Answer,
        missing: (String) -> ExchangeSimulator.Answer, expired: ExchangeSimulator.Answer,
        badSignature: ExchangeSimulator.Answer
    ) -> ExchangeSimulator.Answer? {
        guard key == keys.apiKey else { return badKey }
        guard let range = rawQuery.range(of: "&signature=", options: .backwards) else { return missing("signature") }
        let payload = String(rawQuery[..<range.lowerBound])
        let fields = Dictionary(
            payload.split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        ) { first, _ in first }
        guard let timestamp = fields["timestamp"].flatMap(Int64.init) else { return missing("timestamp") }
        let asked = fields["recvWindow"].flatMap(Int64.init) ?? 5000
        let window = maxWindow.map { min(asked, $0) } ?? asked
        guard timestamp < serverTime + 1000, serverTime - timestamp <= window else { return expired }
        guard String(rawQuery[range.upperBound...]).lowercased() == hexHMAC(payload, keys.secret) else {
            return badSignature
        }
        return nil
    }

    func bybitAuthorise(_ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        func failure(_ code: Int, _ message: String) -> ExchangeSimulator.Answer {
            json(#"{"retCode":\#(code),"retMsg":"\#(message)","result":{},"retExtInfo":{},"time":\#(serverTime)}"#)
        }
        guard headers["x-bapi-api-key"] == Self.bybit.apiKey else { return failure(10003, "API key is invalid.") }
        guard let timestamp = headers["x-bapi-timestamp"].flatMap(Int64.init) else {
            return failure(10001, "params error: X-BAPI-TIMESTAMP is missing")
        }
        let window = headers["x-bapi-recv-window"].flatMap(Int64.init) ?? 5000
        guard serverTime - window <= timestamp, timestamp < serverTime + 1000 else {
            return failure(10002, "invalid request, please check your server timestamp or recv_window param")
        }
        let expected = hexHMAC("\(timestamp)\(Self.bybit.apiKey)\(window)\(rawQuery)", Self.bybit.secret)
        guard headers["x-bapi-sign"]?.lowercased() == expected else {
            return failure(10004, "Error sign, please check your signature generation algorithm.")
        }
        return nil
    }

    func okxAuthorise(_ path: String, _ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        func failure(_ code: String, _ message: String) -> ExchangeSimulator.Answer {
            json(#"{"msg":"\#(message)","code":"\#(code)"}"#, status: 401)
        }
        guard headers["ok-access-key"] == Self.okx.apiKey else { return failure("50111", "Invalid OK-ACCESS-KEY") }
        guard headers["ok-access-passphrase"] == Self.okx.passphrase else {
            return failure("50105", "OK-ACCESS-PASSPHRASE incorrect.")
        }
        guard let stamp = headers["ok-access-timestamp"], let time = Self.parseISO(stamp),
            abs(serverTime - time) <= 30_000
        else {
            return failure("50102", "Timestamp request expired.")
        }
        let prehash = stamp + "GET" + path + (rawQuery.isEmpty ? "" : "?" + rawQuery)
        let expected = Data(
            HMAC<SHA256>.authenticationCode(
                for: Data(prehash.utf8), using: SymmetricKey(data: Data(Self.okx.secret.utf8)))
        ).base64EncodedString()
        guard headers["ok-access-sign"] == expected else { return failure("50113", "Invalid signature.") }
        return nil
    }

    func hexHMAC(_ message: String, _ secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func parseISO(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970 * 1000) }
    }

    // MARK: Accounts

    /// Positions as (symbol base, side, base size, entry, leverage).
    static let binancePositions: [(String, String, Double, Double, Int)] = [
        ("BTC", "LONG", 0.1, 95_000, 10), ("ETH", "SHORT", 2, 3_600, 5),
    ]
    static let bybitPositions: [(String, String, Double, Double, Int)] = [("SOL", "Buy", 10, 180, 3)]
    static let okxPositions: [(String, Double, Double, Int)] = [("BTC", 5, 96_000, 20)]  // contracts of 0.01 BTC

    func mark(_ base: String) -> Double { universe.market(base, at: now)?.markPrice ?? 0 }
    func spot(_ base: String) -> Double { universe.market(base, at: now)?.spot ?? 0 }

    func binance(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        switch path {
        case "/api/v3/account":
            return json(
                #"{"makerCommission":10,"takerCommission":10,"canTrade":true,"accountType":"SPOT","updateTime":\#(now),"balances":[{"asset":"BTC","free":"0.25000000","locked":"0.00000000"},{"asset":"ETH","free":"1.50000000","locked":"0.50000000"},{"asset":"USDT","free":"1234.50000000","locked":"0.00000000"},{"asset":"SHIB","free":"10.00000000","locked":"0.00000000"}],"permissions":["SPOT"]}"#
            )
        case "/fapi/v2/account":
            let upl = Self.binancePositions.reduce(0.0) { $0 + (mark($1.0) - $1.3) * $1.2 * ($1.1 == "LONG" ? 1 : -1) }
            return json(
                #"{"feeTier":0,"canTrade":true,"totalWalletBalance":"10000.00000000","totalUnrealizedProfit":"\#(decimal(upl))","totalMarginBalance":"\#(decimal(10_000 + upl))","availableBalance":"7500.00000000","maxWithdrawAmount":"7500.00000000","assets":[],"positions":[]}"#
            )
        case "/fapi/v2/positionRisk":
            var items = Self.binancePositions.map { base, side, size, entry, leverage in
                let signed = side == "LONG" ? size : -size
                let price = mark(base)
                return
                    #"{"symbol":"\#(base)USDT","positionAmt":"\#(decimal(signed, 3))","entryPrice":"\#(decimal(entry))","markPrice":"\#(decimal(price))","unRealizedProfit":"\#(decimal((price - entry) * signed))","liquidationPrice":"\#(decimal(entry * (1 - (side == "LONG" ? 0.9 : -0.9) / Double(leverage))))","leverage":"\#(leverage)","maxNotionalValue":"1000000","marginType":"cross","isolatedMargin":"0.00000000","isAutoAddMargin":"false","positionSide":"\#(side)","notional":"\#(decimal(price * signed))","isolatedWallet":"0","updateTime":\#(now)}"#
            }
            items.append(
                #"{"symbol":"SOLUSDT","positionAmt":"0.000","entryPrice":"0.0","markPrice":"\#(decimal(mark("SOL")))","unRealizedProfit":"0.00000000","liquidationPrice":"0","leverage":"20","positionSide":"BOTH","notional":"0","updateTime":0}"#
            )
            return json("[\(items.joined(separator: ","))]")
        case "/fapi/v1/income":
            let since = query["startTime"].flatMap(Int64.init) ?? 0
            let entries: [(String, String, Int64)] = [
                ("REALIZED_PNL", "120.50000000", now - 3_600_000), ("FUNDING_FEE", "-3.20000000", now - 7_200_000),
                ("COMMISSION", "-4.80000000", now - 3_600_000), ("REALIZED_PNL", "50.00000000", now - 5 * 86_400_000),
                ("FUNDING_FEE", "-1.00000000", now - 5 * 86_400_000),
            ]
            let items = entries.filter { $0.2 >= since }.enumerated().map { index, entry in
                #"{"symbol":"BTCUSDT","incomeType":"\#(entry.0)","income":"\#(entry.1)","asset":"USDT","info":"","time":\#(entry.2),"tranId":\#(index + 1),"tradeId":""}"#
            }
            return json("[\(items.joined(separator: ","))]")
        default:
            return json(#"{"code":-5000,"msg":"Path \#(path) not found"}"#, status: 404)
        }
    }

    func bybit(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        func envelope(_ result: String) -> ExchangeSimulator.Answer {
            json(#"{"retCode":0,"retMsg":"OK","result":\#(result),"retExtInfo":{},"time":\#(serverTime)}"#)
        }
        switch path {
        case "/v5/account/wallet-balance":
            let btc = 0.1 * spot("BTC")
            let upl = Self.bybitPositions.reduce(0.0) { $0 + (mark($1.0) - $1.3) * $1.2 }
            let equity = 5000 + btc + upl
            return envelope(
                #"{"list":[{"accountType":"UNIFIED","totalEquity":"\#(decimal(equity))","totalWalletBalance":"\#(decimal(5000 + btc))","totalMarginBalance":"\#(decimal(equity))","totalAvailableBalance":"4200.00000000","totalPerpUPL":"\#(decimal(upl))","totalInitialMargin":"600","totalMaintenanceMargin":"60","accountIMRate":"0.1","accountMMRate":"0.01","coin":[{"coin":"USDT","equity":"\#(decimal(5000 + upl))","usdValue":"\#(decimal(5000 + upl))","walletBalance":"5000.00000000","unrealisedPnl":"\#(decimal(upl))","cumRealisedPnl":"0"},{"coin":"BTC","equity":"0.1","usdValue":"\#(decimal(btc))","walletBalance":"0.10000000","unrealisedPnl":"0","cumRealisedPnl":"0"},{"coin":"DOGE","equity":"1","usdValue":"0.38","walletBalance":"1","unrealisedPnl":"0","cumRealisedPnl":"0"}]}]}"#
            )
        case "/v5/position/list":
            let items = Self.bybitPositions.map { base, side, size, entry, leverage in
                let price = mark(base)
                return
                    #"{"positionIdx":0,"symbol":"\#(base)USDT","side":"\#(side)","size":"\#(decimal(size, 3))","avgPrice":"\#(decimal(entry))","positionValue":"\#(decimal(entry * size))","leverage":"\#(leverage)","markPrice":"\#(decimal(price))","liqPrice":"\#(decimal(entry * 0.7))","unrealisedPnl":"\#(decimal((price - entry) * size))","cumRealisedPnl":"0","createdTime":"\#(now - 86_400_000)","updatedTime":"\#(now)"}"#
            }
            return envelope(#"{"category":"linear","list":[\#(items.joined(separator: ","))],"nextPageCursor":""}"#)
        case "/v5/position/closed-pnl":
            let since = query["startTime"].flatMap(Int64.init) ?? 0
            let entries: [(String, Int64)] = [("42.10000000", now - 7_200_000), ("-10.00000000", now - 3 * 86_400_000)]
            let items = entries.filter { $0.1 >= since }.map { pnl, time in
                #"{"symbol":"SOLUSDT","orderId":"1","side":"Sell","qty":"5","orderPrice":"185","orderType":"Market","execType":"Trade","closedSize":"5","cumEntryValue":"900","avgEntryPrice":"180","cumExitValue":"925","avgExitPrice":"185","closedPnl":"\#(pnl)","fillCount":"1","leverage":"3","createdTime":"\#(time)","updatedTime":"\#(time)"}"#
            }
            return envelope(#"{"category":"linear","list":[\#(items.joined(separator: ","))],"nextPageCursor":""}"#)
        default:
            return json(#"{"retCode":10001,"retMsg":"path not found"}"#, status: 404)
        }
    }

    func okx(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        func ok(_ items: [String]) -> ExchangeSimulator.Answer {
            json(#"{"code":"0","msg":"","data":[\#(items.joined(separator: ","))]}"#)
        }
        let upl = Self.okxPositions.reduce(0.0) { $0 + (mark($1.0) - $1.2) * $1.1 * 0.01 }
        switch path {
        case "/api/v5/account/balance":
            let equity = 3000 + upl
            return ok([
                #"{"totalEq":"\#(decimal(equity))","isoEq":"0","adjEq":"\#(decimal(equity))","uTime":"\#(now)","details":[{"ccy":"USDT","eq":"\#(decimal(equity))","cashBal":"3000","availBal":"2500","availEq":"2500","eqUsd":"\#(decimal(equity))","upl":"\#(decimal(upl))","frozenBal":"500"}]}"#
            ])
        case "/api/v5/account/positions":
            return ok(
                Self.okxPositions.map { base, contracts, entry, leverage in
                    let price = mark(base)
                    return
                        #"{"instType":"SWAP","instId":"\#(base)-USDT-SWAP","pos":"\#(decimal(contracts, 0))","posSide":"net","avgPx":"\#(decimal(entry))","markPx":"\#(decimal(price))","liqPx":"\#(decimal(entry * 0.96))","lever":"\#(leverage)","upl":"\#(decimal((price - entry) * contracts * 0.01))","uplRatio":"0.1","notionalUsd":"\#(decimal(price * contracts * 0.01))","mgnMode":"cross","ccy":"USDT","uTime":"\#(now)"}"#
                })
        case "/api/v5/account/bills":
            let since = query["begin"].flatMap(Int64.init) ?? 0
            let entries: [(String, String, String, String, Int64)] = [
                ("2", "15.5", "-0.7", "14.8", now - 3_600_000), ("8", "0", "0", "-1.1", now - 7_200_000),
                ("2", "99", "-1", "98", now - 6 * 86_400_000),
            ]
            return ok(
                entries.filter { $0.4 >= since }.enumerated().map { index, entry in
                    #"{"billId":"\#(index + 1)","instType":"SWAP","instId":"BTC-USDT-SWAP","type":"\#(entry.0)","subType":"1","pnl":"\#(entry.1)","fee":"\#(entry.2)","balChg":"\#(entry.3)","ccy":"USDT","ts":"\#(entry.4)"}"#
                })
        default:
            return json(#"{"msg":"Not Found","code":404}"#, status: 404)
        }
    }
}
