import Foundation
import RPLFormat
import RPLSource
import RPLSyntax
import Testing

/// The formatter's three promises, over the corpus and every plan of the
/// repository: it is idempotent, it keeps every comment, and the text it
/// writes parses to the same program.
struct RoundTripTests {
    static let corpusNames = Corpus.inputs.map(\.name)

    static func corpusText(_ name: String) -> String {
        Corpus.inputs.first { $0.name == name }!.text
    }

    static func checkPromises(_ text: String, name: String) {
        let tree = parse(text)
        #expect(tree.diagnostics.isEmpty, "\(name): the input itself must parse: \(tree.diagnostics.map(\.message))")
        let once = Formatter.format(tree)
        let reparsed = parse(once)
        #expect(reparsed.diagnostics.isEmpty, "\(name): formatted text does not parse: \(reparsed.diagnostics.map(\.message))\n\(once)")
        #expect(TreeShape.of(reparsed) == TreeShape.of(tree), "\(name): the tree changed\n\(once)")
        #expect(Formatter.format(reparsed) == once, "\(name): not idempotent\n\(once)")
        #expect(commentTexts(once) == commentTexts(text), "\(name): comments differ\n\(once)")
    }

    @Test(arguments: corpusNames)
    func corpusKeepsItsPromises(_ name: String) {
        Self.checkPromises(Self.corpusText(name), name: name)
    }

    @Test(arguments: repositoryPlans())
    func repositoryPlanKeepsItsPromises(_ path: String) throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        Self.checkPromises(text, name: path)
    }

    @Test func repositoryHasPlansToFormat() {
        // The stdlib ships at least one module; if the walk finds none, the test above checks nothing.
        #expect(repositoryPlans().contains { $0.hasPrefix("stdlib/") })
    }

    @Test(arguments: corpusNames)
    func formattedTextHasCanonicalShape(_ name: String) {
        let once = format(Self.corpusText(name))
        for line in once.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "\(name): trailing blank in '\(line)'")
            #expect(!line.contains("\t"), "\(name): tab in '\(line)'")
            let indent = line.prefix { $0 == " " }.count
            #expect(indent % 2 == 0, "\(name): odd indentation in '\(line)'")
        }
        #expect(!once.contains("\n\n\n"), "\(name): more than one blank line in a row")
        #expect(!once.hasPrefix("\n") && !once.hasSuffix("\n\n"), "\(name): blank line at an end of the file")
        #expect(once.isEmpty || once.hasSuffix("\n"))
    }
}

/// A comment put after every token of the corpus in turn, once at the end
/// of the token's line and once on a line of its own, must survive
/// formatting in place and in order, and leave the program as it was.
struct CommentPlacementTests {
    static func insertions(_ text: String) -> [String] {
        let tree = parse(text)
        let bytes = Array(text.utf8)
        var variants: [String] = []
        for token in Lexer.tokenize(tree.file).tokens where token.kind != .endOfFile {
            let cut = Int(token.span.end)
            for comment in [" # probe\n", "\n# probe\n"] {
                variants.append(String(decoding: bytes[..<cut], as: UTF8.self) + comment
                    + String(decoding: bytes[cut...], as: UTF8.self))
            }
        }
        return variants
    }

    @Test(arguments: RoundTripTests.corpusNames)
    func commentAfterAnyTokenIsKept(_ name: String) {
        let variants = Self.insertions(RoundTripTests.corpusText(name))
        #expect(!variants.isEmpty || name == "empty" || name == "comment-only")
        for variant in variants {
            let tree = parse(variant)
            guard tree.diagnostics.isEmpty else {
                Issue.record("\(name): a comment between tokens broke the input:\n\(variant)")
                continue
            }
            let once = Formatter.format(tree)
            let reparsed = parse(once)
            #expect(reparsed.diagnostics.isEmpty, "\(name):\n\(variant)\n→\n\(once)")
            #expect(TreeShape.of(reparsed) == TreeShape.of(tree), "\(name):\n\(variant)\n→\n\(once)")
            #expect(commentTexts(once) == commentTexts(variant), "\(name):\n\(variant)\n→\n\(once)")
            #expect(Formatter.format(reparsed) == once, "\(name): not idempotent:\n\(variant)\n→\n\(once)")
        }
    }
}
