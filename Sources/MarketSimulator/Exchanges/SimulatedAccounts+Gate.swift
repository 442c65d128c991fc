import Crypto
import Foundation

/// Gate API v4's signed endpoints: `KEY`, `Timestamp` (seconds, within 60 s of Gate's clock)
/// and `SIGN` (hex HMAC-SHA512 of method, path, raw query, the body's SHA-512 and the
/// timestamp) checked in that order, failures with Gate's own bodies. The account is small
/// and fixed: spot USDT 1500 (300 locked), ETH 1 and DOGE 1 (dust); a futures wallet of
/// 4000 USDT; an ETH short of 150 contracts (1.5 ETH) in single mode and a cross BTC long of
/// 2000 contracts (0.2 BTC) in dual mode.
extension SimulatedAccounts {
    public static let gate = Keys(apiKey: "sim-gate-key-0123456789", secret: "sim-gate-secret-abcdef")
    /// `/api/v4/spot/time` is public, but answers with Gate's clock (`serverTime`, skew
    /// included), which only the accounts know.
    static let gateSignedPaths: Set<String> = [
        "/api/v4/spot/accounts", "/api/v4/futures/usdt/accounts", "/api/v4/futures/usdt/positions",
        "/api/v4/futures/usdt/account_book", "/api/v4/futures/usdt/position_close", "/api/v4/spot/time",
    ]

    /// (base, mode, signed contracts, entry, leverage, cross leverage limit, liquidation price)
    static let gatePositions: [(String, String, Double, Double, Int, Int, Double)] = [
        ("ETH", "single", -150, 3_600, 5, 0, 4_248), ("BTC", "dual_long", 2_000, 95_000, 0, 10, 0),
        ("BTC", "dual_short", 0, 0, 0, 10, 0),
    ]

    func gateAuthorise(_ path: String, _ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        guard path != "/api/v4/spot/time" else { return nil }
        guard headers["key"] == Self.gate.apiKey else {
            return GateWire.error(401, "INVALID_KEY", "Invalid key provided")
        }
        guard let stamp = headers["timestamp"], let seconds = Double(stamp) else {
            return GateWire.error(401, "MISSING_REQUIRED_HEADER", "Missing required header: Timestamp")
        }
        guard abs(Double(serverTime) / 1000 - seconds) <= 60 else {
            // Gate's real body, keys in the order it was captured.
            return json(
                #"{"message":"gap between request Timestamp and server time exceeds 60","label":"REQUEST_EXPIRED"}"#,
                status: 401)
        }
        let bodyHash = SHA512.hash(data: Data()).map { String(format: "%02x", $0) }.joined()
        let payload = "GET\n\(path)\n\(rawQuery)\n\(bodyHash)\n\(stamp)"
        let expected = HMAC<SHA512>.authenticationCode(
            for: Data(payload.utf8), using: SymmetricKey(data: Data(Self.gate.secret.utf8))
        ).map { String(format: "%02x", $0) }.joined()
        guard headers["sign"]?.lowercased() == expected else {
            return GateWire.error(401, "INVALID_SIGNATURE", "Signature mismatch")
        }
        return nil
    }

    /// Unrealised PnL of one of `gatePositions` at the current mark.
    func gateUnrealised(_ base: String, _ contracts: Double, _ entry: Double) -> Double {
        (mark(base) - entry) * contracts * GateWire.multiplier(base)
    }

