import RPLSource
import RPLSyntax
import Testing

/// The messages for number-like words that are not literals: each names
/// the literal that was meant, and that literal means the same amount.
@Suite struct LiteralHintTests {
    func diagnostics(_ literal: String) -> [Diagnostic] {
        Parser.parse(name: "plan.rpl", text: "let x = \(literal)\n").diagnostics
    }

    /// The text after the last "write " of the first diagnostic's message or help.
    func suggested(_ literal: String) -> String? {
        guard let first = diagnostics(literal).first else { return nil }
        for text in [first.message] + first.help {
            if let range = text.range(of: "write ", options: .backwards) {
                return String(text[range.upperBound...].prefix { !$0.isWhitespace })
            }
        }
        return nil
    }

    @Test func decimalDurationSuggestsTheSameAmountInWholeUnits() throws {
        #expect(diagnostics("1.5h").map(\.message) == ["invalid duration '1.5h': durations take no decimal point; write 1h30m"])
        // Every quarter of every unit up to 10: the suggestion is a valid
        // duration of exactly as many seconds.
        for (unit, seconds) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] {
            for quarters in Int64(1)...40 {
                let literal = "\(quarters / 4).\([0, 25, 5, 75][Int(quarters % 4)])\(unit)"
                let fix = try #require(suggested(literal), "\(literal) has no suggestion")
                #expect(NumberLiterals.durationSeconds(fix) == quarters * seconds / 4, "\(literal) -> \(fix)")
            }
        }
    }

    @Test func decimalThatIsNoWholeNumberOfSecondsSuggestsNothing() {
        let messages = diagnostics("0.5s").map(\.message)
        #expect(messages == ["invalid duration '0.5s': durations take no decimal point, and this one is not a whole number of seconds"])
    }

    @Test func decimalSizeSuggestsTheSameBytes() throws {
        for (literal, bytes) in [("1.5GB", Int64(3) << 29), ("0.25TB", Int64(1) << 38), ("2.5KB", 2_560)] {
            let fix = try #require(suggested(literal))
            #expect(NumberLiterals.sizeBytes(fix) == bytes, "\(literal) -> \(fix)")
        }
    }

    @Test func decimalIsOneDiagnosticNotAMemberAccess() {
        let messages = Parser.parse(name: "plan.rpl", text: "plan p <\n  wait 1.5h\n>\n").diagnostics.map(\.message)
        #expect(messages.count == 1)
        #expect(!messages.contains { $0.contains("after '.'") })
    }

    @Test func overflowingLiteralsSayTheyOverflow() {
        for literal in ["9999999999999999999h", "3000000000000000h", "106751991167301d", "99999999999999999999s"] {
            #expect(diagnostics(literal).map(\.message) == ["duration '\(literal)' overflows: a duration is at most 2^63 - 1 seconds"])
        }
        for literal in ["9000000PB", "99999999999999999999B"] {
            #expect(diagnostics(literal).map(\.message) == ["size '\(literal)' overflows: a size is at most 2^63 - 1 bytes"])
        }
        // The largest that fits is a literal, not an overflow.
        #expect(diagnostics("9223372036854775807s").isEmpty)
    }

    @Test func capitalDurationUnitsHintLowerCase() throws {
        for (literal, meant) in [("30M", "30m"), ("2H", "2h"), ("1H30M", "1h30m"), ("15S", "15s"), ("3D", "3d")] {
            #expect(try #require(diagnostics(literal).first).message.contains("lower case"), "\(literal)")
            #expect(NumberLiterals.durationSeconds(try #require(suggested(literal))) == NumberLiterals.durationSeconds(meant))
        }
        // `30M` may have meant a size: both readings are offered.
        #expect(try #require(diagnostics("30M").first).help == ["for a size, write 30MB"])
    }

    @Test func lowerCaseSizeUnitsHintUpperCase() throws {
        for literal in ["500gb", "2tb", "64Kb"] {
            let message = try #require(diagnostics(literal).first).message
            #expect(message.contains("upper case"), "\(message)")
            #expect(NumberLiterals.sizeBytes(try #require(suggested(literal))) == NumberLiterals.sizeBytes(literal.uppercased()))
        }
    }

    @Test func unitsOutOfOrderOrRepeatedSuggestTheirSumLargestFirst() throws {
        let units: [(String, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        // Every pair written smallest first, and every unit written twice.
        for (i, small) in units.enumerated() {
            for large in units[..<i] {
                let literal = "7\(small.0)5\(large.0)"
                let fix = try #require(suggested(literal))
                #expect(NumberLiterals.durationSeconds(fix) == 7 * small.1 + 5 * large.1, "\(literal) -> \(fix)")
                #expect(try #require(diagnostics(literal).first).message.contains("largest first"))
            }
            let twice = "1\(small.0)2\(small.0)"
            #expect(NumberLiterals.durationSeconds(try #require(suggested(twice))) == 3 * small.1, "\(twice)")
        }
    }

    @Test func otherSuffixesKeepTheGeneralMessage() {
        #expect(diagnostics("15x").map(\.message).first?.hasPrefix("invalid number '15x' (durations end in") == true)
    }
}
