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
