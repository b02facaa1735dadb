/// Something going wrong in the simulated estate, as `--fault` names it.
public enum SimFault: Sendable, Equatable, CustomStringConvertible {
    /// `agent-late:web=12m`: the machine's agent registers with the
    /// configuration server that long after the run starts; until then its
    /// reprotect fails with "agent not installed" (docs/cli.md, the exec provider protocol).
    case agentLate(machine: String, seconds: Double)
    /// `ps-heartbeat:ps-azure[@10m]`: the process server loses its heartbeat
    /// (from the start, or from that time on): steps through it fail.
    case processServerHeartbeatLost(processServer: String, atSeconds: Double)
    /// `mt-unreachable:mt1[@10m]`: the master target stops answering.
    case masterTargetUnreachable(masterTarget: String, atSeconds: Double)
    /// `fail:app/reprotect/web`: the step's first attempt fails.
    case failStep(step: String)

    /// Indented, and under 80 columns a line: `rpl run --help` shows it, and
    /// the help wraps a longer line without its indentation.
    public static let syntaxHelp = """
          agent-late:MACHINE=DURATION   the agent registers DURATION after the
                                        run starts (RP801; retried up to 15m)
          ps-heartbeat:PS[@DURATION]    the process server loses its heartbeat
                                        (from the start, or from DURATION on)
          mt-unreachable:MT[@DURATION]  the master target becomes unreachable
          fail:STEP-ID                  the step's first attempt fails (RP802)
          DURATION is like 90s, 12m, 1h30m.
        """

    public var description: String {
        switch self {
        case let .agentLate(machine, seconds): "agent-late:\(machine)=\(Self.format(seconds))"
        case let .processServerHeartbeatLost(ps, at): "ps-heartbeat:\(ps)" + (at > 0 ? "@\(Self.format(at))" : "")
        case let .masterTargetUnreachable(mt, at): "mt-unreachable:\(mt)" + (at > 0 ? "@\(Self.format(at))" : "")
        case let .failStep(step): "fail:\(step)"
        }
    }

    public init(parsing text: String) throws(SimFaultSyntaxError) {
        guard let colon = text.firstIndex(of: ":") else { throw SimFaultSyntaxError(text: text, reason: "expected KIND:TARGET") }
        let kind = String(text[..<colon])
        let rest = String(text[text.index(after: colon)...])
        guard !rest.isEmpty else { throw SimFaultSyntaxError(text: text, reason: "nothing after '\(kind):'") }

        func target(_ rest: String) throws(SimFaultSyntaxError) -> (String, Double) {
            let parts = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard !parts[0].isEmpty else { throw SimFaultSyntaxError(text: text, reason: "missing a name") }
            if parts.count == 1 { return (parts[0], 0) }
            guard let seconds = SimFault.seconds(parts[1]) else {
                throw SimFaultSyntaxError(text: text, reason: "'\(parts[1])' is not a duration (like 90s, 12m, 1h30m)")
            }
            return (parts[0], seconds)
        }

        switch kind {
        case "agent-late":
            let parts = rest.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw SimFaultSyntaxError(text: text, reason: "expected agent-late:MACHINE=DURATION") }
            guard let seconds = SimFault.seconds(parts[1]) else {
                throw SimFaultSyntaxError(text: text, reason: "'\(parts[1])' is not a duration (like 90s, 12m, 1h30m)")
            }
            self = .agentLate(machine: parts[0], seconds: seconds)
        case "ps-heartbeat":
            let (name, at) = try target(rest)
            self = .processServerHeartbeatLost(processServer: name, atSeconds: at)
        case "mt-unreachable":
            let (name, at) = try target(rest)
            self = .masterTargetUnreachable(masterTarget: name, atSeconds: at)
        case "fail":
            self = .failStep(step: rest)
        default:
            throw SimFaultSyntaxError(text: text, reason: "unknown fault '\(kind)' (agent-late, ps-heartbeat, mt-unreachable, fail)")
        }
    }

    /// `90s`, `12m`, `1h30m`, `2d`; a bare number is seconds.
    public static func seconds(_ text: String) -> Double? {
        if let plain = Double(text), plain >= 0 { return plain }
        var total = 0.0
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber { digits.append(character); continue }
            guard let value = Double(digits) else { return nil }
            switch character {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
            digits = ""
        }
        return digits.isEmpty && !text.isEmpty ? total : nil
    }

    static func format(_ seconds: Double) -> String {
        let s = Int(seconds)
        if s % 3600 == 0, s > 0 { return "\(s / 3600)h" }
        if s % 60 == 0, s > 0 { return "\(s / 60)m" }
        return "\(s)s"
    }
}

public struct SimFaultSyntaxError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "invalid fault '\(text)': \(reason)" }
}
