import Crypto
import Foundation

/// MEXC's signed endpoints: spot v3 checked as Binance's (key header, `timestamp` within
/// `recvWindow`, `signature` over the query before it) with MEXC's codes (700002, 700003),
/// and the contract API's `ApiKey` / `Request-Time` / `Signature` headers over the sorted
/// parameters, answering 602 and 513 in an HTTP 200.
extension SimulatedAccounts {
    public static let mexc = Keys(apiKey: "sim-mexc-key-0123456789", secret: "sim-mexc-secret-abcdef")

    /// Also the two clock endpoints: only the accounts know the skewed server time.
    static let mexcSignedPaths: Set<String> = [
        "/api/v3/account", "/api/v1/private/account/assets", "/api/v1/private/position/open_positions",
        "/api/v1/private/position/list/history_positions", "/api/v1/private/position/funding_records",
        "/api/v3/time", "/api/v1/contract/ping",
    ]

    /// Open contract positions as (base, positionType 1 long / 2 short, contracts, entry, leverage).
    static let mexcPositions: [(String, Int, Double, Double, Int)] = [
        ("BTC", 1, 1_500, 95_000, 10),  // 0.15 BTC
        ("ETH", 2, 200, 3_600, 5),  // 2 ETH
    ]

    func mexcAuthorise(_ path: String, _ rawQuery: String, _ query: [String: String], _ headers: [String: String])
        -> ExchangeSimulator.Answer?
    {
        switch path {
        case "/api/v3/time", "/api/v1/contract/ping": return nil
        case "/api/v3/account": return mexcSpotAuthorise(rawQuery, headers)
        default: return mexcContractAuthorise(rawQuery, headers)
        }
    }

