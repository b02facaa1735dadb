/// The stable diagnostic codes (docs/codes.md). Codes are never renumbered;
/// a new one goes at the end of its family. `CodeExplanations.swift` holds
/// each code's long text (`rpl explain`), and docs/codes.md is generated from it.
public enum DiagnosticCode: String, CaseIterable, Sendable, Comparable {
    // Syntax and names
    case RP001, RP002, RP101, RP102, RP103, RP104, RP105, RP106
    // Machine
    case RP201, RP202, RP203, RP204, RP205, RP206, RP207, RP208, RP209, RP210, RP211
    // Master target
    case RP301, RP302, RP303, RP304, RP305, RP306, RP307, RP308, RP309, RP310, RP311
    // Retention volume
    case RP401, RP402, RP403, RP404, RP405, RP406
    // Network, process server, configuration server
    case RP501, RP502, RP503, RP504
    // vCenter
    case RP601
    // Plan
    case RP701, RP702, RP703, RP704, RP705, RP706, RP707, RP708
    // Added after the first codes: a `check` (warning) or `assert` (error) of the plan itself does not hold.
    case RP709
    // A plan with no steps: nothing to check, plan or run, so it is not a success either.
    case RP710
    // A plan version that already ran against this database now behaves differently.
    case RP711
    // Run time
    case RP801, RP802, RP803, RP804
    // Run time through Azure Site Recovery (`--provider asr`)
    case RP805, RP806, RP807, RP808, RP809
    // The modernized architecture (replication appliance, reprotect agents, log storage account)
    case RP901, RP902, RP903, RP904, RP905, RP906, RP907, RP908, RP909
    // A modernized failback's replication prerequisites
    case RP910, RP911, RP912, RP913
    // The disks one appliance reprotects together
    case RP914
    // Disks changed in Azure, and where a modernized reprotect writes the machine back
    case RP915, RP916, RP917, RP918, RP919
    // A failed planned failover: cancel and retry it, never disable replication
    case RP920, RP921
    // The whole failback cycle: scheduling modernized reprotects, commit, protection back to Azure
    case RP940, RP941, RP942, RP943, RP944, RP945, RP946
    // Importing an estate from Site Recovery (`rpl inventory import --from asr`, `pull --vault`), and what it leaves unknown
    case RP960, RP961, RP962, RP963, RP964, RP965

    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Accepts `RP701`, `rp701` and `701`.
    public init?(parsing text: String) {
        let upper = text.uppercased()
        if let code = DiagnosticCode(rawValue: upper) { self = code; return }
        if let code = DiagnosticCode(rawValue: "RP" + upper) { self = code; return }
        return nil
    }

    public var defaultSeverity: Severity {
        switch self {
        case .RP207, .RP211, .RP502, .RP710, .RP711, .RP801, .RP809, .RP906, .RP908, .RP915, .RP916, .RP919, .RP961: .warning
        case .RP208, .RP210, .RP918, .RP921, .RP946, .RP960, .RP963: .note
        default: .error
        }
    }

