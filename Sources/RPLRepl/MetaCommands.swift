import Foundation
import RPLCheck
import RPLInventory
import RPLSource

/// The commands that begin with `:`; everything else is the language.
public enum MetaCommand: String, CaseIterable, Sendable {
    case help, load, inventory, check, plan, run, jobs, resume, confirm, watch, cancel, explain, type, reset, quit

    public var usage: String {
        switch self {
        case .help: ":help                 this list"
        case .load: ":load FILE            check a plan file and add its statements to the session"
        case .inventory: ":inventory [KIND]     the inventory (machines, master-targets, process-servers, datastores, hosts, vcenters)"
        case .check: ":check                check the whole session as one recovery plan"
        case .plan: ":plan                 dry run of the session's plan: schedule, RTO, critical path"
        case .run: ":run                  run the session's plan, journaled, through the session's provider"
        case .jobs: ":jobs [RUN]           the runs in the session's database, or one run with its steps and events"
        case .resume: ":resume RUN           continue an interrupted, paused or failed run"
        case .confirm: ":confirm RUN STEP     confirm a manual step the run waits at, and continue it"
        case .watch: ":watch RUN            follow a run started elsewhere until it ends"
        case .cancel: ":cancel RUN           ask a live run to stop starting new steps (it pauses, resumable)"
        case .explain: ":explain CODE         the long explanation of a diagnostic code"
        case .type: ":type EXPR            the type of an expression's value"
        case .reset: ":reset                forget every statement typed so far"
        case .quit: ":quit                 leave (Ctrl-D too)"
        }
    }

    /// The inventory kinds `:inventory` shows.
    public static let inventoryKinds = ["machines", "master-targets", "process-servers", "datastores", "hosts", "vcenters"]
}

extension ReplSession {
    func meta(_ input: String) -> ReplOutput {
        let body = input.dropFirst()
        let word = body.prefix { !$0.isWhitespace }
        let argument = body.dropFirst(word.count).trimmingCharacters(in: .whitespacesAndNewlines)
        let matches = MetaCommand.allCases.filter { $0.rawValue.hasPrefix(word) }
        guard let command = MetaCommand(rawValue: String(word)) ?? (matches.count == 1 && !word.isEmpty ? matches[0] : nil) else {
            let hint = matches.isEmpty ? "" : " (did you mean " + matches.map { ":" + $0.rawValue }.joined(separator: ", ") + "?)"
            return ReplOutput(text: "unknown command ':\(word)'\(hint); :help lists the commands\n")
        }
        switch command {
        case .help: return ReplOutput(text: helpText)
        case .load:
            guard !argument.isEmpty else { return ReplOutput(text: "usage: :load FILE\n") }
            return load(path: NSString(string: argument).expandingTildeInPath)
        case .inventory: return ReplOutput(text: inventoryText(kind: argument))
        case .check:
            let (diagnostics, plan) = checkSession()
            var text = render(diagnostics)
            if !diagnostics.hasErrors {
                let steps = plan?.steps.count ?? 0
                let groups = plan?.groups.count ?? 0
                text += "the session checks as a plan: \(steps) step\(steps == 1 ? "" : "s") in \(groups) group\(groups == 1 ? "" : "s")\n"
            }
            return ReplOutput(text: text, diagnostics: diagnostics)
        case .plan: return ReplOutput(text: planText())
        case .run: return ReplOutput(text: runPlan())
        case .jobs: return ReplOutput(text: jobsText(argument))
        case .resume:
            guard !argument.isEmpty else { return ReplOutput(text: "usage: :resume RUN\n") }
            return ReplOutput(text: resumeRun(argument, confirming: []))
        case .confirm:
            let words = argument.split(separator: " ").map(String.init)
            guard words.count == 2 else { return ReplOutput(text: "usage: :confirm RUN STEP\n") }
            return ReplOutput(text: resumeRun(words[0], confirming: [words[1]]))
        case .watch:
            guard !argument.isEmpty else { return ReplOutput(text: "usage: :watch RUN\n") }
            return ReplOutput(text: watch(argument))
        case .cancel:
            guard !argument.isEmpty else { return ReplOutput(text: "usage: :cancel RUN\n") }
            return ReplOutput(text: cancel(argument))
        case .explain:
            guard let code = DiagnosticCode(parsing: argument) else {
                return ReplOutput(text: argument.isEmpty ? "usage: :explain CODE (for example :explain RP703)\n"
                                  : "unknown diagnostic code '\(argument)'\n")
            }
            return ReplOutput(text: code.explanationText())
        case .type:
            guard !argument.isEmpty else { return ReplOutput(text: "usage: :type EXPR\n") }
            inputCount += 1
            let file = SourceFile(name: "<repl:\(inputCount)>", text: argument)
            let piece = SessionSource.Piece(file: file, range: Span(0, file.bytes.count),
                                            before: "let \(ReplSession.valueBinding) = (", after: ")")
            let (diagnostics, value) = value(of: piece)
            if diagnostics.hasErrors || value == nil { return ReplOutput(text: render(diagnostics), diagnostics: diagnostics) }
            return ReplOutput(text: render(diagnostics) + typeDescription(value!) + "\n", diagnostics: diagnostics, value: value)
        case .reset:
            reset()
            return ReplOutput(text: "session reset: no statements\n")
        case .quit: return ReplOutput(quit: true)
        }
    }

