import Foundation
import RPLHTTP
import RPLSource

/// Where the bearer token for Azure Resource Manager comes from. The token
/// stays inside the source and the request header it is put in: nothing
/// else in rpl holds it.
public protocol TokenSource: AnyObject, Sendable {
    /// Where the token comes from, for messages ("AZURE_ACCESS_TOKEN", "the Azure CLI").
    var origin: String { get }
    /// A token valid for a while yet; with `refresh`, a new one (after a 401).
    func token(refresh: Bool) throws(ARMError) -> String
}

/// The scope and resource every token is asked for.
public enum ARMScope {
    public static let scope = "https://management.azure.com/.default"
    public static let resource = "https://management.azure.com/"
    public static let defaultAuthorityHost = "https://login.microsoftonline.com"
}

/// Finds the token the way the Azure tools do, in this order:
/// `AZURE_ACCESS_TOKEN`; a service principal from `AZURE_TENANT_ID` +
/// `AZURE_CLIENT_ID` + `AZURE_CLIENT_SECRET` (client credentials against
/// `AZURE_AUTHORITY_HOST`); the Azure CLI when `az` is on PATH.
public enum AzureCredentials {
    public static func resolve(environment: [String: String], transport: any HTTPTransport) throws(ARMError) -> any TokenSource {
        if let token = environment["AZURE_ACCESS_TOKEN"], !token.isEmpty {
            return FixedToken(token)
        }
        if let tenant = environment["AZURE_TENANT_ID"], let client = environment["AZURE_CLIENT_ID"],
           let secret = environment["AZURE_CLIENT_SECRET"], !tenant.isEmpty, !client.isEmpty, !secret.isEmpty {
            let authority = environment["AZURE_AUTHORITY_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? ARMScope.defaultAuthorityHost
            return ClientCredentialsToken(authorityHost: authority, tenant: tenant, clientID: client, secret: secret, transport: transport)
        }
        if let az = AzureCLIToken.findExecutable(path: environment["PATH"] ?? "") {
            return AzureCLIToken(executable: az)
        }
        throw .noCredentials
    }
}

/// `AZURE_ACCESS_TOKEN`: used as given; it cannot be renewed, so a 401
/// after it expired is the end of the run (resume with a fresh one).
public final class FixedToken: TokenSource {
    private let value: String
    public init(_ value: String) { self.value = value }
    public var origin: String { "AZURE_ACCESS_TOKEN" }
    public func token(refresh: Bool) throws(ARMError) -> String { value }
}

/// A token with its expiry, renewed five minutes before it runs out (a job
/// poll must not go out with a token that expires on the way).
final class CachedToken: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    private var expires = Date.distantPast
    static let renewalMargin: TimeInterval = 300

    func current(refresh: Bool, fetch: () throws(ARMError) -> (String, Date)) throws(ARMError) -> String {
        lock.lock()
        defer { lock.unlock() }
        if !refresh, let value, expires.timeIntervalSinceNow > CachedToken.renewalMargin { return value }
        let (token, expiry) = try fetch()
        value = token
        expires = expiry
        return token
    }
}

/// OAuth 2.0 client credentials of a service principal.
public final class ClientCredentialsToken: TokenSource {
    let tokenURL: String
    private let clientID: String
    private let secret: String
    private let transport: any HTTPTransport
    private let cache = CachedToken()

    public init(authorityHost: String, tenant: String, clientID: String, secret: String, transport: any HTTPTransport) {
        var host = authorityHost
        while host.hasSuffix("/") { host.removeLast() }
        tokenURL = "\(host)/\(ClientCredentialsToken.formEncoded(tenant))/oauth2/v2.0/token"
        self.clientID = clientID
        self.secret = secret
        self.transport = transport
    }

    public var origin: String { "the service principal AZURE_CLIENT_ID=\(clientID)" }

    public func token(refresh: Bool) throws(ARMError) -> String {
        try cache.current(refresh: refresh) { () throws(ARMError) -> (String, Date) in try self.fetch() }
    }

    private func fetch() throws(ARMError) -> (String, Date) {
        let form = [("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret), ("scope", ARMScope.scope)]
            .map { "\($0.0)=\(ClientCredentialsToken.formEncoded($0.1))" }.joined(separator: "&")
        let answer: HTTPAnswer
        do {
            answer = try transport.post(tokenURL, body: Array(form.utf8), headers: ["Content-Type: application/x-www-form-urlencoded"])
        } catch {
            throw .tokenUnavailable(source: origin, reason: "no answer from \(tokenURL): \(error.reason)")
        }
        let body = try? JSONValue.parse(answer.body)
        guard answer.status == 200, let token = body?["access_token"]?.stringValue else {
            let reason = body?["error_description"]?.stringValue ?? body?["error"]?.stringValue ?? "HTTP \(answer.status)"
            throw .tokenUnavailable(source: origin, reason: reason)
        }
        let lifetime = body?["expires_in"]?.intValue ?? body?["expires_in"]?.stringValue.flatMap(Int.init) ?? 3600
        return (token, Date(timeIntervalSinceNow: TimeInterval(lifetime)))
    }

    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// `az account get-access-token`, for an operator signed in with `az login`.
public final class AzureCLIToken: TokenSource {
    let executable: String
    private let cache = CachedToken()

    public init(executable: String) { self.executable = executable }

    public var origin: String { "the Azure CLI" }

    public static func findExecutable(path: String) -> String? {
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/az"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func token(refresh: Bool) throws(ARMError) -> String {
        try cache.current(refresh: refresh) { () throws(ARMError) -> (String, Date) in try self.fetch() }
    }

    private func fetch() throws(ARMError) -> (String, Date) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["account", "get-access-token", "--resource", ARMScope.resource, "--output", "json"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw .tokenUnavailable(source: origin, reason: "\(executable) did not start: \(error.localizedDescription)")
        }
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let words = String(decoding: complaint, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .tokenUnavailable(source: origin, reason: words.isEmpty ? "exit status \(process.terminationStatus)" : words)
        }
        guard let json = try? JSONValue.parse(Array(bytes)), let token = json["accessToken"]?.stringValue else {
            throw .tokenUnavailable(source: origin, reason: "az printed no accessToken")
        }
        // `expires_on` (POSIX seconds) in recent versions; `expiresOn` (local time) before.
        let expiry = json["expires_on"]?.intValue.map { Date(timeIntervalSince1970: TimeInterval($0)) }
            ?? Date(timeIntervalSinceNow: 3000)
        return (token, expiry)
    }
}
