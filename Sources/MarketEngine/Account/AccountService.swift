import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The configured exchange accounts, read concurrently. An exchange without keys is "not
/// configured", not an error.
public final class AccountService: Sendable {
    public enum Outcome<Value: Sendable>: Sendable {
        case value(Value)
        case notConfigured
        case failed(MarketFailure)
    }

    private let engine: MarketEngine
    private let credentials: [Exchange: ExchangeCredentials]
    public let dustUSD: Decimal
    private let adapters = Mutex<[Exchange: any AccountAdapter]>([:])

    public init(engine: MarketEngine, credentials: [Exchange: ExchangeCredentials], dustUSD: Decimal = 1) {
        self.engine = engine
        self.credentials = credentials
        self.dustUSD = dustUSD
    }

    /// The engine's clock: what "today" and "now" are for equity and PnL.
    public var clock: AppClock { engine.clock }

    public var configured: [Exchange] { Exchange.allCases.filter { credentials[$0] != nil } }

    private func adapter(_ exchange: Exchange) -> (any AccountAdapter)? {
        guard let keys = credentials[exchange] else { return nil }
        return adapters.withLock { adapters in
            if let existing = adapters[exchange] { return existing }
            let made: any AccountAdapter =
                switch exchange {
                case .binance:
                    BinanceAccount(
                        spot: engine.gateway(.binance, \.binanceSpot),
                        futures: engine.gateway(.binance, \.binanceFutures),
                        credentials: keys, engine: engine)
                case .bybit: BybitAccount(gateway: engine.gateway(.bybit, \.bybit), credentials: keys)
                case .okx: OKXAccount(gateway: engine.gateway(.okx, \.okx), credentials: keys, engine: engine)
                case .bitget:
                    BitgetAccount(gateway: engine.gateway(.bitget, \.bitget), credentials: keys, engine: engine)
                case .gate: GateAccount(gateway: engine.gateway(.gate, \.gate), credentials: keys, engine: engine)
                case .mexc:
                    MEXCAccount(
                        spot: engine.gateway(.mexc, \.mexcSpot), futures: engine.gateway(.mexc, \.mexcFutures),
                        credentials: keys, engine: engine)
                }
            adapters[exchange] = made
            return made
        }
    }

    /// Runs `read` on every exchange at once; results in `Exchange.allCases` order.
    private func each<Value: Sendable>(_ read: @escaping @Sendable (any AccountAdapter) async throws -> Value) async
        -> [(Exchange, Outcome<Value>)]
    {
        await withTaskGroup(of: (Exchange, Outcome<Value>).self) { group in
            for exchange in Exchange.allCases {
                guard let adapter = adapter(exchange) else { continue }
                let secrets = credentials.values.flatMap(\.secrets)
                group.addTask {
                    do {
                        return (exchange, .value(try await read(adapter)))
                    } catch {
                        return (exchange, .failed(MarketFailure(error).redacting(secrets)))
                    }
                }
            }
            var results: [Exchange: Outcome<Value>] = [:]
            for await (exchange, outcome) in group { results[exchange] = outcome }
            return Exchange.allCases.map { ($0, results[$0] ?? .notConfigured) }
        }
    }

    public func balances() async -> [(Exchange, Outcome<AccountBalance>)] {
        let dust = dustUSD
        return await each { try await $0.balance(dustUSD: dust) }
    }

    public func positions() async -> [(Exchange, Outcome<[Position]>)] {
        await each { try await $0.positions() }
    }

    public func pnl(since: Int64) async -> [(Exchange, Outcome<PnLBreakdown>)] {
        await each { try await $0.pnl(since: since) }
    }
}
