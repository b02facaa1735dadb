import RPLRuntime

/// Which provider a run goes through, typed once: the command line's
/// `--provider`, the REPL's and the journal's `provider` column all go
/// through `init(parsing:)` and `journalName`.
public enum ProviderSpec: Sendable, Equatable {
    /// The in-process simulator on a virtual clock.
    case sim(seed: UInt64, faults: [SimFault])
    /// A command run through /bin/sh -c, talking JSON lines.
    case exec(command: String)

    public static let syntaxHelp = "sim or exec:COMMAND"

    /// `sim` or `exec:COMMAND`; nil for anything else.
    public init?(parsing text: String, seed: UInt64 = 1) {
        if text == "sim" {
            self = .sim(seed: seed, faults: [])
        } else if text.hasPrefix("exec:"), text.utf8.count > 5 {
            self = .exec(command: String(text.dropFirst(5)))
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
        }
    }

    public var seed: UInt64? {
        if case let .sim(seed, _) = self { seed } else { nil }
    }

    /// A provider that acts on real systems: the REPL asks before using it.
    public var changesRealSystems: Bool {
        if case .exec = self { true } else { false }
    }

    /// Durations measured on the wall clock rather than simulated.
    public var isMeasured: Bool { changesRealSystems }

    public func makeProvider() throws(PipelineFailure) -> Provider {
        switch self {
        case let .sim(seed, faults): return SimProvider(seed: seed, faults: faults)
        case let .exec(command):
            do { return try ExecProvider(command: command) } catch {
                throw .usage("\(error)")
            }
        }
    }
}
