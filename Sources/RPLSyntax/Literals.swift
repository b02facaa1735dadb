import RPLSource

/// Values of number-like literals, decoded from their text on demand.
public enum NumberLiterals {
    /// Seconds of a duration such as `15m`, `24h` or `1h30m`; nil when the
    /// text is not one. Units: s, m, h, d; each at most once, largest first.
    public static func durationSeconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var digits: Int64 = 0
        var sawDigit = false
        var lastUnitRank = Int.max
        for byte in text.utf8 {
            if isDigit(byte) {
                let (product, overflow1) = digits.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                if overflow1 || overflow2 { return nil }
                digits = sum
                sawDigit = true
                continue
            }
            guard sawDigit else { return nil }
            let (rank, factor): (Int, Int64)
            switch byte {
            case UInt8(ascii: "d"): (rank, factor) = (3, 86_400)
            case UInt8(ascii: "h"): (rank, factor) = (2, 3_600)
            case UInt8(ascii: "m"): (rank, factor) = (1, 60)
            case UInt8(ascii: "s"): (rank, factor) = (0, 1)
            default: return nil
            }
            guard rank < lastUnitRank else { return nil }
            lastUnitRank = rank
            let (part, overflow1) = digits.multipliedReportingOverflow(by: factor)
            let (sum, overflow2) = total.addingReportingOverflow(part)
            if overflow1 || overflow2 { return nil }
            total = sum
            digits = 0
            sawDigit = false
        }
        return sawDigit || lastUnitRank == Int.max ? nil : total
    }

    /// Bytes of a size such as `500GB`. KB, MB, GB, TB and PB are powers of
    /// 1024, as vSphere and the Azure portal mean them for disks.
    public static func sizeBytes(_ text: String) -> Int64? {
        let utf8 = Array(text.utf8)
        guard let firstLetter = utf8.firstIndex(where: { !isDigit($0) }), firstLetter > 0 else { return nil }
        guard let number = Int64(String(decoding: utf8[..<firstLetter], as: UTF8.self)) else { return nil }
        let shift: Int64
        switch String(decoding: utf8[firstLetter...], as: UTF8.self) {
        case "B": shift = 0
        case "KB": shift = 10
        case "MB": shift = 20
        case "GB": shift = 30
        case "TB": shift = 40
        case "PB": shift = 50
        default: return nil
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : bytes
    }

    /// Formats seconds as the shortest duration literal (`5400` → `1h30m`).
    public static func durationText(_ seconds: Int64) -> String {
        if seconds == 0 { return "0s" }
        var out = seconds < 0 ? "-" : ""
        // The magnitude, unsigned: `abs(Int64.min)` would trap.
        var rest = seconds.magnitude
        for (unit, factor) in [("d", UInt64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= factor {
            out += "\(rest / factor)\(unit)"
            rest %= factor
        }
        return out
    }

    /// Formats bytes as the largest whole size literal (`536870912000` → `500GB`).
    public static func sizeText(_ bytes: Int64) -> String {
        for (unit, shift) in [("PB", Int64(50)), ("TB", 40), ("GB", 30), ("MB", 20), ("KB", 10)] {
            let factor: Int64 = 1 << shift
            if bytes != 0, bytes % factor == 0 { return "\(bytes / factor)\(unit)" }
        }
        return "\(bytes)B"
    }
}

public enum StringLiterals {
    static func isEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"),
             UInt8(ascii: "$"), UInt8(ascii: "0"):
            true
        default: false
        }
    }

    /// The text of a literal chunk with escapes resolved.
    public static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { unescape($0) }
    }

    /// The text of a literal chunk with escapes resolved; a chunk without
    /// escapes (nearly all) is copied straight into its string.
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "\\")) else { return UTF8Scanning.string(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                let escape = bytes[index + 1]
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "0"): out.append(0x00)
                default: out.append(escape)
                }
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out.withUnsafeBufferPointer { UTF8Scanning.string($0) }
    }
}
