import ArgumentParser
import Foundation
import RPLAzure
import RPLHTTP
import RPLImport
import RPLInventory
import RPLPipeline
import RPLSource
import RPLStore

/// `rpl inventory pull --vcenter` / `--vault`: reads the estate from a
/// vCenter or a Site Recovery vault and merges it into a database's inventory.
struct PullInventory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Read the estate from a vCenter or a Site Recovery vault and merge it into a database's inventory.",
        discussion: """
            With --vault, reads the vault through Azure Resource Manager (its fabrics, protection containers, \
            container mappings and vCenters, protected items, policies and recovery plans, every list followed \
            through nextLink) and merges it as `rpl inventory import --from asr` does (docs/inventory.md). \
            Credentials: AZURE_ACCESS_TOKEN, or a service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID, \
            AZURE_CLIENT_SECRET), or the Azure CLI's login. Nothing is written when a request is refused.

            With --vcenter, reads every VM, ESXi host and datastore through the vSphere Web Services API (SOAP at /sdk), \
            the vCenter's version and its licences, then merges them into the inventory of --db (made by \
            `rpl inventory import` or an earlier pull; a new file is created): machines and master targets \
            are matched to their VMs by instance or BIOS UUID, else by name; hosts and datastores by name; \
            facts the vCenter does not know keep their values. Prints what changed. Nothing is written when \
            the vCenter cannot be read, when the result is not a valid inventory, or while a run is unfinished. \
            The password comes from the environment variable named by --password-env, or, on a terminal, \
            from a prompt; never from the command line.
            """)

    @Option(help: ArgumentHelp("The vCenter's SDK URL.", valueName: "https://host/sdk"))
    var vcenter: String?

    @Option(help: ArgumentHelp("The vCenter user (a read-only role is enough).", valueName: "user"))
    var user: String?

    @Option(help: ArgumentHelp("The Recovery Services vault's ARM id.",
                               valueName: "/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.RecoveryServices/vaults/NAME"))
    var vault: String?

    @Option(name: .customLong("arm-endpoint"), help: ArgumentHelp("Azure Resource Manager's URL.", valueName: "url"))
    var armEndpoint = ARMClient.defaultEndpoint

    @Option(name: .customLong("password-env"),
            help: ArgumentHelp("The environment variable holding the password.", valueName: "var"))
    var passwordEnv = "RPL_VCENTER_PASSWORD"

    @Flag(help: "Accept a TLS certificate that does not verify (a self-signed vCenter certificate).")
    var insecure = false

    @Option(help: ArgumentHelp("The SQLite database to merge into.", valueName: "path"))
    var db: String

    /// Objects per answer: small values exercise ContinueRetrievePropertiesEx.
    @Option(name: .customLong("max-objects"), help: .hidden)
    var maxObjects: Int?

    func validate() throws {
        switch (vcenter, vault) {
        case (nil, nil): throw ValidationError("give --vcenter URL (with --user) or --vault ARM-ID")
        case (.some, .some): throw ValidationError("--vcenter and --vault are two pulls: run one, then the other")
        case (.some, nil) where user == nil: throw ValidationError("--vcenter needs --user")
        default: break
        }
    }

    func run() throws {
        if let vault { return try pullVault(vault) }
        guard let vcenter, let user else { return }
        guard VCenterPull.vcenterName(of: vcenter) != nil else {
            printError("rpl: '\(vcenter)' is not a vCenter URL; expected e.g. https://vcenter.example.com/sdk")
            throw ExitStatus.usage
        }
        let password = try readPassword(vcenter: vcenter, user: user)
        let (store, old, existed) = try VaultImport.openForMerge(db)
        // A database this command created is removed again when nothing is written into it.
        var keep = existed
        defer { if !keep { try? FileManager.default.removeItem(atPath: db) } }

        let outcome: VCenterPull.Outcome
        do {
            outcome = try VCenterPull.pull(url: vcenter, user: user, password: password,
                                           transport: CurlTransport(insecure: insecure), maxObjects: maxObjects)
        } catch {
            emit([Diagnostic(.RP964, "\(error); nothing was written to \(db)", at: Label(file: SourceFile(textless: vcenter), span: Span(0, 0)))],
                 format: .text)
            throw ExitStatus.usage
        }
        let merged = InventoryMerge.merge(old, with: outcome.estate)
        do {
            try store.importInventory(merged.inventory)
        } catch {
            throw VaultImport.inconsistent(error, source: vcenter, db: db)
        }
        keep = true
        let estate = outcome.estate
        var lines = [
            "pulled \(vcenter) into \(db): \(estate.vms.count) VMs, \(estate.hosts.count) ESXi hosts, "
                + "\(estate.datastores.count) datastores (\(estate.vcenter.apiType ?? "API type unknown") "
                + "\(estate.vcenter.version ?? "version unknown"))",
        ]
        lines += InventoryChanges.between(old, merged.inventory).report()
        lines += merged.notes.map { "note: \($0)" }
        writeOut(lines.joined(separator: "\n") + "\n")
    }

    /// From the environment, else from a prompt that does not echo; never an argument.
    private func readPassword(vcenter: String, user: String) throws -> String {
        if let password = ProcessInfo.processInfo.environment[passwordEnv] { return password }
        guard isatty(0) == 1 else {
            printError("rpl: no password for \(user) at \(vcenter): set \(passwordEnv) (or run on a terminal to be asked)")
            throw ExitStatus.usage
        }
        guard let password = PasswordPrompt.read("password for \(user) at \(vcenter): ") else {
            printError("rpl: no password read")
            throw ExitStatus.usage
        }
        return password
    }
}

extension PullInventory {
    /// `--vault`: every list through ARM, then the same merge as the offline import.
    func pullVault(_ vault: String) throws {
        guard vault.lowercased().contains("/providers/microsoft.recoveryservices/vaults/") else {
            printError("rpl: '\(vault)' is not a vault's ARM id; expected /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.RecoveryServices/vaults/NAME")
            throw ExitStatus.usage
        }
        let transport = CurlTransport(insecure: false)
        let outcome: ASRImport.Outcome
        do throws(ARMResponseError) {
            let tokens: any TokenSource
            do {
                tokens = try AzureCredentials.resolve(environment: ProcessInfo.processInfo.environment, transport: transport)
            } catch {
                throw ARMResponseError(source: armEndpoint, message: "\(error)")
            }
            let client = ARMClient(endpoint: armEndpoint, tokens: tokens, transport: transport)
            outcome = try ASRImport.estate(from: VaultPull.read(vault: vault, reader: client), source: vault)
        } catch {
            throw VaultImport.refuse(error, db: db)
        }
        try VaultImport.apply(outcome, what: "the vault \(vault)", db: db)
    }
}

/// Reads a line from the terminal with echo off, restoring the terminal after.
enum PasswordPrompt {
    static func read(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let canRestore = tcgetattr(0, &saved) == 0
        if canRestore {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &silent)
        }
        defer {
            if canRestore { tcsetattr(0, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