    private func mexcSpotAuthorise(_ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        func refusal(_ code: Int, _ message: String) -> ExchangeSimulator.Answer {
            json(#"{"code":\#(code),"msg":"\#(message)"}"#, status: 400)
        }
        return checkQuerySignature(
            rawQuery, key: headers["x-mexc-apikey"], keys: Self.mexc, maxWindow: 60_000,
            badKey: refusal(10072, "Api key info invalid"),
            missing: { refusal(700004, "Mandatory parameter '\($0)' was not sent, was empty/null, or malformed.") },
            expired: refusal(700003, "Timestamp for this request is outside of the recvWindow."),
            badSignature: refusal(700002, "Signature for this request is not valid."))
    }

    private func mexcContractAuthorise(_ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        guard headers["apikey"] == Self.mexc.apiKey else {
            return json(#"{"success":false,"code":401,"message":"Not logged in or login has expired"}"#)
        }
        // Default 10 s, at most 60 s.
        let window = min(headers["recv-window"].flatMap(Int64.init) ?? 10, 60) * 1000
        guard let time = headers["request-time"].flatMap(Int64.init), abs(serverTime - time) <= window else {
            return json(
                #"{"success":false,"code":513,"message":"Invalid request(for open api serves  time more or less than 10s)"}"#
            )
        }
        // The exchange sorts what it received; so the client must have signed them sorted.
        let parameters = rawQuery.split(separator: "&").map(String.init).sorted {
            ($0.split(separator: "=").first ?? "") < ($1.split(separator: "=").first ?? "")
        }.joined(separator: "&")
        guard
            headers["signature"]?.lowercased()
                == hexHMAC(Self.mexc.apiKey + String(time) + parameters, Self.mexc.secret)
        else {
            return json(#"{"success":false,"code":602,"message":"Signature verification failed!"}"#)
        }
        return nil
    }

    /// A small fixed account: spot BTC 0.5, ETH 3 + 1 locked, USDT 2000.5 and SHIB dust; a
    /// USDT contract wallet of 2000 (1500 available) plus the positions' unrealised PnL; closed
    /// positions and funding at fixed times before `now`.
    func mexc(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        let upl = Self.mexcPositions.reduce(0.0) { sum, position in
            let (base, type, contracts, entry, _) = position
            let size = contracts * MEXCWire.contractSize(base)
            return sum + (mark(base) - entry) * size * (type == 1 ? 1 : -1)
        }
        switch path {
        case "/api/v3/time":
            return json(#"{"serverTime":\#(serverTime)}"#)
        case "/api/v1/contract/ping":
            return MEXCWire.ok(String(serverTime))
        case "/api/v3/account":
            return json(
                #"{"canTrade":true,"canWithdraw":true,"canDeposit":true,"updateTime":null,"accountType":"SPOT","balances":[{"asset":"BTC","free":"0.5","locked":"0"},{"asset":"ETH","free":"3","locked":"1"},{"asset":"USDT","free":"2000.5","locked":"0"},{"asset":"SHIB","free":"10","locked":"0"}],"permissions":["SPOT"]}"#
            )
        case "/api/v1/private/account/assets":
            return MEXCWire.ok(
                #"[{"currency":"BTC","positionMargin":0,"availableBalance":0,"cashBalance":0,"frozenBalance":0,"equity":0,"unrealized":0,"bonus":0},{"currency":"USDT","positionMargin":400,"availableBalance":1500,"cashBalance":1500,"frozenBalance":100,"equity":\#(MEXCWire.number(2000 + upl, 8)),"unrealized":\#(MEXCWire.number(upl, 8)),"bonus":0}]"#
            )
        case "/api/v1/private/position/open_positions":
            let items = Self.mexcPositions.enumerated().map { index, position in
                let (base, type, contracts, entry, leverage) = position
                let margin = contracts * MEXCWire.contractSize(base) * entry / Double(leverage)
                let liquidation = entry * (1 - (type == 1 ? 0.9 : -0.9) / Double(leverage))
                return
                    #"{"positionId":\#(1_394_650 + index),"symbol":"\#(base)_USDT","positionType":\#(type),"openType":2,"state":1,"holdVol":\#(MEXCWire.number(contracts)),"frozenVol":0,"closeVol":0,"holdAvgPrice":\#(MEXCWire.number(entry)),"openAvgPrice":\#(MEXCWire.number(entry)),"closeAvgPrice":0,"liquidatePrice":\#(MEXCWire.number(liquidation)),"oim":\#(MEXCWire.number(margin)),"im":\#(MEXCWire.number(margin)),"holdFee":0,"realised":0,"leverage":\#(leverage),"createTime":\#(now - 86_400_000),"updateTime":\#(now - 3_600_000),"autoAddIm":false}"#
            }
            return MEXCWire.ok("[\(items.joined(separator: ","))]")
        case "/api/v1/private/position/list/history_positions":
            // (symbol, closeProfitLoss, fee, holdFee, closed at); realised nets all three.
            let closed: [(String, Double, Double, Double, Int64)] = [
                ("BTC_USDT", 80, -2.5, -1.5, now - 3_600_000), ("ETH_USDT", -20, -1, 0.5, now - 3 * 86_400_000),
            ]
            let items = closed.enumerated().map { index, position in
                let (symbol, closing, fee, holdFee, time) = position
                return
                    #"{"positionId":\#(1_300_000 + index),"symbol":"\#(symbol)","positionType":1,"openType":2,"state":3,"holdVol":0,"frozenVol":0,"closeVol":100,"holdAvgPrice":0,"openAvgPrice":1000,"closeAvgPrice":1010,"liquidatePrice":0,"oim":0,"im":0,"holdFee":\#(MEXCWire.number(holdFee)),"realised":\#(MEXCWire.number(closing + fee + holdFee)),"leverage":10,"createTime":\#(time - 86_400_000),"updateTime":\#(time),"autoAddIm":false,"version":3,"profitRatio":0.01,"closeProfitLoss":\#(MEXCWire.number(closing)),"fee":\#(MEXCWire.number(fee)),"positionShowStatus":"CLOSED","totalFee":\#(MEXCWire.number(-fee))}"#
            }
            return MEXCWire.ok("[\(items.joined(separator: ","))]")
        case "/api/v1/private/position/funding_records":
            let records: [(String, Double, Int64)] = [
                ("BTC_USDT", -1.25, now - 2 * 3_600_000), ("ETH_USDT", 0.4, now - 10 * 3_600_000),
                ("BTC_USDT", -3, now - 5 * 86_400_000),
            ]
            let items = records.enumerated().map { index, record in
                let (symbol, funding, time) = record
                return
                    #"{"id":\#(328_033 + index),"symbol":"\#(symbol)","positionType":1,"positionValue":1000,"funding":\#(MEXCWire.number(funding)),"rate":0.0001,"settleTime":\#(time)}"#
            }
            return MEXCWire.ok(
                #"{"pageSize":100,"totalCount":\#(items.count),"totalPage":1,"currentPage":1,"resultList":[\#(items.joined(separator: ","))]}"#
            )
        default:
            return json(#"{"success":false,"code":404,"message":"Not Found"}"#, status: 404)
        }
    }
}
