import Foundation

/// A Bot API request's parameters, whichever way they came: JSON, form-urlencoded or
/// multipart/form-data (the three encodings Telegram accepts).
struct BotParameters: Sendable {
    /// A file part of a multipart request.
    struct Upload: Sendable {
        var filename: String
        var contentType: String?
        var bytes: [UInt8]
    }

    private var fields: [String: JSONValue]
    private var files: [String: String]
    private var uploads: [String: Upload] = [:]

    static let empty = BotParameters(fields: [:], files: [:])

    private init(fields: [String: JSONValue], files: [String: String], uploads: [String: Upload] = [:]) {
        self.fields = fields
        self.files = files
        self.uploads = uploads
    }

    init(contentType: String?, body: [UInt8]) throws {
        let type = contentType?.lowercased() ?? ""
        if body.isEmpty {
            self.init(fields: [:], files: [:])
        } else if type.hasPrefix("multipart/form-data"), let boundary = Self.boundary(in: contentType ?? "") {
            var fields: [String: JSONValue] = [:]
            var files: [String: String] = [:]
            var uploads: [String: Upload] = [:]
            for part in try Multipart.parts(body, boundary: boundary) {
                if let filename = part.filename {
                    uploads[part.name] = Upload(
                        filename: filename, contentType: part.contentType, bytes: Array(part.data))
                    // Text files (a certificate) are recorded as text; pictures by their size.
                    let text = String(validating: part.data, as: UTF8.self) ?? "<\(part.data.count) bytes>"
                    files[part.name] = text
                } else {
                    fields[part.name] = Self.value(String(decoding: part.data, as: UTF8.self))
                }
            }
            self.init(fields: fields, files: files, uploads: uploads)
        } else if type.hasPrefix("application/x-www-form-urlencoded") {
            var fields: [String: JSONValue] = [:]
            for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                fields[parts[0]] = Self.value(parts.count > 1 ? parts[1] : "")
            }
            self.init(fields: fields, files: [:])
        } else {
            guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
                throw CocoaError(.coderInvalidValue)
            }
            self.init(fields: object, files: [:])
        }
    }

    /// Form fields are text; Telegram reads numbers, booleans and JSON arrays out of them.
    private static func value(_ text: String) -> JSONValue {
        if let integer = Int64(text) { return .integer(integer) }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if text.hasPrefix("["), let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
            return parsed
        }
        return .string(text)
    }

    private static func boundary(in contentType: String) -> String? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        return String(contentType[range.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }

    func string(_ key: String) -> String? { fields[key]?.stringValue }
    func int(_ key: String) -> Int64? { fields[key]?.integerValue }
    func file(_ key: String) -> String? { files[key] }
    func upload(_ key: String) -> Upload? { uploads[key] }

    func bool(_ key: String) -> Bool? {
        switch fields[key] {
        case .bool(let value): value
        case .string(let value): value == "true"
        default: nil
        }
    }

    func stringArray(_ key: String) -> [String]? {
        guard case .array(let items) = fields[key] else { return nil }
        return items.compactMap(\.stringValue)
    }

    func array(_ key: String) -> [JSONValue]? {
        guard case .array(let items) = fields[key] else { return nil }
        return items
    }

    func commandMenu() -> [TelegramSimulator.MenuEntry] {
        guard case .array(let items) = fields["commands"] else { return [] }
        return items.map {
            TelegramSimulator.MenuEntry(
                command: $0["command"]?.stringValue ?? "", description: $0["description"]?.stringValue ?? "")
        }
    }

    /// The fields as a JSON object (files as their text), for the record.
    var json: String {
        var object = fields
        for (name, text) in files { object[name] = .string(text) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(JSONValue.object(object))) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// Just enough of RFC 7578 to read what `setWebhook` uploads.
enum Multipart {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var data: ArraySlice<UInt8>
    }

    struct Malformed: Error {}

    static func parts(_ body: [UInt8], boundary: String) throws -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index) {
            positions.append(found)
            index = found + delimiter.count
        }
        guard positions.count >= 2 else { throw Malformed() }
        for (start, end) in zip(positions, positions.dropFirst()) {
            var section = body[(start + delimiter.count)..<end]
            if section.starts(with: [13, 10]) { section = section.dropFirst(2) }
            if section.last == 10 { section = section.dropLast() }
            if section.last == 13 { section = section.dropLast() }
            guard let split = find([13, 10, 13, 10], in: Array(section), from: 0) else { throw Malformed() }
            let headerEnd = section.startIndex + split
            let headers = String(decoding: section[section.startIndex..<headerEnd], as: UTF8.self)
            guard let name = attribute("name", in: headers) else { throw Malformed() }
            let contentType = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-type:") }
                .map { $0.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces) }
            parts.append(
                Part(
                    name: name, filename: attribute("filename", in: headers), contentType: contentType,
                    data: section[(headerEnd + 4)...]))
        }
        return parts
    }

    private static func attribute(_ name: String, in headers: String) -> String? {
        guard let range = headers.range(of: " \(name)=\"") ?? headers.range(of: ";\(name)=\"") else { return nil }
        let rest = headers[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
