import Foundation

/// The JSON API's contract (`openapi.json` at the repository's root) as tests read it: which
/// operations it names, and whether a response body is what it documents for a path and
/// status — a JSON Schema check of the keywords the document uses (`$ref`, `type`,
/// `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `oneOf`,
/// `anyOf`, `allOf`, and the numeric, length and count bounds).
public struct OpenAPIContract: Sendable {
    public let text: String
    private let document: [String: any Sendable]

    /// The repository's `openapi.json`.
    public static func repositoryCopy(file: StaticString = #filePath) throws -> OpenAPIContract {
        var url = URL(fileURLWithPath: "\(file)")
        while url.path != "/"
            && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        {
            url.deleteLastPathComponent()
        }
        return try OpenAPIContract(
            text: String(contentsOf: url.appendingPathComponent("openapi.json"), encoding: .utf8))
    }

    public init(text: String) throws {
        self.text = text
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: any Sendable] else {
            throw Problem(path: "$", message: "the document is not a JSON object")
        }
        document = object
    }

    public struct Problem: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Every `(method, path)` the document describes.
    public var operations: [(method: String, path: String)] {
        let paths = document["paths"] as? [String: any Sendable] ?? [:]
        return paths.flatMap { path, item in
            (item as? [String: any Sendable] ?? [:]).keys.filter {
                ["get", "post", "put", "delete", "patch"].contains($0)
            }
            .map { (method: $0, path: path) }
        }
    }

    /// Throws what is wrong with `body` as the `GET path` response of `status`; a status the
    /// document does not list is wrong too.
    public func check(_ body: [UInt8], path: String, status: Int, method: String = "get") throws {
        let operation = try lookUp(["paths", path, method], in: document)
        let responses = try lookUp(["responses"], in: operation)
        guard
            let response = (responses as? [String: any Sendable])?["\(status)"]
                ?? (responses as? [String: any Sendable])?["default"]
        else {
            throw Problem(path: "\(method.uppercased()) \(path)", message: "status \(status) is not documented")
        }
        let resolved = try resolve(response)
        guard let content = (resolved as? [String: any Sendable])?["content"] as? [String: any Sendable],
            let json = content["application/json"] as? [String: any Sendable], let schema = json["schema"]
        else {
            guard body.isEmpty else {
                throw Problem(
                    path: "\(method.uppercased()) \(path) \(status)", message: "a body where none is documented")
            }
            return
        }
        let value = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        try validate(value, against: schema, at: "$")
    }

    private func lookUp(_ keys: [String], in value: any Sendable) throws -> any Sendable {
        var current = value
        for key in keys {
            guard let next = (current as? [String: any Sendable])?[key] else {
                throw Problem(path: keys.joined(separator: " › "), message: "not in the document")
            }
            current = try resolve(next)
        }
        return current
    }

    private func resolve(_ value: any Sendable) throws -> any Sendable {
        guard let reference = (value as? [String: any Sendable])?["$ref"] as? String else { return value }
        guard reference.hasPrefix("#/") else { throw Problem(path: reference, message: "only local references") }
        return try lookUp(reference.dropFirst(2).split(separator: "/").map(String.init), in: document)
    }

    private func validate(_ value: Any, against schemaValue: any Sendable, at path: String) throws {
        if let flag = schemaValue as? Bool {
            guard flag else { throw Problem(path: path, message: "no value is allowed here") }
            return
        }
        guard let schema = try resolve(schemaValue) as? [String: any Sendable] else {
            throw Problem(path: path, message: "the schema is not an object")
        }
        if let all = schema["allOf"] as? [any Sendable] {
            for part in all { try validate(value, against: part, at: path) }
        }
        if let any = schema["anyOf"] as? [any Sendable] {
            guard any.contains(where: { (try? validate(value, against: $0, at: path)) != nil }) else {
                throw Problem(path: path, message: "matches none of anyOf: \(value)")
            }
        }
        if let one = schema["oneOf"] as? [any Sendable] {
            let matches = one.filter { (try? validate(value, against: $0, at: path)) != nil }.count
            guard matches == 1 else {
                throw Problem(path: path, message: "matches \(matches) of oneOf, not 1: \(value)")
            }
        }
        if let constant = schema["const"] {
            guard equal(value, constant) else { throw Problem(path: path, message: "\(value) is not \(constant)") }
        }
        if let choices = schema["enum"] as? [any Sendable] {
            guard choices.contains(where: { equal(value, $0) }) else {
                throw Problem(path: path, message: "\(value) is not one of \(choices)")
            }
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [(type as? String) ?? ""]
            guard types.contains(where: { Self.value(value, is: $0) }) else {
                throw Problem(path: path, message: "\(value) is not \(types.joined(separator: " or "))")
            }
        }
        if let number = value as? NSNumber, !Self.isBoolean(value) {
            if let minimum = (schema["minimum"] as? NSNumber)?.doubleValue, number.doubleValue < minimum {
                throw Problem(path: path, message: "\(number) < minimum \(minimum)")
            }
            if let maximum = (schema["maximum"] as? NSNumber)?.doubleValue, number.doubleValue > maximum {
                throw Problem(path: path, message: "\(number) > maximum \(maximum)")
            }
        }
        if let string = value as? String, let minimum = schema["minLength"] as? Int, string.count < minimum {
            throw Problem(path: path, message: "“\(string)” shorter than \(minimum)")
        }
        if let array = value as? [Any] {
            if let minimum = schema["minItems"] as? Int, array.count < minimum {
                throw Problem(path: path, message: "\(array.count) items, fewer than \(minimum)")
            }
            if let maximum = schema["maxItems"] as? Int, array.count > maximum {
                throw Problem(path: path, message: "\(array.count) items, more than \(maximum)")
            }
            if let items = schema["items"] {
                for (index, item) in array.enumerated() { try validate(item, against: items, at: "\(path)[\(index)]") }
            }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: any Sendable] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                throw Problem(path: path, message: "lacks the required “\(name)”")
            }
            for (name, member) in object {
                if let property = properties[name] {
                    try validate(member, against: property, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    try validate(member, against: additional, at: "\(path).\(name)")
                }
            }
        }
    }

    /// JSONSerialization reads `true` as an `NSNumber` too; its class is the boolean one.
    private static func isBoolean(_ value: Any) -> Bool {
        value is NSNumber && String(describing: type(of: value)).contains("Boolean")
    }

    private static func value(_ value: Any, is type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBoolean(value)
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        case "number": return value is NSNumber && !isBoolean(value)
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(value) else { return false }
            return number.doubleValue == number.doubleValue.rounded()
        default: return false
        }
    }

    private func equal(_ value: Any, _ other: Any) -> Bool {
        switch (value, other) {
        case (let a as String, let b as String): a == b
        case (let a as NSNumber, let b as NSNumber): a == b
        case (is NSNull, is NSNull): true
        default: false
        }
    }
}
