import RPLSource
import RPLSyntax
import Testing

/// A reprotect keeps `policy` and `log-storage` apart from its other
/// arguments (few plans write them): each reads back as written, alone or
/// together, and setting one leaves the other.
struct ReprotectSeldomOptionsTests {
    static func reprotect(_ statement: String) throws -> Reprotect {
        let tree = Parser.parse(name: "p.rpl", text: "plan p version 1 <\n  \(statement)\n>\n")
        guard case let .reprotect(reprotect) = try #require(tree.statements.first).kind else {
            Issue.record("not a reprotect: \(statement)")
            throw CancellationError()
        }
        return reprotect
    }

    static func name(_ expr: Expr?) -> String? {
        guard let expr, case let .name(name) = expr.kind else { return nil }
        return name
    }

    @Test func policyAndLogStorageReadBackAsWritten() throws {
        let cases: [(String, policy: String?, logStorage: String?)] = [
            ("reprotect web using mt1 ps-azure datastore ds1", nil, nil),
            ("reprotect web using mt1 ps-azure policy fb", "fb", nil),
            ("reprotect crm using ra1 log-storage lsa", nil, "lsa"),
            ("reprotect crm using ra1 policy fb log-storage lsa datastore ds1", "fb", "lsa"),
        ]
        for (statement, policy, logStorage) in cases {
            let reprotect = try Self.reprotect(statement)
            #expect(Self.name(reprotect.policy) == policy, "\(statement)")
            #expect(Self.name(reprotect.logStorage) == logStorage, "\(statement)")
        }
    }

    @Test func settingOneLeavesTheOther() throws {
        var reprotect = try Self.reprotect("reprotect crm using ra1 policy fb log-storage lsa")
        reprotect.policy = nil
        #expect(reprotect.policy == nil)
        #expect(Self.name(reprotect.logStorage) == "lsa")
        reprotect.logStorage = nil
        #expect(reprotect.logStorage == nil)
        reprotect.policy = Expr(.name("other"), span: RPLSource.Span(0, 5))
        #expect(Self.name(reprotect.policy) == "other")
        #expect(reprotect.logStorage == nil)
    }

    @Test func aReprotectKeepsTheSeldomOptionsOutOfLine() {
        // With both as fields of their own it took 240 bytes (seven optional expressions and a span).
        #expect(MemoryLayout<Reprotect>.size <= 200, "a reprotect takes \(MemoryLayout<Reprotect>.size) bytes")
    }
}