    func gate(_ path: String, _ query: [String: String], _ headers: [String: String]) -> ExchangeSimulator.Answer {
        let decimalSizes = headers["x-gate-size-decimal"] == "1"
        switch path {
        case "/api/v4/spot/time":
            return json(#"{"server_time":\#(serverTime)}"#)
        case "/api/v4/spot/accounts":
            let items: [(String, String, String)] = [
                ("USDT", "1200", "300"), ("ETH", "1", "0"), ("DOGE", "1", "0"), ("BTC", "0", "0"),
            ]
            return json(
                "["
                    + items.enumerated().map { index, item in
                        #"{"currency":"\#(item.0)","available":"\#(item.1)","locked":"\#(item.2)","update_id":\#(index + 90)}"#
                    }.joined(separator: ",") + "]")
        case "/api/v4/futures/usdt/accounts":
            let upl = Self.gatePositions.reduce(0.0) { $0 + gateUnrealised($1.0, $1.2, $1.3) }
            return json(
                #"{"user":1666,"currency":"USDT","total":"4000","unrealised_pnl":"\#(GateWire.number(upl))","position_margin":"450","order_margin":"50","available":"3500","point":"0","bonus":"0","in_dual_mode":true,"enable_evolved_classic":true,"cross_initial_margin":"0","cross_maintenance_margin":"0","cross_order_margin":"0","cross_unrealised_pnl":"0","cross_available":"3500","cross_margin_balance":"\#(GateWire.number(4000 + upl))","history":{"dnw":"4000","pnl":"110.5","fee":"-3.25","refr":"0","fund":"-1.5","point_dnw":"0","point_fee":"0","point_refr":"0","bonus_dnw":"0","bonus_offset":"0"},"enable_tiered_mm":true,"position_mode":"dual"}"#
            )
        case "/api/v4/futures/usdt/positions":
            let holding = query["holding"] == "true"
            let items = Self.gatePositions.filter { !holding || $0.2 != 0 }.map {
                base, mode, contracts, entry, leverage, crossLimit, liquidation in
                let multiplier = GateWire.multiplier(base)
                let price = mark(base)
                let upl = gateUnrealised(base, contracts, entry)
                return
                    #"{"user":1666,"contract":"\#(base)_USDT","size":\#(GateWire.size(contracts, decimal: decimalSizes)),"leverage":"\#(leverage)","risk_limit":"1000000","leverage_max":"100","maintenance_rate":"0.005","value":"\#(GateWire.number(abs(contracts) * multiplier * price))","margin":"100","entry_price":"\#(GateWire.number(entry))","liq_price":"\#(GateWire.number(liquidation))","mark_price":"\#(GateWire.number(price))","unrealised_pnl":"\#(GateWire.number(upl))","realised_pnl":"0","pnl_pnl":"0","pnl_fund":"0","pnl_fee":"0","history_pnl":"0","last_close_pnl":"0","realised_point":"0","history_point":"0","adl_ranking":5,"pending_orders":0,"close_order":null,"mode":"\#(mode)","update_time":\#(now / 1000),"update_id":1,"cross_leverage_limit":"\#(crossLimit)"}"#
            }
            return json("[\(items.joined(separator: ","))]")
        case "/api/v4/futures/usdt/account_book":
            // (type, change, time): the last day, and five days back.
            let entries: [(String, String, Int64)] = [
                ("pnl", "80.5", now - 3_600_000), ("fee", "-2.25", now - 3_600_000), ("fund", "-1.5", now - 7_200_000),
                ("dnw", "1000", now - 10_800_000), ("pnl", "30", now - 5 * 86_400_000),
                ("fee", "-1", now - 5 * 86_400_000),
            ]
            let from = query["from"].flatMap(Double.init).map { Int64($0 * 1000) } ?? 0
            let to = query["to"].flatMap(Double.init).map { Int64($0 * 1000) } ?? Int64.max
            let offset = query["offset"].flatMap(Int.init) ?? 0
            let selected = entries.enumerated().filter { _, entry in
                entry.2 >= from && entry.2 <= to && (query["type"] == nil || query["type"] == entry.0)
            }.dropFirst(offset).prefix(limit(query, 100, max: 1000))
            var balance = 5000.0
            let items = selected.map { index, entry in
                balance += Double(entry.1) ?? 0
                return
                    #"{"time":\#(GateWire.seconds(entry.2)),"change":"\#(entry.1)","balance":"\#(GateWire.number(balance))","text":"ETH_USDT:\#(index + 6_086_261)","type":"\#(entry.0)","contract":"ETH_USDT","trade_id":"\#(index + 1)","id":"\#(index + 1)"}"#
            }
            return json("[\(items.joined(separator: ","))]")
        case "/api/v4/futures/usdt/position_close":
            let closed = now - 3_600_000
            return json(
                #"[{"time":\#(closed / 1000),"pnl":"77.75","pnl_pnl":"80.5","pnl_fund":"-1.5","pnl_fee":"-1.25","side":"short","contract":"ETH_USDT","text":"web","max_size":\#(GateWire.size(-50, decimal: decimalSizes)),"accum_size":\#(GateWire.size(50, decimal: decimalSizes)),"first_open_time":\#(closed / 1000 - 86_400),"long_price":"3440","short_price":"3601"}]"#
            )
        default:
            return GateWire.error(404, "NOT_FOUND", "Not Found")
        }
    }
}
