import Foundation
import RPLRepl
import Testing

/// `:load` of a file that is not UTF-8 reports RP002, like `rpl check`, and loads nothing.
@Test func loadingALatin1FileReportsRP002() throws {
    let session = try demoSession()
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("latin1-\(UUID().uuidString).rpl")
    try Data(Array("# Caf".utf8) + [0xE9] + Array("\ngroup g < reprotect web using mt1 ps-azure datastore ds1 >\n".utf8)).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let output = session.load(path: url.path)
    #expect(output.codes == ["RP002"])
    #expect(!output.accepted)
}
