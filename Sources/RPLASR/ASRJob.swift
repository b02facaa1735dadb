import RPLAzure
import RPLSource

/// A Site Recovery job as `GET .../replicationJobs/{job}` shows it.
struct ASRJob {
    var id: String
    var name: String
    var state: String
    var friendlyName: String
    var scenario: String
    var targetName: String
    var startTime: String
    var errors: [String]

    /// `NotStarted` and `InProgress` are the states a job leaves; every other one is its end.
    var hasEnded: Bool { state != "NotStarted" && state != "InProgress" }
    var succeeded: Bool { state == "Succeeded" }

    init(_ json: JSONValue) {
        let properties = json["properties"]
        id = json["id"]?.stringValue ?? ""
        name = json["name"]?.stringValue ?? id.split(separator: "/").last.map(String.init) ?? ""
        state = properties?["state"]?.stringValue ?? "Other"
        friendlyName = properties?["friendlyName"]?.stringValue ?? ""
        scenario = properties?["scenarioName"]?.stringValue ?? ""
        targetName = properties?["targetObjectName"]?.stringValue ?? ""
        startTime = properties?["startTime"]?.stringValue ?? ""
        errors = (properties?["errors"]?.arrayValue ?? []).map(ASRJob.describe)
    }

    /// One error: code, message, possible causes, recommended action, as
    /// Site Recovery words them (service errors and provider errors alike).
    static func describe(_ error: JSONValue) -> String {
        let service = error["serviceErrorDetails"]
        let provider = error["providerErrorDetails"]
        let code = service?["code"]?.stringValue ?? provider?["errorCode"]?.intValue.map(String.init) ?? "?"
        let message = service?["message"]?.stringValue ?? provider?["errorMessage"]?.stringValue ?? "no message"
        var text = "\(code): \(message)"
        if let causes = service?["possibleCauses"]?.stringValue ?? provider?["possibleCauses"]?.stringValue, !causes.isEmpty {
            text += " Possible causes: \(causes)"
        }
        if let action = service?["recommendedAction"]?.stringValue ?? provider?["recommendedAction"]?.stringValue, !action.isEmpty {
            text += " Recommended action: \(action)"
        }
        return text
    }

    /// What the step's failure says (RP805).
    var failureMessage: String {
        let what = friendlyName.isEmpty ? scenario : friendlyName
        let detail = errors.isEmpty ? "no error given" : errors.joined(separator: "; ")
        return "Site Recovery job \(what) (\(name)) ended \(state): \(detail)"
    }
}
