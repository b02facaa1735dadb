/// "Did you mean" from names within a small edit distance: 1 for short
/// names, 2 otherwise, nearest first (Elm's Suggest, HCL's didyoumean).
enum Suggestions {
    static func nearest(to name: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
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
        var seen = Set<String>()
        return found.map(\.name).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    /// Levenshtein distance, case-insensitive, or nil when above `limit`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(1, b.count) where !b.isEmpty {
                let cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        let distance = a.isEmpty ? b.count : previous[b.count]
        return distance <= limit ? distance : nil
    }

    /// "did you mean 'mt1'?" / "did you mean 'mt1' or 'mt2'?"
    static func phrase(_ names: [String]) -> String? {
        guard !names.isEmpty else { return nil }
        let quoted = names.map { "'\($0)'" }
        if quoted.count == 1 { return "did you mean \(quoted[0])?" }
        return "did you mean " + quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! + "?"
    }
}
