/// An account Site Recovery uses on-premises (to discover a vCenter, to
/// install the mobility agent): a reprotect or a protection names it by id
/// (`runAsAccountId`), so rpl keeps the id with the name the portal shows.
public struct RunAsAccount: Sendable, Equatable {
    public var name: String
    /// The id requests name it by; nil while unknown.
    public var armID: String?

    public init(name: String, armID: String? = nil) {
        self.name = name
        self.armID = armID
    }
}
