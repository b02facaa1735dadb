import Foundation
import RPLHTTP

/// What `RetrieveServiceContent` tells: where the managers are, and what
/// the endpoint is (`about`).
public struct ServiceContent: Sendable {
    public var propertyCollector: ManagedObjectReference
    public var viewManager: ManagedObjectReference
    public var sessionManager: ManagedObjectReference
    public var rootFolder: ManagedObjectReference
    public var licenseManager: ManagedObjectReference?
    public var apiType: String
    public var version: String
    public var build: String
}

/// One object of a `RetrievePropertiesEx` answer: its reference and its
/// properties by path, each the `val` element as received.
public struct ObjectContent: @unchecked Sendable {
    public var object: ManagedObjectReference
    public var properties: [String: SOAPElement]
}

/// A client of the vSphere Web Services API (SOAP over HTTP, at `/sdk`):
/// only the calls rpl needs to read an estate. It keeps the session cookie
/// (`vmware_soap_session`) the vCenter sets at the first answer and sends it
/// back with every later request.
public final class VSphereClient: @unchecked Sendable {
    public let url: String
    private let transport: any HTTPTransport
    private var sessionCookie: String?

    public init(url: String, transport: any HTTPTransport) {
        self.url = url
        self.transport = transport
    }

    /// The cookie the session runs under, once the vCenter has set it.
    public var session: String? { sessionCookie }

    // MARK: Calls

    public func retrieveServiceContent() throws(VCenterError) -> ServiceContent {
        let method = "RetrieveServiceContent"
        let answer = try call(method, "<RetrieveServiceContent xmlns=\"urn:vim25\"><_this type=\"ServiceInstance\">ServiceInstance</_this></RetrieveServiceContent>")
        guard let content = answer.child("returnval") else { throw unreadable(method, "no returnval") }
        func reference(_ name: String) throws(VCenterError) -> ManagedObjectReference {
            guard let value = content.child(name)?.reference else { throw unreadable(method, "no \(name)") }
            return value
        }
        let about = content.child("about")
        return ServiceContent(
            propertyCollector: try reference("propertyCollector"), viewManager: try reference("viewManager"),
            sessionManager: try reference("sessionManager"), rootFolder: try reference("rootFolder"),
            licenseManager: content.child("licenseManager")?.reference,
            apiType: about?.child("apiType")?.text ?? "", version: about?.child("version")?.text ?? "",
            build: about?.child("build")?.text ?? "")
    }

    public func login(_ content: ServiceContent, user: String, password: String) throws(VCenterError) {
        let body = "<Login xmlns=\"urn:vim25\">\(content.sessionManager.xml("_this"))<userName>\(SOAP.escape(user))</userName>"
            + "<password>\(SOAP.escape(password))</password></Login>"
        do {
            _ = try call("Login", body)
        } catch let .fault(_, _, detail) {
            throw .loginRefused(url: url, user: user, detail: detail)
        }
    }

    public func logout(_ content: ServiceContent) throws(VCenterError) {
        _ = try call("Logout", "<Logout xmlns=\"urn:vim25\">\(content.sessionManager.xml("_this"))</Logout>")
    }

    /// A view of every object of `types` under `container`, at any depth.
    public func createContainerView(_ content: ServiceContent, container: ManagedObjectReference,
                                    types: [String]) throws(VCenterError) -> ManagedObjectReference {
        let method = "CreateContainerView"
        let body = "<CreateContainerView xmlns=\"urn:vim25\">\(content.viewManager.xml("_this"))\(container.xml("container"))"
            + types.map { "<type>\(SOAP.escape($0))</type>" }.joined() + "<recursive>true</recursive></CreateContainerView>"
        guard let view = try call(method, body).child("returnval")?.reference else { throw unreadable(method, "no view") }
        return view
    }

    public func destroyView(_ view: ManagedObjectReference) throws(VCenterError) {
        _ = try call("DestroyView", "<DestroyView xmlns=\"urn:vim25\">\(view.xml("_this"))</DestroyView>")
    }

    /// What to read: for each type, its property paths; the objects are
    /// those of `view` (a container view) plus the `direct` ones.
    public struct PropertyRequest: Sendable {
        public var paths: [(type: String, paths: [String])]
        public var view: ManagedObjectReference?
        public var direct: [ManagedObjectReference]

        public init(paths: [(type: String, paths: [String])], view: ManagedObjectReference?, direct: [ManagedObjectReference] = []) {
            self.paths = paths
            self.view = view
            self.direct = direct
        }
    }

