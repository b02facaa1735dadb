import RPLSyntax
import Testing

/// The grammar writes each reprotect form's options in one order; the parser
/// takes them in any order, each at most once. Every permutation is tried.
struct ReprotectOptionOrderTests {
    static func permutations(_ items: [String]) -> [[String]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }

    static func diagnostics(_ statement: String) -> [String] {
        Parser.parse(name: "p.rpl", text: "plan p version 1 <\n  \(statement)\n>\n").diagnostics.map(\.message)
    }

    @Test func classicOptionsParseInEveryOrder() {
        for order in Self.permutations(["datastore ds1", "retention \"/mnt/r\"", "policy fb"]) {
            let statement = "reprotect web using mt1 ps-azure " + order.joined(separator: " ")
            #expect(Self.diagnostics(statement).isEmpty, "\(statement)")
        }
    }

    @Test func modernizedOptionsParseInEveryOrder() {
        for order in Self.permutations(["datastore ds1", "log-storage lsa", "policy fb"]) {
            let statement = "reprotect crm using ra1 " + order.joined(separator: " ")
            #expect(Self.diagnostics(statement).isEmpty, "\(statement)")
        }
    }

    @Test func aRepeatedOptionIsAnError() {
        #expect(Self.diagnostics("reprotect crm using ra1 log-storage a datastore d log-storage b") == ["'log-storage' is given twice"])
        #expect(Self.diagnostics("reprotect web using mt1 ps datastore a datastore b") == ["'datastore' is given twice"])
    }
}
