import Foundation

/// Binance (spot `/api/v3`, futures `/fapi`), Bybit v5, OKX v5, Bitget v2 (`/api/v2`), Gate v4
/// (`/api/v4`) and MEXC (spot `/api/v3` under `/mexc`, contract `/api/v1`) market data and
/// accounts, in their real paths and JSON shapes, from a `SimulatedUniverse`. Counts requests
/// per exchange and path, and answers scripted faults.
public actor ExchangeSimulator {
    public struct Fault: Sendable, Codable {
        public enum Kind: String, Sendable, Codable {
            /// The given HTTP status with the exchange's error body (and `Retry-After`).
            case status
            /// 200 with a body that is not JSON.
            case garbage
            /// 200 with the real body cut in half.
            case truncated
            /// 200 with valid JSON of the wrong shape.
            case wrongShape = "wrong_shape"
            /// The real answer after `delay_ms`.
            case delay
            /// The exchange's own error inside a 200 (Bybit `retCode`, OKX `code`).
            case envelopeError = "envelope_error"
            /// Headers and half the body, then the connection is dropped.
            case reset
        }

        public var exchange: String
        public var kind: Kind
        public var status: Int?
        public var retryAfter: Int?
        public var delayMilliseconds: Int?
        public var count: Int

        public init(
            exchange: String, kind: Kind, status: Int? = nil, retryAfter: Int? = nil, delayMilliseconds: Int? = nil,
            count: Int = 1
        ) {
            self.exchange = exchange
            self.kind = kind
            self.status = status
            self.retryAfter = retryAfter
            self.delayMilliseconds = delayMilliseconds
            self.count = count
        }

        enum CodingKeys: String, CodingKey {
            case exchange, kind, status, count
            case retryAfter = "retry_after"
            case delayMilliseconds = "delay_ms"
        }
    }

    public struct Answer: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// Send `body`, then drop the connection instead of ending the response.
        public var resetAfterBody = false
    }

    public private(set) var universe: SimulatedUniverse
    private var frozenTime: Int64?
    private var counts: [String: [String: Int]] = [:]
    private var faults: [Fault] = []
    /// Bodies a test recorded for a path, answered instead of the generated ones.
    private var recorded: [String: Answer] = [:]
    /// Milliseconds added to the real clock for signature timestamps (clock-skew tests).
    public private(set) var clockSkew: Int64 = 0

    public func setClockSkew(_ milliseconds: Int64) { clockSkew = milliseconds }

    /// The exchanges' own clock for signature timestamps, when a test gives one (its test
    /// clock: a skew from the real clock drifts while a loaded machine runs the test).
    private var clock: (@Sendable () -> Int64)?

    public func setClock(_ clock: (@Sendable () -> Int64)?) { self.clock = clock }

    var serverTime: Int64 { clock?() ?? Int64(Date().timeIntervalSince1970 * 1000) + clockSkew }

    public init(universe: SimulatedUniverse = SimulatedUniverse(), frozenTime: Int64? = nil) {
        self.universe = universe
        self.frozenTime = frozenTime
    }

    /// Milliseconds since 1970 as the simulator sees them (frozen in tests).
    public var now: Int64 { frozenTime ?? Int64(Date().timeIntervalSince1970 * 1000) }

    public func freeze(at milliseconds: Int64?) { frozenTime = milliseconds }

    public func inject(_ fault: Fault) { faults.append(fault) }

    /// Sets what `base` reports from now on (nil: the generated market again).
    public func script(_ base: String, _ market: ScriptedMarket?) { universe.scripted[base] = market }

    /// Answers `path` (as the exchange spells it, without the simulator's `/mexc` prefix)
    /// with `body` from now on, whatever the query: how a test feeds an adapter a body the
    /// exchange really sent or documents, over a real socket.
    public func record(_ body: String, status: Int = 200, headers: [(String, String)] = [], at path: String) {
        recorded[path] = Answer(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8))
    }

    public func reset() {
        counts.removeAll()
        faults.removeAll()
        recorded.removeAll()
    }

    /// Requests received per exchange and path.
    public var stats: [String: [String: Int]] { counts }

    public func requests(_ exchange: String, path: String? = nil) -> Int {
        guard let paths = counts[exchange] else { return 0 }
        return path.map { paths[$0] ?? 0 } ?? paths.values.reduce(0, +)
    }

    /// `base`'s market as `exchange` quotes it (Binance: the reference, without offset).
    public func market(_ base: String, on exchange: String = "binance") -> SimulatedMarket? {
        universe.on(exchange).market(base, at: now)
    }

    static func exchange(of path: String) -> String? {
        if path.hasPrefix("/api/v3/") || path.hasPrefix("/fapi/") || path.hasPrefix("/futures/data/") {
            return "binance"
        }
        if path.hasPrefix("/v5/") { return "bybit" }
        if path.hasPrefix("/api/v5/") { return "okx" }
        if path.hasPrefix("/api/v2/") { return "bitget" }
        if path.hasPrefix("/api/v4/") { return "gate" }
        if path.hasPrefix(mexcSpotPrefix + "/api/v3/") || path.hasPrefix("/api/v1/contract/")
            || path.hasPrefix("/api/v1/private/")
        {
            return "mexc"
        }
        return nil
    }

    /// MEXC spot's paths are Binance's, so the simulator serves them under this prefix.
    public static let mexcSpotPrefix = "/mexc"

    /// Answers an exchange path; nil when the path belongs to no exchange.
    public func handle(path: String, query: [String: String], rawQuery: String = "", headers: [String: String] = [:])
        async
        -> Answer?
    {
        guard let exchange = Self.exchange(of: path) else { return nil }
        let path = exchange == "mexc" && path.hasPrefix(Self.mexcSpotPrefix) ? String(path.dropFirst(5)) : path
        counts[exchange, default: [:]][path, default: 0] += 1
        if path == "/api/v3/time" || path == "/fapi/v1/time" { return json(#"{"serverTime":\#(serverTime)}"#) }
        if let index = faults.firstIndex(where: { $0.exchange == exchange }) {
            let fault = faults[index]
            faults[index].count -= 1
            if faults[index].count <= 0 { faults.remove(at: index) }
            switch fault.kind {
            case .status: return statusFault(exchange, fault)
            case .garbage:
                return Answer(status: 200, headers: [], body: Array("<html><body>upstream error</body></html>".utf8))
            case .wrongShape: return Answer(status: 200, headers: [], body: Array(#"{"unexpected":[1,2,3]}"#.utf8))
            case .envelopeError: return envelopeError(exchange, path)
            case .truncated:
                let real = answer(exchange, path, query, headers)
                return Answer(status: 200, headers: [], body: Array(real.body.prefix(real.body.count / 2)))
            case .reset:
                var real = answer(exchange, path, query, headers)
                real.body = Array(real.body.prefix(real.body.count / 2))
                real.resetAfterBody = true
                return real
            case .delay:
                try? await Task.sleep(for: .milliseconds(fault.delayMilliseconds ?? 1000))
            }
        }
        if let body = recorded[path] { return body }
        if SimulatedAccounts.signedPaths.contains(path) {
            return signedAnswer(exchange, path, query, rawQuery, headers)
        }
        return answer(exchange, path, query, headers)
    }

    private func statusFault(_ exchange: String, _ fault: Fault) -> Answer {
        let status = fault.status ?? 500
        var headers: [(String, String)] = []
        if let retryAfter = fault.retryAfter { headers.append(("Retry-After", String(retryAfter))) }
        let body: String
        switch (exchange, status) {
        case ("binance", 429):
            body =
                #"{"code":-1003,"msg":"Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."}"#
        case ("binance", 418):
            body =
                #"{"code":-1003,"msg":"Way too much request weight used; IP banned until 1763000000000. Please use WebSocket Streams for live updates to avoid bans."}"#
        case ("okx", 429): body = #"{"msg":"Too Many Requests","code":"50011"}"#
        case ("bitget", _) where status < 500: body = BitgetWire.errorBody(status: status, now: now)
        case ("gate", _) where status < 500: body = GateWire.errorBody(status: status)
        case ("mexc", _) where status < 500: body = MEXCWire.errorBody(status: status)
        case (_, 500...): body = "<html><body><h1>\(status) Server Error</h1></body></html>"
        default: body = #"{"code":\#(status),"msg":"error"}"#
        }
        return Answer(status: status, headers: headers, body: Array(body.utf8))
    }

    private func envelopeError(_ exchange: String, _ path: String) -> Answer {
        switch exchange {
        case "bybit":
            return json(
                #"{"retCode":10016,"retMsg":"Internal system error.","result":{},"retExtInfo":{},"time":\#(now)}"#)
        case "okx":
            return json(#"{"code":"50026","msg":"System error. Try again later.","data":[]}"#)
        case "bitget": return BitgetWire.envelopeError(now: now)
        case "gate": return GateWire.envelopeError()
        case "mexc": return MEXCWire.envelopeError(path: path)
        default:
            return Answer(
                status: 400, headers: [],
                body: Array(#"{"code":-1000,"msg":"An unknown error occurred while processing the request."}"#.utf8))
        }
    }

    private func signedAnswer(
        _ exchange: String, _ path: String, _ query: [String: String], _ rawQuery: String, _ headers: [String: String]
    ) -> Answer {
        let accounts = SimulatedAccounts(universe: universe.on(exchange), now: now, serverTime: serverTime)
        switch exchange {
        case "binance": return accounts.binanceAuthorise(rawQuery, headers) ?? accounts.binance(path, query)
        case "bybit": return accounts.bybitAuthorise(rawQuery, headers) ?? accounts.bybit(path, query)
        case "bitget": return accounts.bitgetAuthorise(path, rawQuery, headers) ?? accounts.bitget(path, query)
        case "gate": return accounts.gateAuthorise(path, rawQuery, headers) ?? accounts.gate(path, query, headers)
        case "mexc": return accounts.mexcAuthorise(path, rawQuery, query, headers) ?? accounts.mexc(path, query)
        default: return accounts.okxAuthorise(path, rawQuery, headers) ?? accounts.okx(path, query)
        }
    }

    private func answer(_ exchange: String, _ path: String, _ query: [String: String], _ headers: [String: String])
        -> Answer
    {
        // Each exchange quotes its own prices, a few basis points from Binance's.
        let quoted = universe.on(exchange)
        switch exchange {
        case "binance": return BinanceWire(universe: quoted, now: now).answer(path, query)
        case "bybit": return BybitWire(universe: quoted, now: now).answer(path, query)
        case "bitget": return BitgetWire(universe: quoted, now: now).answer(path, query)
        case "gate": return GateWire(universe: quoted, now: now).answer(path, query, headers)
        case "mexc": return MEXCWire(universe: quoted, now: now).answer(path, query)
        default: return OKXWire(universe: quoted, now: now).answer(path, query)
        }
    }
}

func json(_ text: String, status: Int = 200) -> ExchangeSimulator.Answer {
    ExchangeSimulator.Answer(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
}

/// An exchange-style number string: up to 8 decimals, trailing zeros kept as exchanges do.
func decimal(_ value: Double, _ digits: Int = 8) -> String {
    String(format: "%.\(digits)f", value)
}

/// The `limit` query parameter, defaulted and capped as the exchange does.
func limit(_ query: [String: String], _ fallback: Int, max: Int) -> Int {
    min(Int(query["limit"] ?? "") ?? fallback, max)
}

/// The next funding settlement on the 00/08/16 UTC grid.
func nextFundingTime(after now: Int64) -> Int64 {
    let interval: Int64 = 8 * 3_600_000
    return (now / interval + 1) * interval
}