    /// `RetrievePropertiesEx`, then `ContinueRetrievePropertiesEx` while the
    /// vCenter hands back a token: at most `maxObjects` objects per answer
    /// (the vCenter may send fewer). `pages` counts the answers.
    public func retrieveProperties(_ content: ServiceContent, _ request: PropertyRequest,
                                   maxObjects: Int? = nil) throws(VCenterError) -> (objects: [ObjectContent], pages: Int) {
        var spec = "<specSet>"
        for (type, paths) in request.paths {
            spec += "<propSet><type>\(SOAP.escape(type))</type>" + paths.map { "<pathSet>\(SOAP.escape($0))</pathSet>" }.joined() + "</propSet>"
        }
        if let view = request.view {
            spec += "<objectSet>\(view.xml("obj"))<skip>true</skip><selectSet xsi:type=\"TraversalSpec\"><name>view</name>"
                + "<type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet>"
        }
        for object in request.direct { spec += "<objectSet>\(object.xml("obj"))<skip>false</skip></objectSet>" }
        spec += "</specSet>"
        let options = "<options>" + (maxObjects.map { "<maxObjects>\($0)</maxObjects>" } ?? "") + "</options>"
        let collector = content.propertyCollector.xml("_this")

        var objects: [ObjectContent] = []
        var pages = 1
        var result = try call("RetrievePropertiesEx", "<RetrievePropertiesEx xmlns=\"urn:vim25\">\(collector)\(spec)\(options)</RetrievePropertiesEx>")
            .child("returnval")
        while let page = result {
            objects += try Self.objects(page, method: "RetrievePropertiesEx", url: url)
            guard let token = page.child("token")?.text, !token.isEmpty else { break }
            pages += 1
            result = try call("ContinueRetrievePropertiesEx",
                              "<ContinueRetrievePropertiesEx xmlns=\"urn:vim25\">\(collector)<token>\(SOAP.escape(token))</token></ContinueRetrievePropertiesEx>")
                .child("returnval")
        }
        return (objects, pages)
    }

    static func objects(_ page: SOAPElement, method: String, url: String) throws(VCenterError) -> [ObjectContent] {
        try page.children("objects").map { (element) throws(VCenterError) -> ObjectContent in
            guard let object = element.child("obj")?.reference else {
                throw .unreadableAnswer(url: url, method: method, detail: "an object without obj")
            }
            var properties: [String: SOAPElement] = [:]
            for property in element.children("propSet") {
                guard let name = property.child("name")?.text, let value = property.child("val") else { continue }
                properties[name] = value
            }
            return ObjectContent(object: object, properties: properties)
        }
    }

    // MARK: Transport

    /// One request: the envelope, the session cookie, the SOAP action the
    /// vSphere API expects; the answer's body element, or the reason there is none.
    private func call(_ method: String, _ body: String) throws(VCenterError) -> SOAPElement {
        var headers = ["Content-Type: text/xml; charset=utf-8", "SOAPAction: \"urn:vim25/6.5\""]
        if let sessionCookie { headers.append("Cookie: vmware_soap_session=\(sessionCookie)") }
        let answer: HTTPAnswer
        do {
            answer = try transport.post(url, body: SOAP.envelope(body), headers: headers)
        } catch {
            switch error {
            case let .connectionRefused(detail): throw .connectionRefused(url: url, detail: detail)
            case let .hostNotFound(detail): throw .hostNotFound(url: url, detail: detail)
            case let .tlsNotVerified(detail): throw .tlsNotVerified(url: url, detail: detail)
            case let .timedOut(detail): throw .timedOut(url: url, detail: detail)
            case let .other(detail): throw .network(url: url, detail: detail)
            }
        }
        if let cookie = answer.cookie("vmware_soap_session") { sessionCookie = cookie }
        let parsed: SOAP.Answer
        do {
            parsed = try SOAP.parse(answer.body)
        } catch {
            if answer.status != 200 { throw .httpStatus(url: url, method: method, status: answer.status) }
            throw unreadable(method, "\(error)")
        }
        switch parsed {
        case let .fault(message, faultType):
            throw .fault(url: url, method: method, detail: faultType.map { "\(message) (\($0))" } ?? message)
        case let .result(element):
            return element
        }
    }

    private func unreadable(_ method: String, _ detail: String) -> VCenterError {
        .unreadableAnswer(url: url, method: method, detail: detail)
    }
}
