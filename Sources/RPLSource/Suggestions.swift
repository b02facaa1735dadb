/// "Did you mean" from names within a small edit distance: 1 for short
/// names, 2 otherwise, nearest first (Elm's Suggest, HCL's didyoumean).
/// One rule for every kind of name: inventory records, keywords, the
/// command line's subcommands.
public enum Suggestions {
    public static func nearest(to name: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let target = Array(name.utf8)
        let maxDistance = target.count <= 4 ? 1 : 2
        var found: [(distance: Int, name: String)] = []
        for candidate in candidates {
            let bytes = Array(candidate.utf8)
            if abs(bytes.count - target.count) > maxDistance { continue }
            if let distance = editDistance(target, bytes, limit: maxDistance) {
                found.append((distance, candidate))
            }
        }
        found.sort { ($0.distance, $0.name) < ($1.distance, $1.name) }
        // Only the nearest: 'ps-azrue01' is one edit from 'ps-azure01', and
        // offering 'ps-azure02' (two edits) as well would only blur it.
        if let best = found.first?.distance { found.removeAll { $0.distance > best } }
        var seen = Set<String>()
        return found.map(\.name).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    /// Edit distance counting a swap of two neighbours as one edit
    /// (optimal string alignment: "wbe" is one edit from "web"),
    /// case-insensitive; nil when above `limit`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        let width = b.count + 1
        var table = [Int](repeating: 0, count: (a.count + 1) * width)
        for j in 0...b.count { table[j] = j }
        for i in 1...a.count {
            table[i * width] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1
                var best = min(table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1,
                               table[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, lower(a[i - 1]) == lower(b[j - 2]), lower(a[i - 2]) == lower(b[j - 1]) {
                    best = min(best, table[(i - 2) * width + j - 2] + 1)
                }
                table[i * width + j] = best
                rowMinimum = min(rowMinimum, best)
            }
            if rowMinimum > limit { return nil }
        }
        let distance = table[a.count * width + b.count]
        return distance <= limit ? distance : nil
    }

    /// "did you mean 'mt1'?" / "did you mean 'mt1' or 'mt2'?"
    public static func phrase(_ names: [String]) -> String? {
        guard !names.isEmpty else { return nil }
        let quoted = names.map { "'\($0)'" }
        if quoted.count == 1 { return "did you mean \(quoted[0])?" }
        return "did you mean " + quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! + "?"
    }
}
