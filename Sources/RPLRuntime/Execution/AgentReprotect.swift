import RPLCheck
import RPLInventory
import RPLSource

/// A modernized reprotect with every parameter concrete: the names of the
/// inventory records Site Recovery's `InMageRcm` reprotect needs (a
/// provider resolves them to ARM ids), and where it writes the machine back.
public struct AgentReprotect: Sendable, Equatable {
    public var machine: String
    public var reprotectAgent: String
    public var appliance: String
    public var datastore: String?
    public var logStorageAccount: String
    /// The vault's `InMageRcmFailback` policy; nil when the inventory lists none (Site Recovery then uses its default).
    public var policy: String?
    public var location: RecoveryLocation

    public init(machine: String, reprotectAgent: String, appliance: String, datastore: String?, logStorageAccount: String,
                policy: String?, location: RecoveryLocation) {
        self.machine = machine
        self.reprotectAgent = reprotectAgent
        self.appliance = appliance
        self.datastore = datastore
        self.logStorageAccount = logStorageAccount
        self.policy = policy
        self.location = location
    }

    /// The journal's and the exec request's keys (docs/cli.md), after `action`.
    var paramsJSON: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("architecture", .string(Architecture.modernized.rawValue)),
            ("machine", .string(machine)),
            ("reprotect_agent", .string(reprotectAgent)),
            ("appliance", .string(appliance)),
        ]
        if let datastore { members.append(("datastore", .string(datastore))) }
        members.append(("log_storage_account", .string(logStorageAccount)))
        if let policy { members.append(("policy", .string(policy))) }
        members.append(("location", .string(location.rawValue)))
        return members
    }

    init?(params: JSONValue) {
        guard let machine = params["machine"]?.stringValue, let agent = params["reprotect_agent"]?.stringValue,
              let appliance = params["appliance"]?.stringValue, let account = params["log_storage_account"]?.stringValue,
              let location = params["location"]?.stringValue.flatMap(RecoveryLocation.init(rawValue:))
        else { return nil }
        self.init(machine: machine, reprotectAgent: agent, appliance: appliance, datastore: params["datastore"]?.stringValue,
                  logStorageAccount: account, policy: params["policy"]?.stringValue, location: location)
    }
}
