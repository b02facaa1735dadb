import RPLSource

/// Why the pipeline stopped before (or instead of) doing what was asked.
/// Front ends print `diagnostics` with their renderer, then `message`, and
/// leave with the exit status `kind` stands for.
public struct PipelineFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The plan has errors, or a run failed (exit 1).
        case plan
        /// Usage, I/O, inventory or journal trouble, or machines locked by another run (exit 2).
        case usage
    }

    public var kind: Kind
    /// What to say after the diagnostics, as one sentence the front end may prefix with its name.
    public var message: String?
    /// Lines said before the message as they are, e.g. `FILE: error: JSON-PATH: message` per inventory issue.
    public var details: [String]
    public var diagnostics: [Diagnostic]

    public init(_ kind: Kind, _ message: String?, details: [String] = [], diagnostics: [Diagnostic] = []) {
        self.kind = kind
        self.message = message
        self.details = details
        self.diagnostics = diagnostics
    }

    public static func usage(_ message: String) -> PipelineFailure { PipelineFailure(.usage, message) }

    public var description: String {
        ([TextRenderer().render(diagnostics)] + details + [message].compactMap { $0 }).filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
