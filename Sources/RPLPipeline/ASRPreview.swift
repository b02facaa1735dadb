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
        var diagnostics: [Diagnostic] = []
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
                diagnostics.append(RunDiagnostics.at(prepared.plan.file, .RP807, error.description,
                                                     help: ["docs/asr.md: the ids come from `rpl inventory pull --vault`"]))
            }
        }
        return (text, diagnostics)
    }
}