    var helpText: String {
        """
        Type statements of the language; each is checked with those before it, and only
        what concerns it is reported. A lone reprotect is outside any recovery plan; a
        group is a plan. An expression alone prints its value. A line that opens a
        block with '<' continues until it is closed. Tab completes; Ctrl-C cancels the
        input; Ctrl-D leaves.

        """ + MetaCommand.allCases.map(\.usage).joined(separator: "\n") + "\n"
    }

    /// "a list of 3 machines" rather than just "a list".
    func typeDescription(_ value: Value) -> String {
        guard case let .list(items) = value else { return value.type.description }
        guard let first = items.first else { return "an empty list" }
        let type = first.type
        guard items.allSatisfy({ $0.type == type }) else { return "a list of \(items.count) values of mixed types" }
        var noun = type.description
        for article in ["a ", "an "] where noun.hasPrefix(article) { noun.removeFirst(article.count) }
        return "a list of \(items.count) \(noun)\(items.count == 1 ? "" : (noun.hasSuffix("s") ? "es" : "s"))"
    }

    func inventoryText(kind: String) -> String {
        let kinds = kind.isEmpty ? MetaCommand.inventoryKinds : MetaCommand.inventoryKinds.filter { $0.hasPrefix(kind) }
        guard !kinds.isEmpty else {
            return "unknown kind '\(kind)'; kinds: " + MetaCommand.inventoryKinds.joined(separator: ", ") + "\n"
        }
        var out = ""
        for kind in kinds {
            let rows: [[String]]
            switch kind {
            case "machines":
                rows = inventory.machines.map { [$0.name, $0.os.rawValue, $0.state.rawValue, $0.replicationGroup.map { "group " + $0 } ?? ""] }
            case "master-targets":
                rows = inventory.masterTargets.map { [$0.name, $0.os.rawValue, "host " + $0.host, $0.site.rawValue,
                                                      "volumes " + $0.volumes.map(\.path).joined(separator: " ")] }
            case "process-servers":
                rows = inventory.processServers.map { [$0.name, $0.site.rawValue, $0.heartbeat ? "heartbeat" : "no heartbeat"] }
            case "datastores":
                rows = inventory.datastores.map { [$0.name, $0.type.rawValue, "\($0.freeGB) GB free",
                                                   $0.mounts.map { "\($0.host) \($0.access.rawValue)" }.joined(separator: ", ")] }
            case "hosts":
                rows = inventory.hosts.map { [$0.name, "vCenter " + $0.vcenter, $0.edition.rawValue] }
            default:
                rows = inventory.vcenters.map { [$0.name, "account " + $0.account.rawValue, $0.discovered ? "discovered" : "not discovered"] }
            }
            out += "\(kind) (\(rows.count))\n" + table(rows)
        }
        return out
    }

    func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            "  " + row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
    }
}
