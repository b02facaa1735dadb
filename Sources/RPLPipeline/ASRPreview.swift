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
        // One RP807 per record that lacks its id, at the statement of the
        // first step that needs it; the other steps are counted in a note.
        var missing: [String: (first: ExecutableStep, others: Int)] = [:]
        var missingOrder: [String] = []
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
                if let seen = missing[error.missing] {
                    missing[error.missing] = (seen.first, seen.others + 1)
                } else {
                    missing[error.missing] = (step, 0)
                    missingOrder.append(error.missing)
                }
            }
        }
        let spans = Dictionary(prepared.schedule.entries.map { ($0.id, $0.step.span) }, uniquingKeysWith: { first, _ in first })
        let diagnostics = missingOrder.map { record -> Diagnostic in
            let (first, others) = missing[record]!
            let error = ASRMappingError(step: first.id, missing: record)
            return Diagnostic(.RP807, error.description,
                              at: Label(file: prepared.plan.file, span: spans[first.id] ?? Span(0, 0)),
                              notes: others > 0 ? ["\(others) more step\(others == 1 ? "" : "s") of the plan need\(others == 1 ? "s" : "") it too"] : [],
                              help: ["docs/asr.md: the ids come from `rpl inventory pull --vault`"])
        }
        return (text, diagnostics)
    }
}
