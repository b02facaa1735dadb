/// Datastores by identity: the vSphere UUID survives a rename in the
/// vCenter, the name does not. Every source that knows a datastore's UUID
/// (a vCenter pull, a classic vault) matches by it before the name.
extension Inventory.Records {
    /// The datastore with this UUID (compared without case), else the one with this name.
    func datastorePosition(uuid: String?, name: String) -> Int? {
        if let uuid = uuid?.lowercased(), let position = datastores.firstIndex(where: { $0.uuid?.lowercased() == uuid }) {
            return position
        }
        return datastores.firstIndex { $0.name == name }
    }

    /// Renames a datastore and every reference to it (VMs' datastores, what reprotect agents reach).
    mutating func renameDatastore(_ old: String, to new: String) {
        func renamed(_ names: [String]) -> [String] { names.map { $0 == old ? new : $0 } }
        for i in datastores.indices where datastores[i].name == old { datastores[i].name = new }
        for i in machines.indices { machines[i].onpremVM.datastores = renamed(machines[i].onpremVM.datastores) }
        for a in appliances.indices {
            for r in appliances[a].reprotectAgents.indices {
                appliances[a].reprotectAgents[r].accessibleDatastores = renamed(appliances[a].reprotectAgents[r].accessibleDatastores)
            }
        }
    }
}
