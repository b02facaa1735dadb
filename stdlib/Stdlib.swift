import Foundation

/// Locates the standard library's modules, which ship as resources of this
/// target. `RPL_STDLIB` overrides the folder (for working on the stdlib
/// itself without rebuilding).
public enum Stdlib {
    public static var modulesDirectory: URL? {
        if let override = ProcessInfo.processInfo.environment["RPL_STDLIB"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return Bundle.module.url(forResource: "modules", withExtension: nil)
    }

    /// The source of module `name` (`import name`), or nil when there is none.
    public static func source(ofModule name: String) -> (path: String, text: String)? {
        guard let directory = modulesDirectory else { return nil }
        let url = directory.appendingPathComponent(name + ".rpl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return ("stdlib/" + name + ".rpl", text)
    }

    /// Names of every module, sorted.
    public static var moduleNames: [String] {
        guard let directory = modulesDirectory,
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return files.filter { $0.hasSuffix(".rpl") }.map { String($0.dropLast(4)) }.sorted()
    }
}
