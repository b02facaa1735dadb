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

    /// The fixed part of a step's duration: everything but a reprotect's
    /// transfer, which depends on what else is on the link at the time.
    /// Manual steps are estimated at zero: they wait for a person.
    public func fixedSeconds(of action: StepAction) -> Int64 {
        switch action {
        case .reprotect: setupSeconds
        case .failback: failbackSeconds
        case .manual: 0
        case let .wait(seconds): max(0, seconds)
        }
    }
}

/// The machine life cycle of docs/inventory.md as steps drive it: failed-over →
/// reprotecting → reprotected → failing-back → failed-back.
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
        case .manual, .wait: nil
        }
    }
}
