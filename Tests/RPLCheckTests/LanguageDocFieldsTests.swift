import Foundation
@testable import RPLCheck
import RPLInventory
import Testing

/// docs/language.md lists, under "#### KIND", the fields of every kind of
/// record the language exposes. These tests keep those tables equal to
/// what `web.os` and `where` actually read, in both directions, so the
/// page cannot drift from the code.
struct LanguageDocFieldsTests {
    static let page = ExamplesTests.root.appendingPathComponent("docs/language.md")

    /// One record of every inventory kind, so every kind has its fields.
    static func inventory() -> Inventory {
        Inventory(
            vcenters: [VCenter(name: "vc01")],
            hosts: [ESXiHost(name: "esx01", vcenter: "vc01")],
            datastores: [Datastore(name: "ds1", mounts: [("esx01", .readWrite)])],
            masterTargets: [MasterTarget(name: "mt1", os: .linux, host: "esx01")],
            processServers: [ProcessServer(name: "ps-azure", site: .azure)],
            machines: [Machine(name: "web", os: .linux, onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"]))])
    }

    static func recordName(_ kind: EntityKind) -> String {
        switch kind {
        case .machine: "web"
        case .masterTarget: "mt1"
        case .processServer: "ps-azure"
        case .datastore: "ds1"
        case .host: "esx01"
        case .vcenter: "vc01"
        case .group: "app"
        }
    }

    /// The fields the evaluator gives a record of `kind`.
    static func codeFields(_ kind: EntityKind) -> [String] {
        Builtins.fields(of: kind, recordName(kind), inventory: inventory()).map(\.0)
    }

    /// The first cells (`` `field` ``) of the table under "#### KIND".
    static func documentedFields(_ kind: EntityKind) throws -> [String] {
        let text = try String(contentsOf: page, encoding: .utf8)
        var fields: [String] = []
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                inSection = line == "#### \(kind.rawValue)"
                continue
            }
            guard inSection, line.hasPrefix("| `") else { continue }
            let cell = line.dropFirst(3)
            if let end = cell.firstIndex(of: "`") { fields.append(String(cell[..<end])) }
        }
        return fields
    }

    @Test(arguments: EntityKind.allCases)
    func everyFieldOfTheKindIsDocumented(_ kind: EntityKind) throws {
        let code = Self.codeFields(kind)
        #expect(!code.isEmpty, "no \(kind.rawValue) in the fixture inventory")
        let documented = try Self.documentedFields(kind)
        let missing = code.filter { !documented.contains($0) }
        #expect(missing.isEmpty, "docs/language.md, '#### \(kind.rawValue)': add \(missing)")
    }

    @Test(arguments: EntityKind.allCases)
    func everyDocumentedFieldExists(_ kind: EntityKind) throws {
        let code = Self.codeFields(kind)
        let documented = try Self.documentedFields(kind)
        #expect(!documented.isEmpty, "docs/language.md has no '#### \(kind.rawValue)' table")
        let stale = documented.filter { !code.contains($0) }
        #expect(stale.isEmpty, "docs/language.md, '#### \(kind.rawValue)' lists fields that do not exist: \(stale)")
    }
}
