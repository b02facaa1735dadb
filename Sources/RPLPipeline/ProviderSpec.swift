import Foundation
import RPLASR
import RPLAzure
import RPLHTTP
import RPLInventory
import RPLRuntime
import RPLSource
import RPLStore

/// Which provider a run goes through, typed once: the command line's
/// `--provider`, the REPL's and the journal's `provider` column all go
/// through `init(parsing:)` and `journalName`.
public enum ProviderSpec: Sendable, Equatable {
    /// The in-process simulator on a virtual clock.
    case sim(seed: UInt64, faults: [SimFault])
    /// A command run through /bin/sh -c, talking JSON lines.
    case exec(command: String)
    /// Azure Site Recovery through Azure Resource Manager at `endpoint` (docs/asr.md).
    case asr(endpoint: String)

    public static let syntaxHelp = "sim, exec:COMMAND or asr"

    /// `sim`, `exec:COMMAND`, `asr` or `asr:ARM-ENDPOINT` (how the journal
    /// keeps a run's `--arm-endpoint`); nil for anything else.
    public init?(parsing text: String, seed: UInt64 = 1) {
        if text == "sim" {
            self = .sim(seed: seed, faults: [])
        } else if text.hasPrefix("exec:"), text.utf8.count > 5 {
            self = .exec(command: String(text.dropFirst(5)))
        } else if text == "asr" {
            self = .asr(endpoint: ARMClient.defaultEndpoint)
        } else if text.hasPrefix("asr:http"), text.utf8.count > 8 {
            self = .asr(endpoint: String(text.dropFirst(4)))
        } else {
            return nil
        }
    }

    /// What the journal records and `rpl jobs` shows (faults are not kept:
    /// a resumed run goes on as if they were repaired).
    public var journalName: String {
        switch self {
        case .sim: "sim"
        case let .exec(command): "exec:\(command)"
        case let .asr(endpoint): endpoint == ARMClient.defaultEndpoint ? "asr" : "asr:\(endpoint)"
        }
    }

    public var seed: UInt64? {
        if case let .sim(seed, _) = self { seed } else { nil }
    }

    /// A provider that acts on real systems: the REPL asks before using it.
    public var changesRealSystems: Bool {
        switch self {
        case .sim: false
        case .exec, .asr: true
        }
    }

    /// Durations measured on the wall clock rather than simulated.
    public var isMeasured: Bool { changesRealSystems }

    /// The provider, for a run in `store` over `inventory` (the ASR
    /// provider journals its jobs there and reads the ARM ids from it).
    public func makeProvider(store: InventoryStore, inventory: Inventory,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(PipelineFailure) -> Provider {
        switch self {
        case let .sim(seed, faults): return SimProvider(seed: seed, faults: faults)
        case let .exec(command):
            do { return try ExecProvider(command: command) } catch {
                throw .usage("\(error)")
            }
        case let .asr(endpoint):
            let transport = CurlTransport(insecure: false)
            let tokens: any TokenSource
            do { tokens = try AzureCredentials.resolve(environment: environment, transport: transport) } catch {
                throw PipelineFailure(.usage, nil, diagnostics: [RunDiagnostics.forRun("asr", .RP808, error.description,
                                                                                        help: ["docs/asr.md says how rpl finds the token; `--dry-run` needs none"])])
            }
            let client = ARMClient(endpoint: endpoint, tokens: tokens, transport: transport)
            return ASRProvider(client: client, inventory: inventory, jobs: ASRJobTable(store: store))
        }
    }
}
