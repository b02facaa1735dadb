import RPLSyntax
import Testing
@testable import RPLCheck

/// `rpl check` hands the syntax tree to evaluation, which frees each
/// top-level statement once it has evaluated it: a 50k plan's tree (15 MB)
/// is then gone before the steps built from it are all there.
@Suite struct TreeReleaseTests {
    /// Sees, from inside evaluation, whether an object is still alive.
    final class Probe: @unchecked Sendable {
        weak var watched: AnyObject?
        var aliveWhenImported: Bool?
    }

    /// The storage of a group body's statement array. On Linux an `Array` is
    /// one reference to its storage object, so a weak reference to that
    /// object tells when the statements are freed.
    static func bodyStorage(of tree: SyntaxTree) throws -> AnyObject {
        guard case let .group(decl) = try #require(tree.statements.first).kind else {
            Issue.record("the first statement is not a group")
            return [] as AnyObject
        }
        return unsafeBitCast(decl.body.statements, to: AnyObject.self)
    }

    @Test func aGroupIsFreedOnceEvaluatedWhenTheCheckHoldsTheOnlyTree() throws {
        #if os(Linux)
        let probe = Probe()
        // The import after the group is read while evaluation is under way.
        let text = "group app < reprotect web using mt-lin ps-azure datastore ds1 >\nimport \"probe.rpl\"\n"
        let options = CheckOptions(now: Estate.now, readModule: { _ in
            probe.aliveWhenImported = probe.watched != nil
            return Array("let probed = 1\n".utf8)
        })
        var tree: SyntaxTree? = Parser.parse(name: "plan.rpl", text: text)
        probe.watched = try Self.bodyStorage(of: tree!)
        #expect(probe.watched != nil)
        let result = Checker.check(tree.take()!, inventory: Estate.baseline().inventory, options: options)
        #expect(probe.aliveWhenImported == false)
        #expect(result.facts?.reprotects.count == 1)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        #endif
    }

    @Test func aTreeStillHeldElsewhereIsLeftWhole() throws {
        let text = """
        group db < reprotect sql01 using mt-win ps-azure datastore ds1 >
        group app after db < reprotect web using mt-lin ps-azure datastore ds1 >
        failback app
        """
        let tree = Parser.parse(name: "plan.rpl", text: text)
        let inventory = Estate.baseline().inventory
        let first = Checker.check(tree, inventory: inventory, options: CheckOptions(now: Estate.now))
        // The caller's tree is a value: checking it did not empty it.
        #expect(tree.statements.count == 3)
        let again = Checker.check(tree, inventory: inventory, options: CheckOptions(now: Estate.now))
        #expect(first.diagnostics.map(\.message) == again.diagnostics.map(\.message))
        #expect(first.plan?.steps.map(\.id) == again.plan?.steps.map(\.id))
        #expect(first.plan?.groups.map(\.after) == [[], ["db"]])
    }
}
