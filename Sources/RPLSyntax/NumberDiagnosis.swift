/// Why a word that starts with a digit is neither an integer, a duration
/// nor a size, said so that the fix is in the message: `1.5h` is `1h30m`,
/// `30M` is `30m`, `90s30m` is `31m30s`, `500gb` is `500GB`, and a value
/// past 2^63 - 1 overflows. Runs only on words the lexer already rejected.
enum NumberDiagnosis {
    struct Problem: Equatable {
        var message: String
        var help: [String] = []
    }

    static let durationUnits: [(unit: UInt8, seconds: Int64)] = [
        (UInt8(ascii: "d"), 86_400), (UInt8(ascii: "h"), 3_600), (UInt8(ascii: "m"), 60), (UInt8(ascii: "s"), 1),
    ]
    static let sizeUnits: [(unit: String, shift: Int64)] = [("B", 0), ("KB", 10), ("MB", 20), ("GB", 30), ("TB", 40), ("PB", 50)]
    static let general = "durations end in s, m, h or d, as in 15m or 1h30m; sizes in B, KB, MB, GB, TB or PB, as in 500GB"

    /// A word of digits and letters (`90s30m`, `30M`, `500gb`, `15x`).
    static func word(_ text: String) -> Problem {
        guard let parts = split(text) else { return Problem(message: "invalid number '\(text)' (\(general))") }
        if parts.allSatisfy({ durationSeconds(of: lower($0.unit)) != nil }) {
            return duration(text, parts)
        }
        if parts.count == 1, let shift = sizeShift(of: parts[0].unit.uppercased()) {
            return size(text, parts[0], shift: shift)
        }
        return Problem(message: "invalid number '\(text)' (\(general))")
    }

    /// A number with a decimal point (`1.5h`, `0.5GB`, `2.5`): rpl counts
    /// whole seconds and bytes, so say the same amount in whole units.
    static func decimal(_ text: String) -> Problem {
        let bytes = Array(text.utf8)
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))!
        let afterDigits = bytes[(dot + 1)...].firstIndex { !isDigit($0) } ?? bytes.count
        let digits = bytes[..<dot] + bytes[(dot + 1)..<afterDigits]
        let unit = String(decoding: bytes[afterDigits...], as: UTF8.self)
        let scale = afterDigits - dot - 1
        guard let mantissa = Int64(String(decoding: digits, as: UTF8.self)) else {
            return Problem(message: "invalid number '\(text)': numbers are whole, with no decimal point")
        }
        if let seconds = durationSeconds(of: unit) {
            let what = "invalid duration '\(text)': durations take no decimal point"
            guard let whole = exactly(mantissa, times: seconds, scale: scale) else {
                return Problem(message: what + ", and this one is not a whole number of seconds")
            }
            return Problem(message: what + "; write \(NumberLiterals.durationText(whole))",
                           help: ["write a duration in whole units, largest first, as in 1h30m"])
        }
        if let shift = sizeShift(of: unit) {
            let what = "invalid size '\(text)': sizes take no decimal point"
            guard let whole = exactly(mantissa, times: 1 << shift, scale: scale) else {
                return Problem(message: what + ", and this one is not a whole number of bytes")
            }
            return Problem(message: what + "; write \(NumberLiterals.sizeText(whole))")
        }
        if unit.isEmpty { return Problem(message: "invalid number '\(text)': numbers are whole, with no decimal point") }
        return Problem(message: "invalid number '\(text)' (\(general))")
    }

    // MARK: durations

    static func duration(_ text: String, _ parts: [(digits: Int64?, unit: String)]) -> Problem {
        let lowered = parts.map { (digits: $0.digits, unit: lower($0.unit)) }
        var total: Int64 = 0
        for part in lowered {
            guard let digits = part.digits, let factor = durationSeconds(of: part.unit) else { return overflows(text, "duration") }
            let (value, overflow1) = digits.multipliedReportingOverflow(by: factor)
            let (sum, overflow2) = total.addingReportingOverflow(value)
            if overflow1 || overflow2 { return overflows(text, "duration") }
            total = sum
        }
        let fix = NumberLiterals.durationText(total)
        if lowered.map(\.unit) != parts.map(\.unit) {
            return Problem(message: "invalid duration '\(text)': duration units are lower case (s, m, h, d); write \(fix)",
                           help: sizeAlternative(parts))
        }
        return Problem(message: "invalid duration '\(text)': units go largest first, each at most once; write \(fix)")
    }

    /// `30M` might have meant 30MB: say so when the capital letter is a size's.
    static func sizeAlternative(_ parts: [(digits: Int64?, unit: String)]) -> [String] {
        guard parts.count == 1, let digits = parts[0].digits, sizeShift(of: parts[0].unit + "B") != nil else { return [] }
        return ["for a size, write \(digits)\(parts[0].unit)B"]
    }

    static func durationSeconds(of unit: String) -> Int64? {
        guard unit.utf8.count == 1, let byte = unit.utf8.first else { return nil }
        return durationUnits.first { $0.unit == byte }?.seconds
    }

    // MARK: sizes

    static func size(_ text: String, _ part: (digits: Int64?, unit: String), shift: Int64) -> Problem {
        guard let digits = part.digits else { return overflows(text, "size") }
        if part.unit != part.unit.uppercased() {
            return Problem(message: "invalid size '\(text)': size units are upper case (B, KB, MB, GB, TB, PB); write \(digits)\(part.unit.uppercased())")
        }
        return overflows(text, "size")
    }

    static func sizeShift(of unit: String) -> Int64? { sizeUnits.first { $0.unit == unit }?.shift }

    // MARK: helpers

    static func overflows(_ text: String, _ what: String) -> Problem {
        let unit = what == "duration" ? "seconds" : "bytes"
        return Problem(message: "\(what) '\(text)' overflows: a \(what) is at most 2^63 - 1 \(unit)")
    }

    /// `text` as runs of digits each followed by a run of letters; nil when
    /// it does not have that shape. A run of digits too large for Int64 is nil.
    static func split(_ text: String) -> [(digits: Int64?, unit: String)]? {
        var parts: [(digits: Int64?, unit: String)] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let digitsStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            let unitStart = index
            while index < bytes.count, !isDigit(bytes[index]) { index += 1 }
            guard unitStart > digitsStart, index > unitStart else { return nil }
            parts.append((Int64(String(decoding: bytes[digitsStart..<unitStart], as: UTF8.self)),
                          String(decoding: bytes[unitStart..<index], as: UTF8.self)))
        }
        return parts.isEmpty ? nil : parts
    }

    static func lower(_ unit: String) -> String { unit.lowercased() }

    /// `mantissa / 10^scale * factor` when that is a whole number, else nil.
    static func exactly(_ mantissa: Int64, times factor: Int64, scale: Int) -> Int64? {
        var divisor: Int64 = 1
        for _ in 0..<scale {
            let (next, overflow) = divisor.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            divisor = next
        }
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: factor)
        guard !overflow, product % divisor == 0 else { return nil }
        return product / divisor
    }
}
