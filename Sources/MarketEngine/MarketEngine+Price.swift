extension MarketEngine {
    /// Spot and perp of one pair: both read concurrently; a part that fails is named in
    /// `failures` and the rest is still returned. With a warm cache no child task is made
    /// and nothing suspends; either way the snapshot is assembled by `PriceParts`.
    public func price(_ input: String, on exchange: Exchange) async throws(MarketFailure) -> PriceSnapshot {
        guard let query = SymbolQuery(input) else { throw .unknownSymbol(input, suggestions: []) }
        if let cached = cachedPrice(query, on: exchange) { return cached }
        async let spotList = Result { try await instrumentList(exchange, .spot) }
        async let perpList = Result { try await instrumentList(exchange, .perp) }
        let lists = (spot: await spotList, perp: await perpList)
        var parts = PriceParts()
        let spotInstrument = parts.keep(lists.spot, .spot)?.instrument(for: query)
        let perpInstrument = parts.keep(lists.perp, .perp)?.instrument(for: query)
        guard spotInstrument != nil || perpInstrument != nil else {
            if let first = parts.firstFailure { throw first }
            let candidates = (try? lists.spot.get().all) ?? []
            throw .unknownSymbol(input, suggestions: SymbolResolver.suggestions(for: query, in: candidates))
        }
        async let spot = Result { () async throws -> Ticker? in
            guard let spotInstrument else { return nil }
            return try await ticker(spotInstrument)
        }
        async let perp = Result { () async throws -> Ticker? in
            guard let perpInstrument else { return nil }
            return try await ticker(perpInstrument)
        }
        async let funding = Result { () async throws -> PerpTicker? in
            guard let perpInstrument else { return nil }
            return try await perpTicker(perpInstrument)
        }
        parts.spot = parts.keep(await spot, .spot) ?? nil
        parts.perp = parts.keep(await perp, .perp) ?? nil
        parts.funding = parts.keep(await funding, .perp) ?? nil
        return try parts.snapshot(exchange: exchange, pair: query.pair)
    }

    /// The snapshot from fresh cache entries alone, or nil when any part would need a load
    /// (or the pair is unknown, whose error the full path words).
    private func cachedPrice(_ query: SymbolQuery, on exchange: Exchange) -> PriceSnapshot? {
        guard let spotList = cache.cached(CacheKey(.instruments, exchange, market: .spot), as: InstrumentList.self),
            let perpList = cache.cached(CacheKey(.instruments, exchange, market: .perp), as: InstrumentList.self)
        else { return nil }
        let spotInstrument = spotList.instrument(for: query)
        let perpInstrument = perpList.instrument(for: query)
        guard spotInstrument != nil || perpInstrument != nil else { return nil }
        var parts = PriceParts()
        if let spotInstrument {
            guard
                let ticker = streamedTicker(spotInstrument)
                    ?? cache.cached(Self.tickerKey(spotInstrument), as: Ticker.self)
            else { return nil }
            parts.spot = ticker
        }
        if let perpInstrument {
            guard
                let ticker = streamedTicker(perpInstrument)
                    ?? cache.cached(Self.tickerKey(perpInstrument), as: Ticker.self),
                let rates = streamedPerpTicker(perpInstrument)
                    ?? cache.cached(Self.fundingKey(perpInstrument), as: PerpTicker.self)
            else { return nil }
            parts.perp = ticker
            parts.funding = rates
        }
        return try? parts.snapshot(exchange: exchange, pair: query.pair)
    }
}

/// The parts of one pair's snapshot as they were read, and what failed on the way.
struct PriceParts {
    var spot: Ticker?
    var perp: Ticker?
    var funding: PerpTicker?
    var failures: [Market: MarketFailure] = [:]

    /// The value, or nil with its failure kept as the market's (the first one, when the
    /// perp's ticker and funding both fail).
    mutating func keep<Value>(_ result: Result<Value, any Error>, _ market: Market) -> Value? {
        switch result {
        case .success(let value): return value
        case .failure(let error):
            if failures[market] == nil { failures[market] = MarketFailure(error) }
            return nil
        }
    }

    var firstFailure: MarketFailure? { failures[.spot] ?? failures[.perp] }

    /// The snapshot, or the first failure when no part at all could be read.
    func snapshot(exchange: Exchange, pair: String) throws(MarketFailure) -> PriceSnapshot {
        if spot == nil && perp == nil && funding == nil, let first = firstFailure { throw first }
        return PriceSnapshot(
            exchange: exchange, pair: pair, spot: spot, perp: perp, funding: funding, failures: failures)
    }
}
