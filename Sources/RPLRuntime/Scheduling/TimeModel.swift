import RPLCheck
import RPLInventory

/// How long each kind of step is estimated to take, and the machine states
/// it moves through. The figures are named so that a reader can argue with
/// them; `rpl plan` prints estimates, never promises.
public struct TimeModel: Sendable, Equatable {
    /// Before any data moves, reprotect discovers the on-prem VM (or creates
    /// one), attaches its disks to the master target and sets up replication
    /// with the process server: a few minutes whatever the size of the disks.
    public static let standardSetupSeconds: Int64 = 5 * 60
    /// Failback first shuts down the VM in Azure (a planned failover that
    /// also takes a last recovery point)...
    public static let standardAzureShutdownSeconds: Int64 = 5 * 60
    /// ...then boots the on-prem VM from the disks the master target wrote.
    public static let standardOnPremBootSeconds: Int64 = 5 * 60
    /// A commit is one short Site Recovery job: the Azure VM is removed.
    public static let standardCommitSeconds: Int64 = 2 * 60
    /// Used when the inventory does not say how fast the link is.
    public static let standardBandwidthMbps = Network.defaultBandwidthMbps
    /// Decimal gigabytes, as disk sizes are sold: 1 GB = 8,000 megabits.
    public static let megabitsPerGB = 8_000.0

    public var setupSeconds: Int64
    public var failbackSeconds: Int64
    public var fallbackBandwidthMbps: Int

    public init(setupSeconds: Int64 = TimeModel.standardSetupSeconds,
                failbackSeconds: Int64 = TimeModel.standardAzureShutdownSeconds + TimeModel.standardOnPremBootSeconds,
                fallbackBandwidthMbps: Int = TimeModel.standardBandwidthMbps) {
        self.setupSeconds = setupSeconds
        self.failbackSeconds = failbackSeconds
        self.fallbackBandwidthMbps = fallbackBandwidthMbps
    }

    public static let standard = TimeModel()

    /// The data a reprotect resynchronises: every disk of the machine, in
    /// full. When the on-prem VM still exists ASR only sends the blocks that
    /// differ, but it reads and compares all of them, so the full size is the
    /// honest upper bound for an estimate.
    public static func resyncMegabits(of machine: Machine) -> Double {
        Double(max(0, machine.disks)) * Double(max(0, machine.diskGB)) * megabitsPerGB
    }

    /// The link's bandwidth in megabits per second (never zero, so that an
    /// estimate always ends; a missing or dead link is the checker's RP501).
    public func bandwidthMbps(_ network: Network?) -> Double {
        Double(max(1, network?.bandwidthMbps ?? fallbackBandwidthMbps))
    }

    /// The changes a failback sends after the Azure VM is shut down and
    /// before the on-prem VM boots: what changed since replication last
    /// caught up, at most the failback policy's RPO threshold of the
    /// machine's daily churn. This is what makes one machine's downtime
    /// longer than another's.
    public static func finalSyncMegabits(of machine: Machine) -> Double {
        let share = Double(FailbackPolicy.rpoThresholdSeconds) / 86_400
        return Double(max(0, machine.churnGBPerDay)) * share * megabitsPerGB
    }

    /// Seconds to send `megabits` alone on the link. The final sync of a
    /// failback is estimated so: it is short, and failbacks of one group
    /// start together, so the estimate leans on the side of a free link.
    public func soloTransferSeconds(megabits: Double, network: Network?) -> Double {
        megabits / bandwidthMbps(network)
    }

    /// A failback's whole duration, which is all downtime: shut down in
    /// Azure, send the last changes, boot on-premises.
    public func failbackSeconds(of machine: Machine?, network: Network?) -> Double {
        let sync = machine.map { soloTransferSeconds(megabits: TimeModel.finalSyncMegabits(of: $0), network: network) } ?? 0
        return Double(failbackSeconds) + sync.rounded(.up)
    }

    /// The fixed part of a step's duration: everything but a reprotect's
    /// transfer, which depends on what else is on the link at the time.
    /// Manual steps are estimated at zero: they wait for a person.
    public func fixedSeconds(of action: StepAction) -> Int64 {
        switch action {
        case .reprotect: setupSeconds
        case .failback: failbackSeconds
        case .commit: TimeModel.standardCommitSeconds
        // Setting replication to Azure up again; after a classic failback the
        // agent may first take its whole registration window (the run waits and retries).
        case let .protect(p): setupSeconds + (p.architecture == .classic ? ScheduleOptions.agentRegistrationSeconds : 0)
        case .manual: 0
        case let .wait(seconds): max(0, seconds)
        }
    }
}

/// The machine life cycle of docs/inventory.md as steps drive it: failed-over →
/// reprotecting → reprotected → failing-back → failed-back (commit pending) →
/// committed → protecting → protected.
public struct MachineTransition: Sendable, Equatable {
    /// The state the machine must be in for the step to start.
    public var from: MachineState
    /// While the step runs.
    public var during: MachineState
    /// Once it has succeeded.
    public var to: MachineState

    public init(from: MachineState, during: MachineState, to: MachineState) {
        self.from = from
        self.during = during
        self.to = to
    }

    /// nil for steps that do not touch a machine (manual, wait).
    public static func of(_ action: StepAction) -> MachineTransition? { of(action.kind) }

    /// The one table of what each kind of step does to its machine.
    public static func of(_ kind: ActionKind) -> MachineTransition? {
        switch kind {
        case .reprotect: MachineTransition(from: .failedOver, during: .reprotecting, to: .reprotected)
        case .failback: MachineTransition(from: .reprotected, during: .failingBack, to: .failedBack)
        // No state of its own while it runs: the failback stays pending until the commit succeeds.
        case .commit: MachineTransition(from: .failedBack, during: .failedBack, to: .committed)
        case .protect: MachineTransition(from: .committed, during: .protecting, to: .protected)
        case .manual, .wait: nil
        }
    }
}
