import Foundation
import RPLCheck

/// How much may run at once. Reprotect is the only step that holds
/// capacity: failback is downtime on one machine, manual and wait hold
/// nothing.
public struct Capacity: Sendable, Equatable {
    /// A master target writes every machine it receives to that machine's
    /// VMDKs through its own disks and CPU; beyond a handful of initial
    /// resynchronisations at once they only slow each other down, so
    /// further reprotects on it queue.
    public static let standardReprotectsPerMasterTarget = 4
    /// A process server caches, compresses and encrypts each stream before
    /// sending it on; its sizing guidance counts steady-state machines, and
    /// an initial resync costs many of those, so a few dozen at once is the
    /// most one server sustains.
    public static let standardReprotectsPerProcessServer = 16

    public var reprotectsPerMasterTarget: Int
    public var reprotectsPerProcessServer: Int

    public init(reprotectsPerMasterTarget: Int = Capacity.standardReprotectsPerMasterTarget,
                reprotectsPerProcessServer: Int = Capacity.standardReprotectsPerProcessServer) {
        self.reprotectsPerMasterTarget = max(1, reprotectsPerMasterTarget)
        self.reprotectsPerProcessServer = max(1, reprotectsPerProcessServer)
    }

    public static let standard = Capacity()
}

public struct ScheduleOptions: Sendable {
    public var capacity: Capacity
    public var timeModel: TimeModel
    /// The clock of the run's start: a machine that booted in Azure less than
    /// `agentRegistrationSeconds` before it has no agent yet, and its
    /// reprotect cannot start before the agent registers (RP211/RP801).
    /// nil: no such wait is estimated.
    public var now: Date?

    public init(capacity: Capacity = .standard, timeModel: TimeModel = .standard, now: Date? = nil) {
        self.capacity = capacity
        self.timeModel = timeModel
        self.now = now
    }

    /// The agent registers back to the configuration server up to this long
    /// after the VM boots in Azure: the checker's RP211 window, in seconds.
    public static let agentRegistrationSeconds = Int64(AgentRegistration.window)
}
