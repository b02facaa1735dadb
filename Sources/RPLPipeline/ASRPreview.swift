import RPLASR
import RPLAzure
import RPLRuntime
import RPLSource

extension PreparedRun {
    /// What `--dry-run` prints and the REPL shows before asking: each step's
    /// request as the provider will send it, in start order. For `asr`, the
    /// ARM request (method, path, body) a change board reviews, with no
    /// token needed; a step whose request lacks an ARM id is an RP807
    /// diagnostic instead.
    public func requestPreview(for provider: ProviderSpec) -> (text: String, diagnostics: [Diagnostic]) {
        guard case .asr = provider else { return (requestPreview, []) }
        var text = ""
        var missing = MissingARMIDs()
        for step in steps {
            let at = "  +\(ProgressBoard.clock(Double(step.estimatedStart)))  "
            do {
                guard let request = try ASRStepMapping.request(for: step, in: prepared.inventory) else {
                    text += "\(at)\(step.id): \(step.kind.rawValue), done by rpl itself\n"
                    continue
                }
                text += "\(at)\(step.id)\n    \(request.method) \(request.path)?api-version=\(ARMClient.apiVersion)\n"
                if let body = request.body {
                    text += body.serialized(pretty: true).split(separator: "\n").map { "    \($0)\n" }.joined()
                }
            } catch {
                text += "\(at)\(step.id): no request (RP807)\n"
                missing.add(error, step: step)
            }
        }
        return (text, missing.diagnostics(for: self))
    }

    /// RP807 for each record a step's request needs and the inventory has no
    /// ARM id for: what `rpl run` refuses on before its first request. Only
    /// the mapping, not the preview's text; nothing for the other providers.
    public func missingARMIDs(for provider: ProviderSpec) -> [Diagnostic] {
        guard case .asr = provider else { return [] }
        var missing = MissingARMIDs()
        for step in steps {
            do { _ = try ASRStepMapping.request(for: step, in: prepared.inventory) } catch { missing.add(error, step: step) }
        }
        return missing.diagnostics(for: self)
    }
}

/// One RP807 per record that lacks its id, at the statement of the first
/// step that needs it; the other steps are counted in a note.
private struct MissingARMIDs {
    private var first: [String: (step: ExecutableStep, others: Int)] = [:]
    private var order: [String] = []

    mutating func add(_ error: ASRMappingError, step: ExecutableStep) {
        if let seen = first[error.missing] {
            first[error.missing] = (seen.step, seen.others + 1)
        } else {
            first[error.missing] = (step, 0)
            order.append(error.missing)
        }
    }

    func diagnostics(for run: PreparedRun) -> [Diagnostic] {
        guard !order.isEmpty else { return [] }
        let spans = Dictionary(run.prepared.schedule.entries.map { ($0.id, $0.step.span) }, uniquingKeysWith: { first, _ in first })
        return order.map { record in
            let (step, others) = first[record]!
            let error = ASRMappingError(step: step.id, missing: record)
            return Diagnostic(.RP807, error.description,
                              at: Label(file: run.prepared.plan.file, span: spans[step.id] ?? Span(0, 0)),
                              notes: others > 0 ? ["\(others) more step\(others == 1 ? "" : "s") of the plan need\(others == 1 ? "s" : "") it too"] : [],
                              help: ["docs/asr.md: the ids come from `rpl inventory pull --vault`"])
        }
    }
}
