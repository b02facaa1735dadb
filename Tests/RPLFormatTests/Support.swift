import Foundation
import RPLFormat
import RPLSource
import RPLSyntax

/// The comments of a text, in order, as lexed.
func commentTexts(_ text: String) -> [String] {
    let tree = Parser.parse(name: "t.rpl", text: text)
    return tree.comments.map(tree.file.text)
}

func parse(_ text: String) -> SyntaxTree { Parser.parse(name: "t.rpl", text: text) }

func format(_ text: String) -> String { Formatter.format(parse(text)) }

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every `.rpl` file under `examples/` and `stdlib/`, relative to the root.
func repositoryPlans() -> [String] {
    var found: [String] = []
    for folder in ["examples", "stdlib"] {
        let root = repositoryRoot.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
        for case let url as URL in walker where url.pathExtension == "rpl" {
            found.append(folder + "/" + url.path.dropFirst(root.path.count).drop(while: { $0 == "/" }))
        }
    }
    return found.sorted()
}
