import Foundation
import RPLSource

/// Files of the repository, found from this source file's path, so the
/// tests read the same grammar, examples and goldens a person edits.
enum Repository {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/RPLSyntaxTests/Support/Repository.swift → the repository root.
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    static let goldenDirectory = root.appendingPathComponent("Tests/RPLSyntaxTests/Golden")

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// Every `.rpl` file under the given directories, sorted, as paths relative to the root.
    static func planFiles(under directories: [String]) -> [String] {
        var found: [String] = []
        for directory in directories {
            let base = root.appendingPathComponent(directory)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let path as String in walker where path.hasSuffix(".rpl") {
                found.append("\(directory)/\(path)")
            }
        }
        return found.sorted()
    }
}

/// The generator the suites draw programs from: every run draws the same
/// programs and a failure can be replayed from its seed.
typealias SeededRandom = SplitMix64

extension SplitMix64 {
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
}
