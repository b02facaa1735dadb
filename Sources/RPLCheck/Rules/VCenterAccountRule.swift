import RPLInventory

/// RP601, the one implementation: a vCenter Site Recovery knows only through
/// a read-only account cannot serve a reprotect. The classic rules ask it
/// about each master target's vCenter, the modernized reprotect about its
/// reprotect agent's vCenter; both get the same condition and the same remedy.
enum VCenterAccountRule {
    /// What reaches the vCenter for the reprotect.
    enum Component {
        case masterTarget(String)
        case reprotectAgent(String)
    }

    /// nil when the account can do what the reprotect needs (or when the
    /// vCenter is undiscovered: that is RP308's to report).
    static func concern(_ vcenter: VCenter, through component: Component) -> (message: String, help: String)? {
        guard vcenter.discovered, vcenter.account == .readOnly else { return nil }
        let message = switch component {
        case let .masterTarget(name):
            "vCenter \(quoted(vcenter.name)) of master target \(quoted(name)) was discovered with a read-only account: its datastores cannot be discovered during reprotect"
        case let .reprotectAgent(name):
            "vCenter \(quoted(vcenter.name)) of reprotect agent \(quoted(name)) was discovered with a read-only account: the reprotect cannot create the VM's disks or power the VM on"
        }
        return (message, "update the vCenter credential of \(quoted(vcenter.name)) with an account that has the required permissions, and retry")
    }
}
