import RPLSource

/// A part of a Site Recovery resource with its place (file and JSON path),
/// so that whatever rpl does not understand is reported where it is.
struct ASRItem {
    var source: String
    var path: String
    var json: JSONValue

    init(_ resource: ARMResource) {
        source = resource.source
        path = resource.path
        json = resource.json
    }

    init(source: String, path: String, json: JSONValue) {
        self.source = source
        self.path = path
        self.json = json
    }

    func child(_ key: String) -> ASRItem? {
        guard let value = json[key], value != .null else { return nil }
        return ASRItem(source: source, path: "\(path).\(key)", json: value)
    }

    func list(_ key: String) -> [ASRItem] {
        guard let items = json[key]?.arrayValue else { return [] }
        return items.enumerated().map { ASRItem(source: source, path: "\(path).\(key)[\($0.offset)]", json: $0.element) }
    }

    /// A non-empty string, else nil.
    func string(_ key: String) -> String? {
        guard let text = json[key]?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    func number(_ key: String) -> Double? {
        if case let .number(n)? = json[key] { return n }
        return nil
    }

    func bool(_ key: String) -> Bool? { json[key]?.boolValue }

    /// The key's number as a whole count (rounded down); nil when absent. A
    /// negative, infinite or huge number is a reason to leave the item out:
    /// converted as it is, it would trap or make a count the inventory refuses.
    func count(_ key: String) throws(ASRSkip) -> Int? {
        guard let n = number(key) else { return nil }
        guard let whole = Self.whole(n) else { throw skip(key, "\(n) is not a count rpl can use (negative, not finite or past 2^53)") }
        return whole
    }

    /// A non-negative finite number below 2^53 (where doubles stop being exact), rounded down.
    static func whole(_ n: Double) -> Int? {
        n.isFinite && n >= 0 && n < 9_007_199_254_740_992 ? Int(n) : nil
    }

    /// The key's string, or a reason to leave the item out that names where it is missing.
    func required(_ key: String) throws(ASRSkip) -> String {
        guard let text = string(key) else {
            throw ASRSkip(source: source, path: "\(path).\(key)", message: "missing '\(key)'")
        }
        return text
    }

    /// The first of the keys that has a non-empty string, or a reason naming the last.
    func firstString(_ keys: String...) throws(ASRSkip) -> String {
        for key in keys { if let text = string(key) { return text } }
        throw ASRSkip(source: source, path: "\(path).\(keys.last ?? "")", message: "missing '\(keys.last ?? "")'")
    }

    func skip(_ key: String, _ message: String) -> ASRSkip {
        ASRSkip(source: source, path: "\(path).\(key)", message: message)
    }
}

/// An item left out of the import, with its place (RP961): the import goes on without it.
public struct ASRSkip: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var path: String
    public var message: String
    public var description: String { "\(source) \(path): \(message)" }
}

extension Optional {
    /// `??` with a typed throw (the operator's autoclosure rethrows `any Error`).
    func orElse(_ fallback: () throws(ASRSkip) -> Wrapped) throws(ASRSkip) -> Wrapped {
        if let value = self { return value }
        return try fallback()
    }
}
