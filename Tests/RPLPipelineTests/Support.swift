import Foundation
import RPLInventory
import RPLPipeline
import RPLSource

/// A directory of its own for one test, removed when the test ends.
final class Scratch {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rpl-pipeline-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The demo inventory as a JSON file here: runs on it journal into `estate.sqlite` beside it.
    func demoJSON() throws -> String {
        let path = path("estate.json")
        try Data(DemoInventory.json).write(to: URL(fileURLWithPath: path))
        return path
    }
}

let demoNow = ISO8601.parse("2026-11-24T09:00:00Z")!

func plan(_ text: String, name: String = "plan.rpl") -> SourceFile { SourceFile(name: name, text: text) }

let webPlan = """
    plan web-back version 1 <
      group app <
        reprotect web using mt1 ps-azure datastore ds1
      >
      failback app
    >
    """
