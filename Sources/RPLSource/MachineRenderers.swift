/// `--format json` (docs/cli.md, "JSON outputs"): `{"diagnostics": [...]}`, one item per
/// diagnostic with code, severity, message, file, line, column (1-based),
/// end line and column, help, notes and secondary labels.
public enum JSONDiagnostics {
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        JSONValue.object([("diagnostics", .array(diagnostics.map(item)))]).serialized(pretty: true) + "\n"
    }

    static func item(_ d: Diagnostic) -> JSONValue {
        let (line, column) = d.primary.file.location(of: d.primary.span.start)
        let (endLine, endColumn) = d.primary.file.location(of: d.primary.span.end)
        var members: [(String, JSONValue)] = [
            ("code", .string(d.code.rawValue)),
            ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message)),
            ("file", .string(d.primary.file.name)),
            ("line", .int(line)),
            ("column", .int(column)),
            ("end_line", .int(endLine)),
            ("end_column", .int(endColumn)),
        ]
        if !d.help.isEmpty { members.append(("help", .string(d.help.joined(separator: "\n")))) }
        if !d.notes.isEmpty { members.append(("notes", .array(d.notes.map(JSONValue.string)))) }
        if !d.secondary.isEmpty {
            members.append(("labels", .array(d.secondary.map { label in
                .object([
                    ("file", .string(label.file.name)),
                    ("line", .int(label.line)),
                    ("column", .int(label.column)),
                    ("message", .string(label.message)),
                ])
            })))
        }
        return .object(members)
    }
}

/// SARIF 2.1.0, so CI systems (GitHub code scanning and others) can
/// annotate plans. One run, one rule per code that occurs.
public enum SARIFDiagnostics {
    public static func render(_ diagnostics: [Diagnostic], toolVersion: String) -> String {
        let codes = Array(Set(diagnostics.map(\.code))).sorted()
        let rules: [JSONValue] = codes.map { code in
            .object([
                ("id", .string(code.rawValue)),
                ("shortDescription", .object([("text", .string(code.title))])),
                ("defaultConfiguration", .object([("level", .string(level(code.defaultSeverity)))])),
                ("helpUri", .string("https://rpl.invalid/codes#\(code.rawValue.lowercased())")),
            ])
        }
        let results: [JSONValue] = diagnostics.map { d in
            let (line, column) = d.primary.file.location(of: d.primary.span.start)
            let (endLine, endColumn) = d.primary.file.location(of: max(d.primary.span.end, d.primary.span.start + 1))
            var text = d.message
            for help in d.help { text += "\nhelp: \(help)" }
            return .object([
                ("ruleId", .string(d.code.rawValue)),
                ("ruleIndex", .int(codes.firstIndex(of: d.code) ?? 0)),
                ("level", .string(level(d.severity))),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(d.primary.file.name))])),
                        ("region", .object([
                            ("startLine", .int(line)), ("startColumn", .int(column)),
                            ("endLine", .int(endLine)), ("endColumn", .int(endColumn)),
                        ])),
                    ])),
                ])])),
            ])
        }
        let document: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("rpl")),
                    ("version", .string(toolVersion)),
                    ("informationUri", .string("https://rpl.invalid/")),
                    ("rules", .array(rules)),
                ]))])),
                ("results", .array(results)),
            ])])),
        ])
        return document.serialized(pretty: true) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }
}
