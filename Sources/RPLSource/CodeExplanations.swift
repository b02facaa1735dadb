/// The long explanation of every diagnostic code, in one keyed place (like
/// rustc's E0425.md or Pkl's errorMessages): what it means, why (in the
/// reprotect guide's own words where it has some), a plan that fails, and the fix.
/// `rpl explain CODE` prints one as text; docs/codes.md is every one as
/// Markdown, generated from here and compared in a test.
public struct Explanation: Sendable {
    /// What the code means, in a sentence or two.
    public var summary: String
    /// Why it matters; sentences in double quotes are the reprotect guide's own
    /// (Azure Site Recovery's article "Reprotect from Azure to an on-premises site").
    public var why: String
    /// A plan (with the inventory facts it meets, as comments) that gets the code.
    public var example: String
    /// What to do about it.
    public var fix: String

    public init(summary: String, why: String, example: String, fix: String) {
        self.summary = summary
        self.why = why
        self.example = example
        self.fix = fix
    }
}

public extension DiagnosticCode {
    var explanation: Explanation {
        switch self {
        // MARK: Syntax and names
        case .RP001: Explanation(
            summary: "The parser met a token it cannot accept there: an unexpected word or symbol, a string without its closing quote, or a `<` block that is never closed. The message lists the tokens that would have been accepted.",
            why: "Nothing else can be checked in a statement the parser does not understand. The parser recovers at the next statement, so one run reports every syntax error of the file, not only the first.",
            example: """
            plan contoso-failback <
              group app <
                reprotect web using mt1 ps-azure datastore ds1
              # the '>' closing 'group app' is missing
            >
            """,
            fix: "Write what the message expects at the caret. An unclosed `<` is reported with the line of the `<` it should close and, when the file is indented, the first line indented no deeper than a block's opener: that block probably ends just before it. `rpl check --syntax-only` checks syntax alone, without an inventory.")
        case .RP002: Explanation(
            summary: "The file is not UTF-8 text: the message gives the line, column and byte offset of the first byte sequence that is not UTF-8, or names the encoding a byte-order mark announces (UTF-16 or UTF-32). A UTF-8 byte-order mark is accepted.",
            why: "A plan is read as UTF-8. Reading other bytes anyway would silently turn them into replacement characters: a name that looks right would not match the inventory, and `rpl fmt` would rewrite a comment it promises to keep. So nothing is checked or formatted until the file is UTF-8.",
            example: """
            # saved as Latin-1: "Caf\\xE9", the byte E9 alone, is not UTF-8
            # error[RP002]: the file is not UTF-8 text: byte offset 4 (line 1, column 5) ...
            group g < reprotect web using mt1 ps-azure datastore ds1 >
            """,
            fix: "Convert the file to UTF-8, e.g. `iconv -f LATIN1 -t UTF-8 plan.rpl > plan.utf8.rpl` (or `-f UTF-16` for a file with a UTF-16 byte-order mark), or save it as UTF-8 in the editor.")
        case .RP101: Explanation(
            summary: "A name is neither in the inventory (machines, master targets, process servers, datastores, groups) nor bound in scope (`let`, `fn`, a `for` variable, a plan group).",
            why: "Every name of a plan must denote something the configuration server knows: a step for a machine it does not know would fail at run time, after other steps have already changed the estate. Rules about a name that does not resolve stay quiet, so the typo is reported once.",
            example: """
            reprotect webb using mt1 ps-azure datastore ds1
            # error[RP101]: unknown name 'webb'; did you mean 'web'?
            """,
            fix: "Correct the name; the message suggests the nearest known names (one edit away for short names, two for longer ones). `rpl inventory show` lists what the inventory holds.")
        case .RP102: Explanation(
            summary: "A name is known but denotes the wrong kind of thing for its place: a process server where a master target is expected, a datastore where a machine is, a group where a value is.",
            why: "The reprotect form has fixed places: the machine, `using` the master target, then the process server, then `datastore`. Swapping two of them is an easy mistake that the inventory can catch before anything runs.",
            example: """
            # ps-azure is a process server, mt1 a master target
            reprotect web using ps-azure mt1 datastore ds1
            """,
            fix: "Put each name in its place: `reprotect MACHINE using MASTER-TARGET PROCESS-SERVER datastore DATASTORE`.")
        case .RP103: Explanation(
            summary: "Two groups, bindings or functions of the same scope have the same name.",
            why: "`failback app` and `after app` name a group; with two groups called `app` it is not clear which one is meant, and the second declaration would silently hide the first.",
            example: """
            plan p <
              group app < reprotect web using mt1 ps-azure datastore ds1 >
              group app < reprotect api using mt1 ps-azure datastore ds1 >
            >
            """,
            fix: "Rename one of them, or merge the two groups into one. The secondary label points at the first declaration.")
        case .RP104: Explanation(
            summary: "An expression or argument has a type the context does not accept: a number where a string is expected, a duration added to a size, a list where a machine is expected.",
            why: "Types are checked before anything runs, so a plan does not stop half-way through a run on a mistake that was visible in the text.",
            example: """
            let pause = 15m + 500GB
            wait pause
            """,
            fix: "Use a value of the expected type; the message says which type was expected and which was found.")
        case .RP105: Explanation(
            summary: "The same machine is reprotected by more than one statement of the plan.",
            why: "A machine replicates back to the on-premises site through one master target, one process server and one retention drive. A second reprotect would either fail (the machine is already reprotecting) or contradict the first. The reprotect guide: \"When you reprotect by using a recovery plan, you will need to provide the values for every protected machine\": one set of values each.",
            example: """
            plan p <
              reprotect web using mt1 ps-azure datastore ds1
              group again <
                reprotect web using mt2 ps-azure datastore ds1
              >
            >
            """,
            fix: "Keep one reprotect per machine. The diagnostic points at the second one, with a label on the first.")
        case .RP106: Explanation(
            summary: "The plan went past one of the language's limits: blocks and expressions nested too deeply (a long chain such as `1 + 1 + ... + 1` counts as deep as it is long), too many evaluation steps, a value larger than the value limit, calls nested too deeply, too many steps in the plan, or a `wait` too long. The message names the limit and its value; docs/language.md lists them all.",
            why: "Every plan must finish checking in bounded time and memory, whatever it says: a recursive function that calls itself twice, ten nested loops over ten items, or a string doubled forty times would otherwise hang `rpl check` or exhaust the machine. The limits sit far above what a real plan needs, so reaching one means the plan does something it did not mean to.",
            example: """
            fn twice(x) <
              twice(x)
              twice(x)
            >
            twice(1)
            # error[RP106]: too many evaluation steps (limit is 10000000)
            """,
            fix: "Look at the loop, call or expression the diagnostic points at: a recursion without a base case, loops nested more than intended, or a value built up by repetition. Split a generated expression into several `let` bindings.")

        // MARK: Machine
        case .RP201: Explanation(
            summary: "The machine is not in the state the step needs: a reprotect needs a machine that is `failed-over` (running in Azure); a failback needs one that is `reprotected`, or that the plan reprotects before the failback.",
            why: "Reprotect is for machines \"after they've failed over from the on-premises site to Azure\". Failback comes after: \"After the virtual machine has entered a protected state, you can initiate a failback.\" The states run failed-over → reprotecting → reprotected → failing-back → failed-back.",
            example: """
            # inventory: web is in state 'protected' (it still runs on-premises)
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Fail the machine over to Azure first, or leave it out of the plan. For a machine that is `reprotecting`, wait until it is `reprotected`; for one already `reprotected`, write only `failback`. `rpl inventory show machines` shows the current states.")
        case .RP202: Explanation(
            summary: "The on-premises VM that the machine will replicate back into has snapshots.",
            why: "The reprotect guide: \"If snapshots are present on the on-premises virtual machine, then reprotection will fail. You can delete the snapshots before you proceed to reprotect.\"",
            example: """
            # inventory: web's onprem_vm has "snapshots": 2
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Delete the snapshots of the on-premises VM in vCenter, then reprotect.")
        case .RP203: Explanation(
            summary: "The configuration server's database has no record of the machine.",
            why: "The reprotect guide: \"During failback, the virtual machine must exist in the configuration server database. Otherwise, failback won't be successful. Make sure that you take regularly scheduled backups of your server. If there is a disaster, you need to restore the server with the same IP address so that failback works.\"",
            example: """
            # inventory: web has "in_configuration_server": false
            reprotect web using mt1 ps-azure datastore ds1
            failback web
            """,
            fix: "Restore the configuration server from a backup that knows the machine, with the same IP address. The diagnostic is reported on the machine's reprotect (or on its failback, when the plan only fails it back), so that the plan stops before the reprotect rather than at the failback.")
        case .RP204: Explanation(
            summary: "A disk UUID of the machine is also a disk UUID of the master target.",
            why: "The reprotect guide: \"If you used a template to create your virtual machines, ensure that each virtual machine has a unique UUID for the disks. If the on-premises virtual machine's UUID clashes with that of the master target because both were created from the same template, reprotection will fail.\"",
            example: """
            # inventory: web and mt1 both list disk UUID "6000C29a-..." (one template)
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "\"You need to deploy another master target that has not been created from the same template\", and reprotect through it.")
        case .RP205: Explanation(
            summary: "The machine runs Windows Server 2008 R2 SP1 and was protected as a physical server.",
            why: "The reprotect guide: \"A Windows Server 2008 R2 SP1 server that is protected as a physical on-premises server cannot be failed back from Azure to an on-premises site.\" The OS version is matched loosely (\"2008 R2\" with \"SP1\" or \"Service Pack 1\").",
            example: """
            # inventory: legacy01 has "kind": "physical", "os_version": "Windows Server 2008 R2 SP1"
            reprotect legacy01 using mt-win ps-azure datastore ds1
            """,
            fix: "Leave the machine out of the failback plan: keep it running in Azure, or rebuild it on-premises by other means.")
        case .RP206: Explanation(
            summary: "The machine and the master target run different operating systems.",
            why: "The reprotect guide: \"A Linux failed-over virtual machine needs a Linux master target server. A Windows failed-over virtual machine requires a Windows master target server.\"",
            example: """
            # inventory: web is Linux, mt-win is a Windows master target
            reprotect web using mt-win ps-azure datastore ds1
            """,
            fix: "Use a master target of the machine's OS; the help line names the ones the inventory has. For Linux machines \"you need to set up an additional on-premises Linux master target\" if there is none.")
        case .RP207: Explanation(
            summary: "Warning: a Linux machine that had a static IP address will come back on-premises using DHCP.",
            why: "The reprotect guide: \"When a Linux virtual machine is configured with a static IP address and is failed over to Azure, the IP address is acquired from DHCP. When you fail over to on premises, the virtual machine continues to use DHCP to acquire the IP address. Manually sign in to the machine, and set the IP address back to a static address if necessary. A Windows virtual machine can acquire its static IP again.\" It is reported on the machine's failback, or on its reprotect when the plan does not fail it back, so that the manual step can be planned.",
            example: """
            # inventory: web is Linux with "static_ip": true
            reprotect web using mt1 ps-azure datastore ds1
            failback web
            """,
            fix: "After the failback, sign in to the machine and set its static IP address again; a `manual` step in the plan can pause the run for it.")
        case .RP208: Explanation(
            summary: "Note: a failed-back Linux machine comes back without the Network Manager package.",
            why: "The reprotect guide: \"When you fail back a Linux virtual machine and run it on premises, you can see that the Network Manager package has been uninstalled from the machine. This uninstallation happens because the Network Manager package is removed when the virtual machine is recovered in Azure.\" It is reported on the failback of each Linux machine.",
            example: """
            # inventory: web is Linux
            failback web
            """,
            fix: "Nothing blocks the plan. If the machine needs Network Manager, reinstall it after the failback (a `manual` step can stand for that).")
        case .RP209: Explanation(
            summary: "The machine's on-premises VM still exists, but one of its datastores is not mounted read/write on the ESXi host of the chosen master target.",
            why: "The reprotect guide: \"If the virtual machine is present on premises on the vCenter server, the master target server needs access to the on-premises virtual machine's VMDK. Access is needed to write the replicated data to the virtual machine's disks. Ensure that the on-premises virtual machine's datastore is mounted on the master target's host with read/write access.\"",
            example: """
            # inventory: web's onprem_vm is on ds2; ds2 is mounted read-only on esx01, mt1's host
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Mount the datastore read/write on the master target's ESXi host, or use a master target that runs on a host where it is.")
        case .RP210: Explanation(
            summary: "Note: what the `datastore` value does for this step. When the on-premises VM exists, its disks are reused and the value is ignored; when it does not, a new VM is created on the master target's ESXi host, in that datastore.",
            why: "The reprotect guide: \"This option is used when the on-premises virtual machine is deleted, and you need to create new disks. This option is ignored if the disks already exist, but you still need to specify a value.\" And: \"This virtual machine will be created on the ESX host on which you create the master target. Choose the ESX host carefully, so that the failback virtual machine is created on the host that you want.\" The note is given when a new VM will be created, and when the value given is not where the existing VM's disks are (so it is visibly ignored).",
            example: """
            # inventory: web's on-premises VM was deleted ("exists": false); mt1 runs on esx01
            reprotect web using mt1 ps-azure datastore ds1
            # note[RP210]: a new VM will be created in vCenter on 'esx01' ... in datastore 'ds1'
            """,
            fix: "Nothing to fix when the note says what you want. Otherwise choose a master target on the ESXi host where the VM should live, and a datastore attached to that host (RP310 says when it is not).")
        case .RP211: Explanation(
            summary: "Warning: the machine booted in Azure less than 15 minutes before the check's time (`--now`), or its agent is not registered yet, so the reprotect may fail for now.",
            why: "The reprotect guide: \"After a virtual machine boots up in Azure, it takes some time for the agent to register back to the configuration server (up to 15 minutes). During this time, reprotect will fail, and an error message indicates that the agent is not installed. Wait for a few minutes, and then try reprotect again.\"",
            example: """
            # inventory: web "booted_in_azure_at": "2026-11-24T08:00:00Z"
            # rpl check plan.rpl --now 2026-11-24T08:05:00Z
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Nothing to change in the plan: at run time the step waits and retries until the agent has registered (RP801). To check without the warning, run later or give a later `--now`.")

        // MARK: Master target
        case .RP301: Explanation(
            summary: "The master target VM does not have `disk.EnableUUID=true` in its configuration parameters.",
            why: "The reprotect guide: \"Ensure that you set the disk.EnableUUID=true setting in configuration parameters of the master target virtual machine in VMware. If this row does not exist, add it. This setting is required to provide a consistent UUID to the virtual machine disk (VMDK) so that it mounts correctly.\"",
            example: """
            # inventory: mt1 has "disk_enable_uuid": false
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "In vCenter, edit the master target VM's configuration parameters: set `disk.EnableUUID` to `true`, adding the row if it does not exist. Reported once per master target, on the first step that uses it.")
        case .RP302: Explanation(
            summary: "The master target uses Storage vMotion.",
            why: "The reprotect guide: \"You cannot use Storage vMotion for the master target server. This can cause the failback to fail. The virtual machine will not start because the disks will not be made available to it.\"",
            example: """
            # inventory: mt1 has "storage_vmotion": true
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Turn Storage vMotion off for the master target (keep its disks where they are), or use another master target.")
        case .RP303: Explanation(
            summary: "The master target has snapshots on its disks.",
            why: "The reprotect guide: \"The master target server cannot have snapshots on the disks. If there are snapshots, reprotect and failback will fail.\"",
            example: """
            # inventory: mt1 has "snapshots": 1
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Delete the master target's snapshots in vCenter.")
        case .RP304: Explanation(
            summary: "The master target has a Paravirtual SCSI controller.",
            why: "The reprotect guide: \"The master target cannot have a Paravirtual SCSI controller. The controller can only be an LSI Logic controller. Without an LSI Logic controller, reprotect will fail.\"",
            example: """
            # inventory: mt1 has "scsi_controller": "paravirtual"
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Give the master target an LSI Logic SCSI controller instead.")
        case .RP305: Explanation(
            summary: "The ESXi host of the master target has no VMFS datastore attached (none at all, or only NFS or vSAN ones).",
            why: "The reprotect guide: \"The master target should have at least one virtual machine file system (VMFS) datastore attached. If there is none, the Datastore input on the reprotect page will be empty, and you will not be able to proceed.\"",
            example: """
            # inventory: mt1 runs on esx03, whose only datastore is nfs1 (type nfs)
            reprotect web using mt1 ps-azure datastore nfs1
            """,
            fix: "Attach a VMFS datastore to the master target's host; NFS is not supported.")
        case .RP306: Explanation(
            summary: "VMware tools are not installed on the master target.",
            why: "The reprotect guide: \"Install VMware tools on the master target server. Without the VMware tools, the datastores on the master target's ESXi host cannot be detected.\"",
            example: """
            # inventory: mt1 has "vmware_tools": false
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Install VMware tools on the master target VM.")
        case .RP307: Explanation(
            summary: "The master target's ESXi host runs a free edition (ESXi 5.5 free, or vSphere 6 Hypervisor free).",
            why: "The reprotect guide: \"If you use either ESXi 5.5 free edition or vSphere 6 Hypervisor free edition, failover succeeds, but failback does not succeed. To enable failback, upgrade to either program's evaluation license.\"",
            example: """
            # inventory: esx01 has "edition": "esxi-5.5-free"; mt1 runs on esx01
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Upgrade the host to the evaluation license (or a full one), or use a master target on a licensed host.")
        case .RP308: Explanation(
            summary: "The master target's ESXi host, or that host's vCenter, has not been discovered by the configuration server.",
            why: "The reprotect guide: \"If you are trying to fail back to an alternate vCenter, make sure that your new vCenter is discovered and that the master target server is also discovered. A typical symptom is that the datastores are not accessible or visible in the Reprotect dialog box.\" While the host is unknown, the rules about it (RP305, RP307, RP209, RP310) stay quiet.",
            example: """
            # inventory: mt2 runs on esx09, which belongs to vc-new with "discovered": false
            reprotect web using mt2 ps-azure datastore ds1
            """,
            fix: "Discover the vCenter (and with it the master target's host and VM) in the configuration server, then check again.")
        case .RP309: Explanation(
            summary: "The master target is not on the on-premises site.",
            why: "The reprotect guide: \"An on-premises master target server is required to receive data from the process server and then write to the on-premises virtual machine's VMDK.\"",
            example: """
            # inventory: mt-cloud has "site": "azure"
            reprotect web using mt-cloud ps-azure datastore ds1
            """,
            fix: "Use an on-premises master target: the one installed with the configuration server, or a separate one \"depending on the volume of failed-back traffic\".")
        case .RP310: Explanation(
            summary: "The on-premises VM does not exist, so a new one will be created in the `datastore` given, but that datastore is not a VMFS datastore attached read/write to the master target's ESXi host.",
            why: "The reprotect guide: \"If you want to recover to an alternate location (when the on-premises virtual machine is deleted), select the retention drive and datastore that's configured for the master target server.\" The new VM \"will be created on the ESX host on which you create the master target\", and the Datastore list offers only the VMFS datastores attached to that host.",
            example: """
            # inventory: web's on-premises VM was deleted; ds2 is mounted only on esx02; mt1 runs on esx01
            reprotect web using mt1 ps-azure datastore ds2
            """,
            fix: "Name a VMFS datastore attached read/write to the master target's host (the help line lists them), or a master target on the host that has the datastore.")
        case .RP311: Explanation(
            summary: "The disks already attached to the master target, plus the disks of every machine the plan reprotects through it, come to more than 60.",
            why: "The master target receives the replicated disks of every machine it serves and keeps them attached until failback; VMware limits the disks one VM can attach. The diagnostic is on the step that crosses the limit, with labels on the earlier steps that use the same master target.",
            example: """
            # inventory: mt1 has "attached_disks": 56; web and api have 4 disks each
            plan p <
              reprotect web using mt1 ps-azure datastore ds1
              reprotect api using mt1 ps-azure datastore ds1
            >
            """,
            fix: "Spread the machines over more master targets (\"depending on the volume of failed-back traffic, you might need to create a separate master target server for failback\"), or reprotect some in a later plan, after failback has detached their disks.")

        // MARK: Retention volume
        case .RP401: Explanation(
            summary: "No eligible retention volume: no `retention` was given and the master target has no volume at the OS default (`R:` on Windows, `/mnt/retention` on Linux), or the path given is not a volume of the master target.",
            why: "The reprotect guide: \"You need to add a new drive to your existing Windows master target server. This drive is called a retention drive. Add a new disk and format the drive.\" and \"The default retention volume for Windows is R volume. The default retention volume for Linux is /mnt/retention.\"",
            example: """
            # inventory: mt1 (Linux) has no volume at /mnt/retention
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Add a new disk to the master target and format it as the retention drive at the default path, or name an eligible volume with `retention \"PATH\"` (the help line suggests one when the master target has it).")
        case .RP402: Explanation(
            summary: "The retention volume has a FAT or FAT32 file system.",
            why: "The reprotect guide lists the criteria \"of a retention drive without which the drive will not be listed for the master target server\", among them: \"The file system type of the volume shouldn't be FAT or FAT32.\"",
            example: """
            # inventory: mt-win's volume R: has "filesystem": "FAT32"
            reprotect sql01 using mt-win ps-azure datastore ds1 retention "R:"
            """,
            fix: "Format the retention drive with another file system (NTFS on Windows; ext4 or xfs on Linux), or choose another volume.")
        case .RP403: Explanation(
            summary: "The retention volume has zero capacity.",
            why: "The reprotect guide: \"The volume capacity should be non-zero.\"",
            example: """
            # inventory: mt-win's volume R: has "capacity_gb": 0
            reprotect sql01 using mt-win ps-azure datastore ds1 retention "R:"
            """,
            fix: "Give the retention disk a real size, or choose another volume.")
        case .RP404: Explanation(
            summary: "The retention volume is locked.",
            why: "The reprotect guide: \"The volume shouldn't be in lock mode.\"",
            example: """
            # inventory: mt-win's volume R: has "locked": true
            reprotect sql01 using mt-win ps-azure datastore ds1 retention "R:"
            """,
            fix: "Unlock the volume, or choose another one.")
        case .RP405: Explanation(
            summary: "The retention volume is the master target's cache volume: the master target or process server is installed on it.",
            why: "The reprotect guide: \"The volume shouldn't be cache volume. The master target installation shouldn't exist on that volume. The process server and master target custom installation volume is not eligible for a retention volume. When the process server and master target are installed on a volume, the volume is a cache volume of the master target.\"",
            example: """
            # inventory: mt-win is installed on C: ("cache": true)
            reprotect sql01 using mt-win ps-azure datastore ds1 retention "C:"
            """,
            fix: "Add a new disk for retention and name it with `retention`.")
        case .RP406: Explanation(
            summary: "The retention volume is already used for another purpose, such as a replication target.",
            why: "The reprotect guide: \"The volume shouldn't be used for any other purpose, such as a target of replication, etc.\"",
            example: """
            # inventory: mt-win's volume R: has "purpose": "replication-target"
            reprotect sql01 using mt-win ps-azure datastore ds1 retention "R:"
            """,
            fix: "Use a volume dedicated to retention: add a new disk and format it.")

        // MARK: Network, process server, configuration server
        case .RP501: Explanation(
            summary: "The link between Azure and the on-premises site is neither a site-to-site VPN nor ExpressRoute private peering (or the inventory has no network at all).",
            why: "The reprotect guide: \"Where replication from on premises to Azure can happen over the Internet or an ExpressRoute connection that has public peering, reprotect and failback requires a site-to-site (S2S) VPN to replicate data.\" and \"Remember that replication will happen only over the S2S VPN or the private peering of your ExpressRoute network.\" Reported once per plan, on its first step.",
            example: """
            # inventory: "network": {"link": "internet"}
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Set up a site-to-site VPN or ExpressRoute private peering, so that \"the failed-over virtual machines in Azure can reach (ping) the on-premises configuration server\", with enough bandwidth for the replication.")
        case .RP502: Explanation(
            summary: "Warning: the process server is on-premises while the only link to Azure is a site-to-site VPN.",
            why: "The reprotect guide: \"A low-latency network is required between the process server and the protected virtual machine. Thus, you can have an on-premises process server if you are using an Azure ExpressRoute connection or an Azure process server if you are using a VPN.\" and \"if you have only an S2S VPN, then we recommend deploying the process server in Azure.\" Reported once per process server.",
            example: """
            # inventory: "network": {"link": "s2s-vpn"}; ps-onprem has "site": "onprem"
            reprotect web using mt1 ps-onprem datastore ds1
            """,
            fix: "Deploy a process server in the Azure network of the failed-over VMs and use it, or move to ExpressRoute private peering.")
        case .RP503: Explanation(
            summary: "The process server cannot reach the configuration server, or has no heartbeat with it.",
            why: "The reprotect guide: \"This process server should also be able to communicate with the on-premises configuration server.\" and \"If you cannot reach the configuration server from the process server, use Telnet to check connectivity to the configuration server on port 443. You can also try to ping the configuration server from the process server. A process server should also have a heartbeat when it is connected to the configuration server.\"",
            example: """
            # inventory: ps-azure has "reaches_configuration_server": false
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Use Telnet to check port 443 from the process server to the configuration server, and ping it; open the port or fix the route until the process server has a heartbeat.")
        case .RP504: Explanation(
            summary: "The inventory has no configuration server, or it is not on the on-premises site.",
            why: "The reprotect guide: \"A configuration server is required on premises when you do a failback.\" and \"If there is a disaster, you need to restore the server with the same IP address so that failback works.\" Reported once per plan, on its first step.",
            example: """
            # inventory: "configuration_server": {"name": "cs01", "site": "azure"}
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Restore the configuration server on-premises from its backup, with the same IP address.")

        // MARK: vCenter
        case .RP601: Explanation(
            summary: "The vCenter of the master target's host, or of a modernized reprotect's reprotect agent, was discovered with a read-only account.",
            why: "The reprotect guide: \"If you perform a read-only user vCenter discovery and protect virtual machines, protection succeeds, and failover works. During reprotection, failover fails because the datastores cannot be discovered. As a symptom, you will not see the datastores listed during reprotection.\" In the modernized architecture the reprotect agent creates the VM's disks and powers the VM on through the same account. Reported once per vCenter.",
            example: """
            # inventory: vc01 has "account": "read-only"; mt1 runs on a host of vc01
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "\"Update the vCenter credential with an appropriate account that has permissions, and retry the job.\"")

        // MARK: Plan
        case .RP701: Explanation(
            summary: "Members of one replication group are reprotected through different master targets.",
            why: "The reprotect guide: \"A replication group should be protected back by using the same master target. If they are protected back by using a different master target server, the server cannot provide a common point in time.\" The checker reports what it can see; for `using auto` the scheduler places the whole group on one master target.",
            example: """
            # inventory: db01 and db02 are the replication group erp
            plan erp-back <
              reprotect db01 using mt1 ps-azure datastore ds1
              reprotect db02 using mt2 ps-azure datastore ds1
            >
            """,
            fix: "Reprotect every member through the same master target (or `using auto` for all of them). The labels show which member uses which master target.")
        case .RP702: Explanation(
            summary: "Some members of a replication group are reprotected by the plan and others are not.",
            why: "The reprotect guide: \"A replication group can only be reprotected by using a recovery plan. When you reprotect by using a recovery plan, you will need to provide the values for every protected machine.\"",
            example: """
            # inventory: db01, db02 and db03 are the replication group erp
            plan erp-back <
              reprotect db01 using mt1 ps-azure datastore ds1
              reprotect db02 using mt1 ps-azure datastore ds1
            >
            """,
            fix: "Add a reprotect for each missing member (the help line names them), through the same master target. A query such as all machines of the replication group in a `for` loop keeps the plan complete.")
        case .RP703: Explanation(
            summary: "A member of a replication group is reprotected outside a recovery plan, for example by one statement typed in the REPL.",
            why: "The reprotect guide: \"A replication group can only be reprotected by using a recovery plan.\"",
            example: """
            rpl> reprotect db01 using mt1 ps-azure datastore ds1
            # db01 belongs to the replication group erp
            """,
            fix: "Write a plan that reprotects every member of the group (the help line names them) and check or run that plan.")
        case .RP704: Explanation(
            summary: "A replication group holds both Windows and Linux machines.",
            why: "A replication group needs one master target (\"A replication group should be protected back by using the same master target\"), and one master target serves one OS (\"A Linux failed-over virtual machine needs a Linux master target server. A Windows failed-over virtual machine requires a Windows master target server.\"). No choice of master target can satisfy both. Reported once, at the group's first member in the plan.",
            example: """
            # inventory: erp holds db01 (Linux) and sql01 (Windows)
            plan erp-back <
              reprotect db01 using mt-lin ps-azure datastore ds1
              reprotect sql01 using mt-win ps-azure datastore ds1
            >
            """,
            fix: "Change the replication groups in the configuration server so that each holds machines of one OS.")
        case .RP705: Explanation(
            summary: "A reprotect has no `datastore` value.",
            why: "The reprotect guide: \"Select the Datastore to which you want to recover the disks on premises. This option is used when the on-premises virtual machine is deleted, and you need to create new disks. This option is ignored if the disks already exist, but you still need to specify a value.\"",
            example: """
            reprotect web using mt1 ps-azure
            """,
            fix: "Add `datastore NAME`, a VMFS datastore attached to the master target's host.")
        case .RP706: Explanation(
            summary: "The reprotect names a policy other than the automatic failback policy.",
            why: "The reprotect guide: \"The failback policy will be auto-selected.\" It is created with the forward policy, is not editable, and has fixed values: RPO threshold 15 minutes, recovery-point retention 24 hours, app-consistent snapshot frequency 60 minutes.",
            example: """
            reprotect web using mt1 ps-azure datastore ds1 policy gold
            """,
            fix: "Leave `policy` out (or name the automatic failback policy).")
        case .RP707: Explanation(
            summary: "The `after` clauses of the plan's groups form a cycle, so no group of the cycle can start.",
            why: "Groups run in the order written unless `after` says otherwise; a cycle leaves no order to run them in.",
            example: """
            plan p <
              group db after app < reprotect sql01 using mt-win ps-azure datastore ds1 >
              group app after db < reprotect web using mt1 ps-azure datastore ds1 >
            >
            """,
            fix: "Remove one `after` of the cycle; the labels show each link of it.")
        case .RP708: Explanation(
            summary: "A failback names a machine (or a group's machine) that is failed-over and is not reprotected earlier in this plan.",
            why: "The reprotect guide: \"After reprotect finishes and the protected virtual machines are replicating, you can initiate a failback on the virtual machines to bring them to the on-premises site.\" A failback needs the machine `reprotected`: by the inventory's state, or by a reprotect that comes before it in the plan.",
            example: """
            # inventory: web is failed-over
            plan p <
              failback web
            >
            """,
            fix: "Reprotect the machine earlier in the same plan (or in an earlier run), then fail it back. A machine in another state is RP201.")
        case .RP709: Explanation(
            summary: "A `check` (warning) or `assert` (error) written in the plan itself does not hold; the message is the one the plan gave.",
            why: "Plans can state their own prerequisites, beyond the reprotect guide's: the checker evaluates them with the inventory and reports them like its own rules.",
            example: """
            let wave-size = 3
            assert wave-size <= 2, "at most two machines per wave"
            """,
            fix: "Change the plan or the estate so that the condition holds, or change the condition if it no longer says what you mean.")
        case .RP710: Explanation(
            summary: "The plan produces no step at all: no reprotect, failback, manual step or wait. An empty file, an empty plan block, or loops and conditions that select no machine all end here.",
            why: "A plan with nothing to do would otherwise check cleanly, show an empty schedule and be journaled as a run that succeeded, which reads as if the machines had been failed back. `rpl run` refuses to start a run with no steps.",
            example: """
            plan contoso-failback <
              group web-tier <
                # the reprotect steps were never written
              >
            >
            """,
            fix: "Add the reprotect and failback steps, or correct the query or condition that selects no machine.")
        case .RP711: Explanation(
            summary: "Warning, from `rpl check` and `rpl run` against a database with runs: a run of a plan with this name and version is journaled in it, and the plan as written now does something else (other machines, parameters, order, groups, waits or manual steps; the comparison is `rpl diff`'s, so formatting, comments and renamed bindings do not count).",
            why: "The version is how a plan is referred to in a change record, a runbook or an audit (version 3 failed back the ERP tier). If version 3 now means two different things, the journal of the first run no longer says what ran, and a reviewer approving version 3 may be approving something else.",
            example: """
            # run r20261120-0900-1a2b executed contoso-failback version 3
            # since then, web moved from mt1 to mt2, and the version was not bumped
            plan contoso-failback version 3 <
              group app < reprotect web using mt2 ps-azure datastore ds1 >
            >
            """,
            fix: "Bump the version (`version 4`) when the plan's behaviour changes; `rpl diff RUN-ID plan.rpl` shows every difference from what the run executed.")

        // MARK: Run time
        case .RP801: Explanation(
            summary: "Warning, at run time: the machine's agent has not registered with the configuration server yet; the step waits and retries, up to 15 minutes after the VM booted in Azure.",
            why: "The reprotect guide: \"After a virtual machine boots up in Azure, it takes some time for the agent to register back to the configuration server (up to 15 minutes). During this time, reprotect will fail, and an error message indicates that the agent is not installed. Wait for a few minutes, and then try reprotect again.\" The checker's RP211 foresees it.",
            example: """
            # the VM booted in Azure 3 minutes before `rpl run`
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Nothing: the run waits. If the agent never registers, the step fails (RP802) and the run can be resumed once the agent is installed and registered.")
        case .RP802: Explanation(
            summary: "A provider reported that a step failed; the message is the provider's. The run stops at a resumable point.",
            why: "Steps change the estate, so the run does not go on past a failure: steps that depend on the failed one would act on a machine in an unknown state. Finished steps are journaled and are not repeated.",
            example: """
            # rpl run plan.rpl --provider exec:./asr-provider
            # the provider replies {"step": 3, "ok": false, "error": "datastore ds1 not visible"}
            """,
            fix: "Fix the cause the provider names (the \"Common issues\" of the reprotect guide cover most), then `rpl resume RUN-ID`.")
        case .RP803: Explanation(
            summary: "A run was interrupted (its process died or was stopped) before it finished.",
            why: "Every step is journaled in SQLite as it starts and ends, so the run can go on from where it stopped; a step that was sent but not journaled as done is sent again with the same (run, step) key, so a provider can recognise a repeat.",
            example: """
            # rpl run plan.rpl   (the machine reboots during step 4)
            # rpl jobs           shows the run as interrupted
            """,
            fix: "`rpl resume RUN-ID` continues without repeating finished steps.")
        case .RP804: Explanation(
            summary: "Error, when a run would start: the plan checks, but it has no steps, so there is nothing to run.",
            why: "A run with no steps would be journaled as succeeded at once and lock nothing, which reads as a failback that happened. An empty plan is more likely a plan whose loops matched no machine, or a file that is not finished.",
            example: """
            plan empty-wave version 1 <
            >
            """,
            fix: "Add the groups, reprotects and failbacks the plan is for, or check the names its loops select.")
        case .RP805: Explanation(
            summary: "At run time with `--provider asr`: the Site Recovery job a step started ended Failed, Cancelled, Suspended or Other. The message carries the job's errors as Site Recovery gave them: code, message, possible causes, recommended action.",
            why: "A step is done when its job is, not when ARM accepts the request (202): the reprotect or failback itself runs for minutes to hours in Azure and can fail on its own (a master target that cannot be reached, a datastore that is full). The run stops at a resumable point, as for any failed step.",
            example: """
            # rpl run plan.rpl --provider asr
            # error[RP805]: step app/reprotect/web failed: Site Recovery job Reprotect (3e53d760-...) ended Failed: 539: ...
            """,
            fix: "Do what the job's recommended action says (the Site Recovery jobs blade shows the same job), then `rpl resume RUN-ID`: the step is sent again, as a new job.")
        case .RP806: Explanation(
            summary: "At run time with `--provider asr`: Azure Resource Manager answered a step's request with an error (400 bad request, 403 not authorized, 404 not found, 409 conflict), or kept answering 429/5xx after every retry. The message is ARM's error code and message.",
            why: "ARM refuses a request before Site Recovery starts anything, so nothing changed in Azure; a 403 means the identity rpl uses lacks the role (docs/asr.md), a 404 that an ARM id in the inventory is stale, a 400 that the item is not in a state that accepts the action.",
            example: """
            # error[RP806]: step app/failback/web failed: ARM answered POST .../unplannedFailover with HTTP 403 AuthorizationFailed: ...
            """,
            fix: "For 403, give the identity the Site Recovery Operator role on the vault; for 404, pull the vault again (`rpl inventory pull --vault`); then `rpl resume RUN-ID`.")
        case .RP807: Explanation(
            summary: "At run time with `--provider asr`: a step's request names a record (the machine's protected item, its master target, process server, failback policy) whose ARM id the inventory does not have.",
            why: "Site Recovery names everything in a request by id. The ids come from the vault; an inventory written by hand or pulled from a vCenter only has names.",
            example: """
            # inventory: machine web has no "arm_id"
            reprotect web using mt1 ps-azure datastore ds1
            """,
            fix: "Pull the estate from the vault (`rpl inventory pull --vault ...`) or add the `arm_id` keys (docs/inventory.md), then run again. Nothing was sent.")
        case .RP808: Explanation(
            summary: "At run time with `--provider asr`: rpl found no way to get an Azure token, or the one it found failed (the authority refused the service principal, `az` is not signed in).",
            why: "Every ARM request carries a bearer token. rpl looks, in order, for AZURE_ACCESS_TOKEN, a service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET) and the Azure CLI. The token itself is never shown or journaled.",
            example: """
            # AZURE_* unset and no az on PATH
            rpl run plan.rpl --provider asr
            """,
            fix: "Set one of them (docs/asr.md), or sign in with `az login`, then `rpl resume RUN-ID`. `--dry-run` needs no token.")
        case .RP809: Explanation(
            summary: "Warning, at run time with `--provider asr`: a step that may already have been sent (rpl stopped between sending it and journaling the job ARM started) was matched to a Site Recovery job already running or finished for the same item and action, and followed instead of sent again.",
            why: "Sending a reprotect or a failover twice is at best refused and at worst acts twice. Before re-sending a step whose send was not confirmed, rpl reads the item's current scenario and the vault's recent jobs.",
            example: """
            # rpl was killed right after POST .../reProtect was answered
            rpl resume RUN-ID
            # warning[RP809]: step app/reprotect/web: attached to Site Recovery job 3e53d760-... already running for web; not sent again
            """,
            fix: "Nothing: the run follows the job. The warning records that a send was reconciled.")
        case .RP901: Explanation(
            summary: "A machine of the modernized architecture is reprotected before its failover to Azure was committed.",
            why: "The modernized reprotect starts from a committed failover: until the failover is committed, Site Recovery still holds the recovery points of the forward replication and refuses the reprotect.",
            example: """
            # inventory: crm is modernized, forward_replication.failover_committed = false
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            >
            """,
            fix: "Commit the failover in Site Recovery (the machine's `forward_replication.failover_committed` becomes true), then reprotect.")
        case .RP902: Explanation(
            summary: "The mobility agent of the Azure VM has not re-registered with the replication appliance since the failover.",
            why: "A modernized reprotect replicates from the agent in the Azure VM to the appliance on-premises; an agent that has not registered again cannot be replicated from.",
            example: """
            # inventory: crm forward_replication.agent_reregistered = false
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            >
            """,
            fix: "Check the Azure VM's connectivity to the appliance and wait until its agent registers, then reprotect.")
        case .RP903: Explanation(
            summary: "The replication appliance, the reprotect agent or one of the appliance's process servers is not healthy or has no heartbeat.",
            why: "Every component of the appliance takes part in the reprotect: an unhealthy one fails it part way.",
            example: """
            # inventory: ra-onprem01 health = critical
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            >
            """,
            fix: "Bring the appliance and its components back to a normal health with a fresh heartbeat.")
        case .RP904: Explanation(
            summary: "The datastore is not one of the reprotect agent's accessible datastores.",
            why: "The reprotect agent writes the machine's disks; it can only write to the datastores it reaches.",
            example: """
            # inventory: ra-onprem01 accessible_datastores = [ds1]
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            >
            """,
            fix: "Choose one of the agent's accessible datastores, or give the agent access to the datastore.")
        case .RP905: Explanation(
            summary: "The reprotect agent writes to another vCenter than the one the machine's on-prem VM is on.",
            why: "Failback to another vCenter is not a documented path of the modernized architecture, so rpl treats it as an error.",
            example: """
            # inventory: ra-onprem01 vcenter = vc02; crm's on-prem host is on vc01
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            >
            """,
            fix: "Use a reprotect agent of the machine's vCenter.")
        case .RP906: Explanation(
            summary: "Warning: the appliance protects more than 200 machines.",
            why: "Site Recovery advises at most 200 protected machines per replication appliance; past that, replication slows and the reprotect with it.",
            example: """
            # inventory: appliance01 protected_items = 240
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            >
            """,
            fix: "Spread the machines over another appliance.")
        case .RP907: Explanation(
            summary: "A modernized reprotect names no log storage account, one the inventory does not have, or one with blob soft delete on.",
            why: "The modernized reprotect stages its changes in the log storage account; Site Recovery cannot use an account with soft delete.",
            example: """
            # inventory: lsa-failback soft_delete = true
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            >
            """,
            fix: "Name a log storage account of the inventory with soft delete off: `log-storage ACCOUNT`.")
        case .RP908: Explanation(
            summary: "Warning: the log storage account is not in the vault's region.",
            why: "Staging the changes in another region adds latency and egress; Site Recovery expects the account in the vault's region.",
            example: """
            # inventory: vault region westeurope; lsa-failback region northeurope
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
            >
            """,
            fix: "Use a log storage account in the vault's region.")
        case .RP909: Explanation(
            summary: "A reprotect mixes the two architectures: a classic machine through a reprotect agent, a modernized machine through a master target, a process server or a retention volume given to a reprotect agent, or `log-storage` given to a master target.",
            why: "A machine failed over under the classic architecture is replicated by the classic components only, and one failed over under the modernized architecture by its replication appliance only; the modernized reprotect has no process server or retention volume of its own to name.",
            example: """
            # inventory: web is classic
            plan p version 1 <
              reprotect web using ra-onprem01 datastore ds1 log-storage lsa-failback
            >
            """,
            fix: "Reprotect a classic machine through a master target and a process server, a modernized one through a reprotect agent; give a reprotect agent only a datastore and a log storage account.")
        case .RP910: Explanation(
            summary: "A modernized machine is failed back while Site Recovery shows its replication health as warning or critical.",
            why: "The modernized failback is a planned failover from the replication Site Recovery holds for the machine; Site Recovery allows it only while that replication is healthy.",
            example: """
            # inventory: crm is modernized and reprotected, forward_replication.health = "critical"
            plan p version 1 <
              failback crm
            >
            """,
            fix: "Resolve the replication health errors Site Recovery shows for the machine (the machine's `forward_replication.health` becomes `normal`), then fail back.")
        case .RP911: Explanation(
            summary: "A modernized machine is failed back before its initial replication has completed.",
            why: "Until the initial replication has copied every disk, there is no consistent copy to fail over to: Site Recovery refuses the failover.",
            example: """
            # inventory: crm forward_replication.initial_replication_complete = false
            plan p version 1 <
              failback crm
            >
            """,
            fix: "Wait until Site Recovery shows the initial replication as complete, then fail back.")
        case .RP912: Explanation(
            summary: "A modernized machine is failed back while Site Recovery asks for a resynchronization of its replication.",
            why: "A replication that needs a resync has lost track of the changed blocks: its copy is not consistent until the resync has finished.",
            example: """
            # inventory: crm forward_replication.resync_required = true
            plan p version 1 <
              failback crm
            >
            """,
            fix: "Resynchronize the machine in Site Recovery and wait for it to finish, then fail back.")
        case .RP913: Explanation(
            summary: "A modernized machine is failed back while it has no recovery point.",
            why: "A failback fails over to a recovery point (crash- or application-consistent); with none there is nothing to fail over to. In a group or `failback all`, every machine needs one.",
            example: """
            # inventory: crm forward_replication.recovery_points = 0
            plan p version 1 <
              failback crm
            >
            """,
            fix: "Wait until Site Recovery has created a recovery point for the machine, then fail back.")
        case .RP914: Explanation(
            summary: "The machines a plan reprotects through the reprotect agents of one replication appliance have more than 60 disks together.",
            why: "A modernized reprotect writes every disk of the machine back through the appliance, and a machine's disks stay with it until the machine fails back; one appliance handles at most 60 disks at a time. Like RP311 for a master target, every machine the plan reprotects through the appliance counts.",
            example: """
            # inventory: db1, db2, db3 and db4 are modernized, 16 disks each
            plan p version 1 <
              reprotect db1 using ra-onprem01 datastore ds1 log-storage lsa-failback
              reprotect db2 using ra-onprem01 datastore ds1 log-storage lsa-failback
              reprotect db3 using ra-onprem01 datastore ds1 log-storage lsa-failback
              reprotect db4 using ra-onprem01 datastore ds1 log-storage lsa-failback
            >
            """,
            fix: "Reprotect some of the machines through a reprotect agent of another appliance, or in a later plan once the others have failed back.")
        case .RP915: Explanation(
            summary: "Warning: the machine has more disks in Azure than it failed over with.",
            why: "Only the disks that were protected when the machine failed over are replicated back: a disk added to the Azure VM afterwards does not reach the on-premises VM, and its data stays behind in Azure.",
            example: """
            # inventory: crm is modernized, "disks": 3, forward_replication.disks_at_failover = 2
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback
            >
            """,
            fix: "Move the data onto the protected disks before reprotecting, or copy it back by other means after failback.")
        case .RP916: Explanation(
            summary: "Warning: the machine's disks are larger in Azure than when it failed over.",
            why: "The original on-premises VM's disks are smaller than the disks now replicated, so Site Recovery cannot write back into them: the failback creates a new VM at an alternate location, and every disk is copied in full.",
            example: """
            # inventory: crm "disk_gb": 200, forward_replication.disk_gb_at_failover = 100
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback
            >
            """,
            fix: "Plan for the full copy and the new VM (the original VM is left as it is), or leave the disks at their size until after failback.")
        case .RP917: Explanation(
            summary: "The machine's disks are smaller in Azure than when it failed over.",
            why: "A disk cannot be shrunk back into its on-premises copy: Site Recovery cannot fail the machine back.",
            example: """
            # inventory: crm "disk_gb": 50, forward_replication.disk_gb_at_failover = 100
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback
            >
            """,
            fix: "Grow the disks in Azure back to at least their size at failover, then reprotect.")
        case .RP918: Explanation(
            summary: "Note: the modernized reprotect uses original-location recovery.",
            why: "The original on-premises VM still exists and its disks still fit the machine's, so Site Recovery writes back into them and sends only the blocks that changed since the failover.",
            example: """
            # inventory: crm onprem_vm.exists = true
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback
            >
            """,
            fix: "Nothing to fix: it tells which recovery the reprotect uses.")
        case .RP919: Explanation(
            summary: "Warning: the on-premises VM no longer exists, so the modernized reprotect uses alternate-location recovery.",
            why: "Without the original VM, Site Recovery creates a new VM in the datastore given and copies every disk in full over the link to on-premises: it takes as long as an initial replication.",
            example: """
            # inventory: crm onprem_vm.exists = false
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback
            >
            """,
            fix: "Plan for the full copy, or restore the original VM so that only the changed blocks are sent.")
        case .RP920: Explanation(
            summary: "A machine whose last planned failover failed is reprotected.",
            why: "A failed planned failover must be cancelled in Site Recovery and then retried; disabling the machine's replication, or starting another operation on it, throws its protection away and leaves it to be protected from scratch.",
            example: """
            # inventory: crm forward_replication.planned_failover_failed = true
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback
            >
            """,
            fix: "Cancel the failed failover in Site Recovery (Cancel failover, never Disable replication), then retry it with `failback MACHINE`.")
        case .RP921: Explanation(
            summary: "Note: the failback retries a planned failover that failed.",
            why: "A failed planned failover is retried by failing back again, once the failed one has been cancelled in Site Recovery; never by disabling replication.",
            example: """
            # inventory: crm forward_replication.planned_failover_failed = true
            plan p version 1 <
              failback crm
            >
            """,
            fix: "Cancel the failed failover in Site Recovery before the plan runs.")
        case .RP940: Explanation(
            summary: "`reprotect MACHINE using auto ... log-storage ACCOUNT` leaves the reprotect agent to the scheduler, and none fits: no healthy agent (with its appliance healthy and heartbeating) on the machine's vCenter reaches every datastore of its on-prem VM, or every appliance would reprotect more than 60 disks together.",
            why: "A reprotect agent can only write to the datastores it reaches, on its own vCenter; Site Recovery reprotects at most 60 disks together through one appliance.",
            example: """
            # inventory: ra-onprem01 reaches ds1 only; the on-prem VM of crm is on ds2
            plan p version 1 <
              reprotect crm using auto log-storage lsa-failback
            >
            """,
            fix: "Name a reprotect agent instead of `auto`, give an agent of the machine's vCenter access to its datastores, or reprotect fewer machines in this plan.")
        case .RP941: Explanation(
            summary: "`commit` names a machine that is neither failed back earlier in the plan nor in the failed-back state (commit pending).",
            why: "A commit ends a failback: Site Recovery then removes the Azure VM. There is nothing to commit before the machine has failed back.",
            example: """
            plan p version 1 <
              commit web
            >
            """,
            fix: "Fail the machine back first (`failback web`), then `commit web`.")
        case .RP942: Explanation(
            summary: "`protect` names a machine whose failback is neither committed earlier in the plan nor committed in the inventory.",
            why: "Protection to Azure starts from the committed on-premises machine; until the commit, Site Recovery still holds the failback.",
            example: """
            plan p version 1 <
              failback web
              protect web using ps-onprem
            >
            """,
            fix: "Commit the failback first: `commit web`, then `protect web using PROCESS-SERVER`.")
        case .RP943: Explanation(
            summary: "The process server of a protection to Azure does not fit the machine's architecture: a classic machine needs an on-premises process server of the configuration server; a modernized one a process server of a replication appliance.",
            why: "Forward replication runs through the components of the machine's architecture: the configuration server's process servers (InMageAzureV2) or the appliance's (InMageRcm).",
            example: """
            plan p version 1 <
              commit web
              protect web using ps-azure
            >
            """,
            fix: "Name an on-premises process server for a classic machine, an appliance's process server for a modernized one.")
        case .RP944: Explanation(
            summary: "A protection to Azure names no forward replication policy of the machine's architecture, and the inventory has none to take, or it names another kind of policy.",
            why: "Site Recovery replicates a classic machine under an InMageAzureV2 policy and a modernized one under an InMageRcm policy; a failback policy is not one of them.",
            example: """
            plan p version 1 <
              commit web
              protect web using ps-onprem policy failback-classic
            >
            """,
            fix: "Name the vault's forward policy of the machine's architecture, or add it to the inventory's `failback_policies`.")
        case .RP945: Explanation(
            summary: "`recovery-point` is given on the failback of a classic machine, which always fails back to the latest point, or names a type other than `crash-consistent` and `app-consistent`.",
            why: "Only the modernized failback (a planned failover of the InMageRcmFailback provider) takes a recovery point type: CrashConsistent or ApplicationConsistent.",
            example: """
            plan p version 1 <
              reprotect web using mt1 ps-azure datastore ds1
              failback web recovery-point app-consistent
            >
            """,
            fix: "Leave `recovery-point` out of a classic failback; write `crash-consistent` or `app-consistent` for a modernized one.")
        case .RP946: Explanation(
            summary: "A modernized failback to the latest app-consistent recovery point: those are taken only every so often (the failback policy's app-consistent frequency), so the machine may come back with older data than the latest crash-consistent point has.",
            why: "Crash-consistent points are taken every few minutes; app-consistent ones lag behind them.",
            example: """
            # inventory: crm is modernized
            plan p version 1 <
              reprotect crm using ra-onprem01 datastore ds2 log-storage lsa-failback
              failback crm recovery-point app-consistent
            >
            """,
            fix: "Prefer `recovery-point crash-consistent` (the default) unless the application needs app consistency.")
        case .RP960: Explanation(
            summary: "Note: the retention volume's file system is unknown, so rpl cannot tell whether the drive will be listed.",
            why: "Site Recovery reports a master target's retention volumes with their name, capacity and free space but not their file system; a FAT or FAT32 volume \"will not be listed for the master target server\" (RP402). rpl does not assume it is NTFS or ext4.",
            example: """
            # inventory (imported from the vault): mt01's volume F: has "filesystem": null
            plan p version 1 <
              reprotect web using mt01 retention "F:"
            >
            """,
            fix: "Give the volume's `filesystem` in the inventory (from the master target itself: `fsutil fsinfo volumeinfo F:` or `df -T`).")
        case .RP961: Explanation(
            summary: "Warning: an item of a Site Recovery response has a shape rpl does not understand (an `instanceType` it does not know, a field it needs that is missing); it was left out and the import went on.",
            why: "One odd item must not stop the import of an estate of hundreds of machines; but a left-out machine is not checked, so the message names the file (or URL) and the JSON path of the item.",
            example: """
            # replicationProtectedItems.json: $.value[3].properties.providerSpecificDetails.instanceType is "HyperVReplicaAzure"
            rpl inventory import --from asr vault-export/ --db estate.sqlite
            """,
            fix: "Look at the item at that path; if it belongs to the estate, add it to the inventory by hand (docs/inventory.md) or report the shape.")
        case .RP962: Explanation(
            summary: "Error: a Site Recovery response cannot be read: a truncated or malformed JSON file, a resource of a type rpl does not know, an ARM error answer (403, 404), or no answer at all (no Azure credentials, ARM unreachable). Nothing was written.",
            why: "An import that silently skipped a whole response would give the checker an estate with holes it cannot see.",
            example: """
            # fabrics.json ends in the middle of an object (a download cut short)
            rpl inventory import --from asr vault-export/ --db estate.sqlite
            """,
            fix: "Save the response again (`az rest --method get --url ...`), remove a file that is not a Site Recovery response, or grant the identity read access to the vault (the Site Recovery Reader role).")
        case .RP963: Explanation(
            summary: "Note: neither the vault nor the vCenter says this fact of a record the import created, so it has the import format's default.",
            why: "The checker is only as true as its inventory: a default (10 GB of churn a day, no static IP, the process server on-premises) is what rpl assumed, and the user should see it.",
            example: """
            rpl inventory import --from asr vault-export/ --db estate.sqlite
            # note[RP963]: churn_gb_per_day is 10 (the default) for 3 machines: web, db, app
            """,
            fix: "Give the fact in the inventory (`rpl inventory show --format json`, edit, `rpl inventory import`), or pull the vCenter for the facts it knows.")
        case .RP964: Explanation(
            summary: "Error: `rpl inventory pull --vcenter` could not read the vCenter (no connection, a certificate that does not verify, a refused login, a SOAP fault). Nothing was written.",
            why: "A pull that half-read a vCenter would mark the VMs it did not see as gone.",
            example: """
            rpl inventory pull --vcenter https://vc01.corp/sdk --user readonly@vsphere.local --db estate.sqlite
            # the vCenter at https://vc01.corp/sdk refused the login of 'readonly@vsphere.local'
            """,
            fix: "Fix what the message names: the URL, the password (RPL_VCENTER_PASSWORD or --password-env), or, for a self-signed certificate you trust, --insecure.")
        case .RP965: Explanation(
            summary: "Error: what a pull or an ASR import read, merged with the database's inventory, is not a consistent inventory (a reference to a record that is gone, two records of one name). Nothing was written.",
            why: "The checker relies on every reference landing on a record; the database keeps the last consistent inventory instead.",
            example: """
            # the inventory's master target mt1 is on esx-old; the vCenter no longer has esx-old
            rpl inventory pull --vcenter https://vc01.corp/sdk --user readonly@vsphere.local --db estate.sqlite
            """,
            fix: "Correct the inventory where the listed issues point (`rpl inventory show --format json`, edit, `rpl inventory import`), then pull or import again.")
        }
    }

    /// The explanation as `rpl explain` prints it: paragraphs wrapped to `width`.
    func explanationText(width: Int = 80) -> String {
        let text = explanation
        var out = "\(rawValue) (\(defaultSeverity.rawValue)): \(title)\n\n"
        out += wrap(text.summary, width: width, indent: "") + "\n\n"
        out += "Why:\n" + wrap(text.why, width: width, indent: "  ") + "\n\n"
        out += "Example:\n" + text.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n\n"
        out += "Fix:\n" + wrap(text.fix, width: width, indent: "  ") + "\n"
        return out
    }

    /// The explanation as a section of docs/codes.md.
    var explanationMarkdown: String {
        let text = explanation
        return """
        ## \(rawValue): \(title)

        Severity: \(defaultSeverity.rawValue)

        \(text.summary)

        **Why.** \(text.why)

        ```rpl
        \(text.example)
        ```

        **Fix.** \(text.fix)

        """
    }
}

public enum CodeExplanations {
    /// docs/codes.md: an index, then every code's explanation.
    public static func markdownDocument() -> String {
        var out = """
        # Diagnostic codes

        <!-- Generated by `rpl explain --all --format markdown` from Sources/RPLSource/CodeExplanations.swift; do not edit. -->

        Every diagnostic of `rpl` has a stable code. `rpl explain CODE` prints the
        explanation of one (`RP701`, `rp701` and `701` all work). Sentences in
        double quotes are from the reprotect guide: Azure Site Recovery's article
        *Reprotect from Azure to an on-premises site*.

        | code | severity | title |
        |---|---|---|

        """
        for code in DiagnosticCode.allCases {
            out += "| [\(code.rawValue)](#\(code.rawValue.lowercased())-\(anchor(code.title))) | \(code.defaultSeverity.rawValue) | \(code.title) |\n"
        }
        for code in DiagnosticCode.allCases { out += "\n" + code.explanationMarkdown }
        return out
    }

    /// Every code, as `rpl explain --all` prints them.
    public static func allText(width: Int = 80) -> String {
        DiagnosticCode.allCases.map { $0.explanationText(width: width) }.joined(separator: "\n")
    }

    /// GitHub's heading anchors: lower case, spaces to hyphens, punctuation dropped.
    static func anchor(_ title: String) -> String {
        String(title.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
            return nil
        })
    }
}

/// Greedy word wrap, each line prefixed with `indent`.
private func wrap(_ paragraph: String, width: Int, indent: String) -> String {
    var lines: [String] = []
    var line = indent
    for word in paragraph.split(separator: " ") {
        if line.count > indent.count, line.count + 1 + word.count > width {
            lines.append(line)
            line = indent
        }
        line += (line.count > indent.count ? " " : "") + word
    }
    if line.count > indent.count { lines.append(line) }
    return lines.joined(separator: "\n")
}
