import RPLSource

/// A `>` missing in a long file is only noticed at its end, far from where
/// it belongs. As rustc and Swift do, read the indentation: the first line
/// inside a block that is indented no deeper than the line that opened the
/// block is where that block probably should have closed.
extension Parser {
    func probableBlockEnd() -> Label? {
        var best: (token: Int, opener: Int)?
        for block in blocks {
            let openerIndent = indentation(ofLineAt: block.open)
            let openerLine = file.lineIndex(of: tokens[block.open].span.start)
            let end = block.close ?? tokens.count - 1
            // Blocks come outer first; on the same line the inner block is
            // the likelier culprit, hence `<=` against the best so far.
            var index = block.open + 1
            var bodyIndented: Bool?
            while index < end, best.map({ index <= $0.token }) ?? true {
                if startsLine(index), file.lineIndex(of: tokens[index].span.start) > openerLine {
                    let deeper = indentation(ofLineAt: index) > openerIndent
                    // A body not indented at all says nothing about where it ends.
                    if bodyIndented == nil { bodyIndented = deeper }
                    if bodyIndented == false { break }
                    if !deeper {
                        best = (index, block.open)
                        break
                    }
                }
                index += 1
            }
            // A `>` that closes this block from further left than its opener
            // looks like the close of an outer block: this one ended before it.
            if let close = block.close, best.map({ close <= $0.token }) ?? true, startsLine(close),
               indentation(ofLineAt: close) < openerIndent {
                best = (close, block.open)
            }
        }
        guard let (token, opener) = best else { return nil }
        let openerIndent = indentation(ofLineAt: opener)
        let how = indentation(ofLineAt: token) == openerIndent ? "indented like" : "indented less than"
        let openerLine = file.location(of: tokens[opener].span.start).line
        let first = tokens[firstTokenOnLine(of: opener)]
        let what = first.kind.isKeyword ? "the '\(first.kind.spelling)' at line \(openerLine)" : "the '<' at line \(openerLine)"
        return Label(file: file, span: tokens[token].span,
                     message: "this line is \(how) \(what): that block probably ends before it")
    }

    /// Whether the token is the first one on its line.
    func startsLine(_ index: Int) -> Bool {
        index == 0 || file.lineIndex(of: tokens[index - 1].span.start) != file.lineIndex(of: tokens[index].span.start)
    }

    func firstTokenOnLine(of index: Int) -> Int {
        var first = index
        while !startsLine(first) { first -= 1 }
        return first
    }

    /// Bytes of space or tab before the first token of the token's line (a
    /// tab counts as one: a file indented with tabs compares tabs with tabs).
    func indentation(ofLineAt index: Int) -> Int {
        let first = tokens[firstTokenOnLine(of: index)].span.start
        return Int(first - file.lineStarts[file.lineIndex(of: first)])
    }
}
