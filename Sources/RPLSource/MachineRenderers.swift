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
/// annotate plans. One run, one rule per code that occurs. Nothing a
/// diagnostic says is dropped: notes and help go into the message text,
/// secondary labels become related locations.
public enum SARIFDiagnostics {
    public static func render(_ diagnostics: [Diagnostic], toolVersion: String) -> String {
        let codes = Array(Set(diagnostics.map(\.code))).sorted()
        // No `helpUri`: the codes are documented in the repository's
        // docs/codes.md, which has no stable absolute URI; `help` carries
        // the explanation itself, as `rpl explain` prints it.
        let rules: [JSONValue] = codes.map { code in
            .object([
                ("id", .string(code.rawValue)),
                ("shortDescription", .object([("text", .string(code.title))])),
                ("fullDescription", .object([("text", .string(code.explanation.summary))])),
                ("help", .object([("text", .string(code.explanation.fix))])),
                ("defaultConfiguration", .object([("level", .string(level(code.defaultSeverity)))])),
            ])
        }
        let results: [JSONValue] = diagnostics.map { d in
            var text = d.message
            for note in d.notes { text += "\nnote: \(note)" }
            for help in d.help { text += "\nhelp: \(help)" }
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(d.code.rawValue)),
                ("ruleIndex", .int(codes.firstIndex(of: d.code) ?? 0)),
                ("level", .string(level(d.severity))),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([.object([("physicalLocation", physicalLocation(d.primary))])])),
            ]
            if !d.secondary.isEmpty {
                members.append(("relatedLocations", .array(d.secondary.enumerated().map { index, label in
                    .object([
                        ("id", .int(index + 1)),
                        ("physicalLocation", physicalLocation(label)),
                        ("message", .object([("text", .string(label.message))])),
                    ])
                })))
            }
            return .object(members)
        }
        let document: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("rpl")),
                    ("version", .string(toolVersion)),
                    ("rules", .array(rules)),
                ]))])),
                ("results", .array(results)),
            ])])),
        ])
        return document.serialized(pretty: true) + "\n"
    }

    static func physicalLocation(_ label: Label) -> JSONValue {
        let (line, column) = label.file.location(of: label.span.start)
        let (endLine, endColumn) = label.file.location(of: max(label.span.end, label.span.start + 1))
        return .object([
            ("artifactLocation", artifactLocation(label.file.name)),
            ("region", .object([
                ("startLine", .int(line)), ("startColumn", .int(column)),
                ("endLine", .int(endLine)), ("endColumn", .int(endColumn)),
            ])),
        ])
    }

    /// A file's location as a URI reference: a relative path stays relative
    /// (to the directory rpl ran in), an absolute one becomes a `file` URI.
    /// Text with no file behind it (`<stdin>`, `<repl>`) has no URI at all:
    /// SARIF lets `uri` be left out, and a description says what it was.
    static func artifactLocation(_ name: String) -> JSONValue {
        if name.hasPrefix("<"), name.hasSuffix(">") {
            let what = name == "<stdin>" ? "standard input" : String(name.dropFirst().dropLast())
            return .object([("description", .object([("text", .string(what))]))])
        }
        let path = percentEncoded(name)
        return .object([("uri", .string(name.hasPrefix("/") ? "file://" + path : path))])
    }

    /// Every byte but RFC 3986's unreserved characters and `/` as `%XX`.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return out
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }
}
