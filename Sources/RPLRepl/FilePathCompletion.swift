import Foundation

/// `:load` + Tab: the files and directories that continue the path typed
/// so far (directories end in `/`, so Tab goes on into them).
enum FilePathCompletion {
    static func candidates(for typed: String) -> [String] {
        let expanded = NSString(string: typed).expandingTildeInPath
        let slash = typed.lastIndex(of: "/")
        let typedDirectory = slash.map { String(typed[...$0]) } ?? ""
        let directory = typed.hasSuffix("/") ? expanded : (slash == nil ? "." : (expanded as NSString).deletingLastPathComponent)
        let prefix = typed.hasSuffix("/") ? "" : slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "/" : directory) else { return [] }
        return entries.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map { entry in
            var isDirectory: ObjCBool = false
            // An entry that vanished since the listing completes as a file.
            let exists = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(entry), isDirectory: &isDirectory)
            return typedDirectory + entry + (exists && isDirectory.boolValue ? "/" : "")
        }
    }
}
