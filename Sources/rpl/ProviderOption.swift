import ArgumentParser
import RPLPipeline

/// `--provider sim|exec:COMMAND`, parsed by the pipeline's one spelling.
struct ProviderArgument: ExpressibleByArgument {
    var spec: ProviderSpec

    init?(argument: String) {
        guard let spec = ProviderSpec(parsing: argument) else { return nil }
        self.spec = spec
    }

    init(_ spec: ProviderSpec) { self.spec = spec }

    var defaultValueDescription: String { spec.journalName }
}

extension ProviderArgument {
    /// The provider with `--arm-endpoint` applied: an http(s) URL, with `--provider asr` only.
    func with(armEndpoint: String?) throws -> ProviderSpec {
        guard let armEndpoint else { return spec }
        guard case .asr = spec, armEndpoint.hasPrefix("http") else {
            printError("rpl: --arm-endpoint takes an http(s) URL and goes with --provider asr")
            throw ExitStatus.usage
        }
        var endpoint = armEndpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return .asr(endpoint: endpoint)
    }
}
