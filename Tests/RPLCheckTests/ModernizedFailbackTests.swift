import Foundation
import RPLInventory
import RPLSource
import RPLSyntax
import Testing
@testable import RPLCheck

/// A failback after a reprotect through a reprotect agent.
@Suite struct ModernizedFailbackTests {
    static func codes(_ plan: String, configurationServer: ConfigurationServer?) -> [DiagnosticCode] {
        var inventory = RulesModernizedTests.estate()
        inventory.configurationServer = configurationServer
        return Checker.check(Parser.parse(name: "plan.rpl", text: plan), inventory: inventory, options: CheckOptions(now: Estate.now))
            .diagnostics.filter { $0.severity == .error }.map(\.code)
    }

    static let modernized = "plan p version 1 <\n  reprotect crm using ra-onprem01 datastore ds1 log-storage lsa-failback\n  failback all\n>\n"

    @Test func aFailbackAfterAnAgentReprotectIsNotRP708() {
        #expect(Self.codes(Self.modernized, configurationServer: ConfigurationServer(name: "cs01")) == [])
    }

    @Test func RP504OnlyForClassicMachines() {
        // A modernized estate has no configuration server; a classic machine in the plan still needs one.
        #expect(Self.codes(Self.modernized, configurationServer: nil) == [])
        let mixed = Self.modernized.replacingOccurrences(of: "  failback all", with: "  failback web\n  failback all")
        #expect(Self.codes(mixed, configurationServer: nil).contains(.RP504))
    }
}
