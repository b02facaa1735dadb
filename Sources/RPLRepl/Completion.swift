import RPLCheck
import RPLInventory
import RPLSource
import RPLStdlib
import RPLSyntax

/// What Tab offers at the cursor: full words that replace `word` (the text
/// just before the cursor that is being completed).
public struct Completion: Sendable, Equatable {
    public var word: String
    public var candidates: [String]
}

extension ReplSession {
    /// Candidates for the word at the cursor (`cursor` counts bytes of UTF-8, as libedit does).
    public func complete(line: String, cursor: Int) -> [String] {
        completion(line: line, cursor: cursor).candidates
    }

    public func completion(line: String, cursor: Int) -> Completion {
        let bytes = Array(line.utf8)
        let end = max(0, min(cursor, bytes.count))
        let before = Array(bytes[..<end])
        if let path = loadArgument(String(decoding: before, as: UTF8.self)) {
            return Completion(word: path, candidates: FilePathCompletion.candidates(for: path))
        }
        // The word being completed: a name, a code, or a quoted retention path.
        var start = end
        while start > 0, isWordByte(before[start - 1]) { start -= 1 }
        // `:ex` at the start of the line is a meta-command being typed.
        if start > 0, before[start - 1] == UInt8(ascii: ":"), before[..<(start - 1)].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            start -= 1
        }
        if let quote = before.lastIndex(of: UInt8(ascii: "\"")), before.filter({ $0 == UInt8(ascii: "\"") }).count % 2 == 1 {
            start = quote
        }
        let word = String(decoding: before[start...], as: UTF8.self)
        let context = String(decoding: before[..<start], as: UTF8.self)
        let candidates = fieldCandidates(context: before[..<start]) ?? candidates(context: context, word: word)
        var seen = Set<String>()
        let filtered = candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        return Completion(word: word, candidates: filtered)
    }

    /// `:load PATH`: the path typed so far, when the line is that command.
    private func loadArgument(_ text: String) -> String? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix(":load ") else { return nil }
        return String(trimmed.dropFirst(":load ".count).drop { $0 == " " })
    }

    /// `web.` + Tab: the fields of the record `web` stands for; after any
    /// other dot, nothing (only a record has fields).
    private func fieldCandidates(context: ArraySlice<UInt8>) -> [String]? {
        guard context.last == UInt8(ascii: ".") else { return nil }
        let beforeDot = context.dropLast()
        var start = beforeDot.endIndex
        while start > beforeDot.startIndex, isWordByte(beforeDot[start - 1]) { start -= 1 }
        let name = String(decoding: beforeDot[start...], as: UTF8.self)
        guard let kind = entityKind(of: name) else { return [] }
        return Checker.fields(of: kind, name, inventory: inventory).map(\.0)
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x7A) || byte == 0x5F || byte == 0x2D
    }

    func candidates(context: String, word: String) -> [String] {
        let trimmed = context.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix(":") { return metaCandidates(String(trimmed)) }
        if trimmed.isEmpty, word.hasPrefix(":") { return MetaCommand.allCases.map { ":" + $0.rawValue } }
        return languageCandidates(context)
    }

    /// `:` alone, `:ex` + Tab, `:explain RP7` + Tab, `:inventory m` + Tab.
    func metaCandidates(_ context: String) -> [String] {
        let command = context.dropFirst().prefix { !$0.isWhitespace }
        switch MetaCommand(rawValue: String(command)) {
        case .explain?: return DiagnosticCode.allCases.map(\.rawValue)
        case .inventory?: return MetaCommand.inventoryKinds
        case .type?: return expressionNames
        default: return []
        }
    }

    /// Tokens of the current statement, from its keyword, decide what comes next.
    func languageCandidates(_ context: String) -> [String] {
        let file = SourceFile(name: "<complete>", text: context)
        let tokens = Lexer.tokenize(file).tokens.dropLast()  // end of file
        var statementStart = tokens.startIndex
        var grouping = 0
        for index in tokens.indices {
            switch tokens[index].kind {
            case .leftParen, .leftBracket, .leftBrace: grouping += 1
            case .rightParen, .rightBracket, .rightBrace: grouping = max(0, grouping - 1)
            case .lessThan where grouping == 0, .greaterThan where grouping == 0: statementStart = index + 1
            default:
                if tokens[index].kind.startsStatement, grouping == 0 { statementStart = index }
            }
        }
        let statement = Array(tokens[statementStart...])
        let text = statement.map { file.text($0.span) }
        guard let first = statement.first else { return statementKeywords + sessionNames.functions }
        switch first.kind {
        case .kwReprotect: return reprotectCandidates(text)
        case .kwFailback:
            if statement.count == 1 { return ["all"] + sessionGroups + reprotectedMachines }
            if statement.last?.kind == .kwRecoveryPoint { return RecoveryPointType.allCases.map(\.rawValue) }
            return statement.count == 2 ? ["recovery-point"] : []
        case .kwCommit:
            return statement.count == 1 ? ["all"] + sessionGroups + inventory.machines.filter { $0.state == .failedBack }.map(\.name) : []
        case .kwProtect: return protectCandidates(text)
        case .kwGroup:
            if statement.count == 2 { return ["after"] }
            if statement.last?.kind == .kwAfter || statement.last?.kind == .comma { return sessionGroups }
            return []
        case .kwImport: return statement.count == 1 ? Stdlib.moduleNames : []
        default:
            if statement.count == 1, first.kind == .name, grouping == 0 {
                // A name typed at statement start might be a keyword or a call being typed.
                return statementKeywords + sessionNames.functions
            }
            return expressionNames
        }
    }

    static let reprotectOptions = ["datastore", "retention", "policy"]
    static let agentReprotectOptions = ["datastore", "log-storage"]

    /// `reprotect M using MT PS datastore D retention "V" policy P`, or
    /// `reprotect M using AGENT datastore D log-storage A`, position by position.
    func reprotectCandidates(_ words: [String]) -> [String] {
        let machine = words.count > 1 ? inventory.machine(words[1]) : nil
        let target = words.count > 3 ? inventory.masterTarget(words[3]) : nil
        if words.count > 3, let (agent, _) = inventory.reprotectAgent(words[3]) {
            return agentReprotectCandidates(words, agent: agent)
        }
        switch words.count {
        case 1: return inventory.machines.filter { $0.state == .failedOver }.map(\.name)
        case 2: return ["using"]
        case 3:
            guard words[2] == "using" else { return [] }
            // The master targets of the machine's OS (classic), or the reprotect agents of its vCenter (modernized).
            let targets = machine?.architecture == .modernized ? []
                : inventory.masterTargets.filter { machine == nil || $0.os == machine!.os }.map(\.name)
            let vcenter = machine?.onpremVM.host.flatMap(inventory.host)?.vcenter
            let agents = machine?.architecture == .classic ? []
                : inventory.reprotectAgents.filter { vcenter == nil || $0.agent.vcenter == vcenter }.map(\.agent.name)
            return targets + agents + ["auto"]
        case 4:
            // An appliance's process servers serve the modernized architecture, never a master target.
            let applianceServers = Set(inventory.appliances.flatMap(\.processServers))
            return inventory.processServers.map(\.name).filter { !applianceServers.contains($0) }
        default:
            let last = words[words.count - 1]
            switch last {
            case "datastore":
                guard let target else { return inventory.datastores.map(\.name) }
                return inventory.datastores.filter { $0.access(on: target.host) != nil }.map(\.name)
            case "retention":
                let volumes = target.map { $0.volumes.filter(isEligibleRetention) }
                    ?? inventory.masterTargets.filter { machine == nil || $0.os == machine!.os }.flatMap(\.volumes).filter(isEligibleRetention)
                return volumes.map { "\"\($0.path)\"" }
            case "policy": return ["failback-policy"]
            default:
                // After a value: the options not given yet.
                return ReplSession.reprotectOptions.filter { !words.dropFirst(4).contains($0) }
            }
        }
    }

    /// After a reprotect agent: the datastores it reaches, the log storage accounts, the options not given yet.
    func agentReprotectCandidates(_ words: [String], agent: ReprotectAgent) -> [String] {
        switch words[words.count - 1] {
        case "datastore": return agent.accessibleDatastores
        case "log-storage": return inventory.logStorageAccounts.map(\.name)
        default: return ReplSession.agentReprotectOptions.filter { !words.dropFirst(4).contains($0) }
        }
    }

    /// `protect M using PS policy P`: machines committed, the process servers
    /// of the machine's architecture, its forward policies.
    func protectCandidates(_ words: [String]) -> [String] {
        let machine = words.count > 1 ? inventory.machine(words[1]) : nil
        let applianceServers = Set(inventory.appliances.flatMap(\.processServers))
        switch words.count {
        case 1: return ["all"] + sessionGroups + inventory.machines.filter { $0.state == .committed }.map(\.name)
        case 2: return ["using"]
        case 3:
            guard words[2] == "using" else { return [] }
            return inventory.processServers.filter { server in
                switch machine?.architecture {
                case .classic?: server.site == .onprem && !applianceServers.contains(server.name)
                case .modernized?: applianceServers.contains(server.name)
                case nil: true
                }
            }.map(\.name)
        case 4: return ["policy"]
        case 5:
            guard words[4] == "policy" else { return [] }
            return inventory.failbackPolicies.filter { $0.kind.isForward && (machine == nil || $0.kind.architecture == machine!.architecture) }
                .map(\.name)
        default: return []
        }
    }

    /// The criteria (RP401–RP406) for a drive to be listed as a retention drive.
    func isEligibleRetention(_ volume: Volume) -> Bool {
        !volume.isFAT && volume.capacityGB > 0 && !volume.locked && !volume.cache && volume.purpose != .replicationTarget
    }

    var statementKeywords: [String] {
        ["group", "reprotect", "failback", "commit", "protect", "let", "fn", "for", "if", "import", "check", "assert", "manual", "wait", "return", "plan"]
    }

    /// Names an expression may use: the session's bindings and functions,
    /// the built-ins, the inventory's records, and the value keywords.
    var expressionNames: [String] {
        let names = sessionNames
        var all = names.bindings + names.functions + Checker.builtinNames + sessionGroups
        all += inventory.machines.map(\.name) + inventory.masterTargets.map(\.name) + inventory.processServers.map(\.name)
        all += inventory.datastores.map(\.name) + inventory.hosts.map(\.name) + inventory.vcenters.map(\.name)
        return all + ["true", "false", "none", "and", "or", "not", "where", "in"]
    }

    var sessionNames: (bindings: [String], functions: [String]) {
        var bindings: [String] = []
        var functions: [String] = []
        for statement in sessionStatements {
            switch statement.kind {
            case let .letBinding(name, _): bindings.append(name.text)
            case let .function(decl): functions.append(decl.name.text)
            default: break
            }
        }
        return (bindings, functions)
    }

    var sessionGroups: [String] {
        sessionStatements.compactMap { if case let .group(decl) = $0.kind { decl.name.text } else { nil } }
    }

    /// Machines a failback can name: reprotected already, or reprotected by the session.
    var reprotectedMachines: [String] {
        var names = inventory.machines.filter { $0.state == .reprotected }.map(\.name)
        let plan = Checker.check(Parser.parse(source.combined().file), inventory: inventory,
                                 options: CheckOptions(now: now, isRecoveryPlan: true)).plan
        for step in plan?.steps ?? [] { if case let .reprotect(r) = step.action { names.append(r.machine) } }
        return names
    }

    var sessionStatements: [Statement] {
        guard !source.pieces.isEmpty else { return [] }
        let tree = Parser.parse(source.combined().file)
        return tree.preamble + tree.statements
    }
}
