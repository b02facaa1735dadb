import ArgumentParser
import Foundation
import RPLFormat
import RPLSource
import RPLSyntax

struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Canonical formatting: rewrites plan files in place, keeping every comment.",
        discussion: """
            A file with syntax errors is left untouched and its diagnostics are reported (exit 1); so is a file that is not UTF-8 (RP002, exit 2). \
            A directory stands for the .rpl files under it. '-' formats standard input to standard output.
            """)

    @Flag(help: "Change nothing: print the files that would change, and exit 1 if any would.")
    var check = false

    @Argument(help: "Plan files (.rpl) or directories; '-' reads standard input.")
    var files: [String]

    func run() throws {
        var diagnostics: [Diagnostic] = []
        var wouldChange = false
        var ioFailed = false
        for path in expand(files, ioFailed: &ioFailed) {
            let file: SourceFile
            do { file = try readSource(path) } catch { ioFailed = true; continue }
            let tree = Parser.parse(file)
            if tree.diagnostics.hasErrors {
                diagnostics += tree.diagnostics
                continue
            }
            let formatted = Formatter.format(tree)
            let changed = !formatted.utf8.elementsEqual(file.bytes)
            if check {
                if changed {
                    wouldChange = true
                    writeOut(file.name + "\n")
                }
            } else if path == "-" {
                writeOut(formatted)
            } else if changed {
                do { try replaceContents(of: path, with: formatted) } catch {
                    printError("rpl: cannot write '\(path)': \(error.localizedDescription)")
                    ioFailed = true
                }
            }
        }
        emit(diagnostics, format: .text)
        if ioFailed || diagnostics.contains(where: { $0.code == .RP002 }) { throw ExitStatus.usage }
        if diagnostics.hasErrors || wouldChange { throw ExitStatus.planErrors }
    }

    /// Directories become the `.rpl` files under them (hidden folders such as
    /// `.build` skipped), in a stable order.
    func expand(_ paths: [String], ioFailed: inout Bool) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                result.append(path)
                continue
            }
            let root = URL(fileURLWithPath: path)
            guard let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else {
                printError("rpl: cannot read the directory '\(path)'")
                ioFailed = true
                continue
            }
            var found: [String] = []
            for case let url as URL in walker where url.pathExtension == "rpl" {
                let relative = url.path.dropFirst(root.path.count).drop(while: { $0 == "/" })
                found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
            }
            result += found.sorted()
        }
        return result
    }

    /// Writes through a temporary file and a rename, so a crash never leaves
    /// half a plan; the file keeps its permissions, and a symbolic link keeps
    /// pointing at the file it named.
    func replaceContents(of path: String, with text: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let permissions = try? FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions]
        try Data(text.utf8).write(to: target, options: .atomic)
        if let permissions {
            try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: target.path)
        }
    }
}
