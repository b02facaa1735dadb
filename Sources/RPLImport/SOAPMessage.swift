import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A managed object reference: a type and an id ("VirtualMachine", "vm-42").
public struct ManagedObjectReference: Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var value: String

    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }

    public var description: String { "\(type):\(value)" }

    /// As an element of a request: `<name type="T">value</name>`.
    func xml(_ name: String) -> String { "<\(name) type=\"\(SOAP.escape(type))\">\(SOAP.escape(value))</\(name)>" }
}

/// The SOAP 1.1 envelope of the vSphere Web Services API, and reading the
/// answers: by local name (vCenters and vcsim prefix namespaces differently).
enum SOAP {
    static let xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

    static func envelope(_ body: String) -> [UInt8] {
        Array(("""
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="\(xsiNamespace)">\
            <soapenv:Body>\(body)</soapenv:Body></soapenv:Envelope>
            """).utf8)
    }

    /// Text for an XML element or attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// What a SOAP answer held: the body's first element, or the fault.
    enum Answer {
        case result(SOAPElement)
        case fault(message: String, faultType: String?)
    }

    static func parse(_ bytes: [UInt8]) throws -> Answer {
        let root = try SOAPElement.parse(bytes)
        guard root.localName == "Envelope", let body = root.child("Body"), let first = body.elementChildren.first
        else { throw SOAPReadError("not a SOAP envelope") }
        if first.localName == "Fault" {
            let message = first.child("faultstring")?.text ?? "no fault string"
            let detail = first.child("detail")?.elementChildren.first
            return .fault(message: message, faultType: detail.map { $0.xsiType ?? $0.localName })
        }
        return .result(first)
    }
}

struct SOAPReadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// An element of an answer, read whole with `XMLParser`. (FoundationXML's
/// `XMLDocument` crashes on Linux when asked for an attribute's namespace,
/// and the vSphere answers need nothing a small tree cannot hold.)
/// Names are kept without their prefix: vCenters and vcsim choose prefixes
/// differently, and no two vSphere elements differ only by namespace.
public final class SOAPElement: @unchecked Sendable {
    public let localName: String
    /// Attributes by their name as written ("type", "xsi:type").
    public let attributes: [String: String]
    public fileprivate(set) var elementChildren: [SOAPElement] = []
    fileprivate var characters = ""

    init(localName: String, attributes: [String: String]) {
        self.localName = localName
        self.attributes = attributes
    }

    public func child(_ localName: String) -> SOAPElement? { elementChildren.first { $0.localName == localName } }

    public func children(_ localName: String) -> [SOAPElement] { elementChildren.filter { $0.localName == localName } }

    /// The text directly inside the element.
    public var text: String { characters }

    /// The `xsi:type` of a value, without its namespace prefix ("ParaVirtualSCSIController").
    public var xsiType: String? {
        guard let value = attributes.first(where: { $0.key == "xsi:type" || $0.key.hasSuffix(":type") })?.value else { return nil }
        return value.split(separator: ":").last.map(String.init) ?? value
    }

    /// A managed object reference written as `<x type="T">id</x>`.
    public var reference: ManagedObjectReference? {
        attributes["type"].map { ManagedObjectReference(type: $0, value: text) }
    }

    static func parse(_ bytes: [UInt8]) throws -> SOAPElement {
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw SOAPReadError(parser.parserError.map { "not well-formed XML: \($0.localizedDescription)" } ?? "no XML element")
        }
        return root
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: SOAPElement?
    private var open: [SOAPElement] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        let element = SOAPElement(localName: local, attributes: attributes)
        if let parent = open.last { parent.elementChildren.append(element) } else { root = element }
        open.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        open.last?.characters += string
    }
}