    /// One line, as in docs/codes.md's table.
    public var title: String {
        switch self {
        case .RP001: "syntax error"
        case .RP002: "the file is not UTF-8 text"
        case .RP101: "unknown name"
        case .RP102: "a name of the wrong kind"
        case .RP103: "duplicate declaration"
        case .RP104: "type mismatch"
        case .RP105: "machine reprotected more than once in one plan"
        case .RP106: "a limit of the language was exceeded"
        case .RP201: "machine is not in the state the step needs"
        case .RP202: "the on-prem VM has snapshots"
        case .RP203: "machine is not in the configuration server database"
        case .RP204: "machine's disk UUIDs clash with the master target's"
        case .RP205: "Windows Server 2008 R2 SP1 protected as a physical server cannot be failed back"
        case .RP206: "OS mismatch between machine and master target"
        case .RP207: "Linux machine with a static IP will come back on DHCP"
        case .RP208: "the Network Manager package stays removed on a failed-back Linux machine"
        case .RP209: "the on-prem VM's datastores are not mounted read/write on the master target's host"
        case .RP210: "the datastore value is ignored, or decides where a new VM is created"
        case .RP211: "the agent may not be registered yet"
        case .RP301: "disk.EnableUUID is not true on the master target"
        case .RP302: "the master target uses Storage vMotion"
        case .RP303: "the master target has snapshots"
        case .RP304: "the master target has a Paravirtual SCSI controller"
        case .RP305: "the master target's host has no VMFS datastore"
        case .RP306: "VMware tools are not installed on the master target"
        case .RP307: "the master target's ESXi host runs a free edition"
        case .RP308: "the master target or its vCenter has not been discovered"
        case .RP309: "the master target is not on-premises"
        case .RP310: "the datastore is not attached to the master target's host"
        case .RP311: "the master target would exceed 60 attached disks"
        case .RP401: "no eligible retention volume"
        case .RP402: "retention volume has a FAT or FAT32 file system"
        case .RP403: "retention volume has zero capacity"
        case .RP404: "retention volume is locked"
        case .RP405: "retention volume is the cache volume"
        case .RP406: "retention volume is used for another purpose"
        case .RP501: "no site-to-site VPN or ExpressRoute private peering"
        case .RP502: "process server on-premises while only a site-to-site VPN exists"
        case .RP503: "the process server cannot reach the configuration server"
        case .RP504: "no configuration server on-premises"
        case .RP601: "the vCenter was discovered with a read-only account"
        case .RP701: "replication group split across master targets"
        case .RP702: "replication group only partly in the plan"
        case .RP703: "replication group member reprotected outside a recovery plan"
        case .RP704: "replication group mixes Windows and Linux machines"
        case .RP705: "missing datastore value"
        case .RP706: "a policy other than the automatic failback policy"
        case .RP707: "cycle in after dependencies"
        case .RP708: "failback of something this plan does not reprotect first"
        case .RP709: "a check or assert written in the plan does not hold"
        case .RP710: "the plan has no steps"
        case .RP711: "this version of the plan already ran with different steps"
        case .RP801: "agent not registered yet: waiting and retrying"
        case .RP802: "provider step failed"
        case .RP803: "the run was interrupted"
        case .RP804: "the plan has no steps to run"
        case .RP805: "an Azure Site Recovery job failed"
        case .RP806: "Azure Resource Manager refused a request"
        case .RP807: "the inventory lacks an ARM id a request needs"
        case .RP808: "no Azure token"
        case .RP809: "attached to a job already sent, not sent again"
        case .RP901: "the failover is not committed"
        case .RP902: "the mobility agent has not re-registered after failover"
        case .RP903: "the replication appliance or a component is unhealthy"
        case .RP904: "the reprotect agent cannot reach the datastore"
        case .RP905: "the reprotect agent is on another vCenter"
        case .RP906: "the appliance protects more machines than advised"
        case .RP907: "the log storage account is missing, unknown or has soft delete"
        case .RP908: "the log storage account is outside the vault's region"
        case .RP909: "classic and modernized mixed in one reprotect"
        case .RP910: "the machine's replication health is not normal"
        case .RP911: "the machine's initial replication has not completed"
        case .RP912: "the machine's replication needs a resync"
        case .RP913: "the machine has no recovery point"
        case .RP914: "the appliance would reprotect more than 60 disks together"
        case .RP915: "disks added in Azure after failover are not replicated back"
        case .RP916: "disks grown in Azure after failover: a new VM is created"
        case .RP917: "disks shrunk in Azure after failover"
        case .RP918: "the reprotect uses original-location recovery"
        case .RP919: "alternate-location recovery copies every disk in full"
        case .RP920: "the machine's last planned failover failed: cancel it first"
        case .RP921: "the failback retries a failed planned failover"
        case .RP940: "no reprotect agent fits the machine"
        case .RP941: "commit of a machine that is not failed back"
        case .RP942: "protection to Azure before the commit"
        case .RP943: "the wrong process server for protection to Azure"
        case .RP944: "no forward policy of the machine's architecture"
        case .RP945: "a recovery point type where none applies, or an unknown one"
        case .RP946: "app-consistent recovery points lag"
        case .RP960: "the retention volume's file system is unknown"
        case .RP961: "a Site Recovery item rpl does not understand was left out"
        case .RP962: "a Site Recovery response cannot be read"
        case .RP963: "a fact no source knows: rpl assumed its default"
        case .RP964: "the vCenter cannot be read"
        case .RP965: "the merged inventory is not consistent"
        }
    }
}
