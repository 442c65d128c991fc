import MarketEngine

/// One exchange's answer to an account read: its value, why it failed, or that no keys are
/// configured for it. JSON: `{"value":…}`, `{"error":"…","failure":{…}}` or
/// `{"not_configured":true}`.
public enum AccountEntry<Value: Sendable & Codable>: Sendable, Codable {
    case value(Value)
    case failed(MarketFailure)
    case notConfigured

    public init(_ outcome: AccountService.Outcome<Value>) {
        switch outcome {
        case .value(let value): self = .value(value)
        case .failed(let failure): self = .failed(failure)
        case .notConfigured: self = .notConfigured
        }
    }

    public var value: Value? {
        if case .value(let value) = self { value } else { nil }
    }

    enum CodingKeys: String, CodingKey {
        case value, error, failure
        case notConfigured = "not_configured"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .value(let value): try container.encode(value, forKey: .value)
        case .failed(let failure):
            try container.encode(failure.description, forKey: .error)
            try container.encode(failure, forKey: .failure)
        case .notConfigured: try container.encode(true, forKey: .notConfigured)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(Value.self, forKey: .value) {
            self = .value(value)
        } else if let failure = try container.decodeIfPresent(MarketFailure.self, forKey: .failure) {
            self = .failed(failure)
        } else {
            self = .notConfigured
        }
    }
}

/// Every exchange's entry, in `Exchange.allCases` order.
func accountEntries<Value>(_ outcomes: [(Exchange, AccountService.Outcome<Value>)]) -> [Exchange: AccountEntry<Value>] {
    Dictionary(outcomes.map { ($0.0, AccountEntry($0.1)) }) { first, _ in first }
}
