import Foundation
import RPLSource
import Testing

@Suite("rpl run / resume / jobs, end to end", .serialized)
struct ExecRunCLITests {
    @Test("SIGKILL at many points: resume completes every step and never resends a journaled one")
    func killAndResume() throws {
        // Kill after the provider has seen k requests; kill the first resume
        // too on some rounds, so a resumed run is interrupted as well.
        var resumesAfterJournaledSteps = 0
        var stepsSentAgain = 0
        for (k, killResumeAfter) in [(1, 0), (2, 1), (3, 0), (4, 2), (6, 0)] {
            let directory = try makeWorkDirectory()
            let database = try Fixtures.database(in: directory)
            let plan = try Fixtures.write(Fixtures.lifeCycle, "lifecycle.rpl", in: directory)
            let provider = "exec:\(recordProvider)"
            var invocation = 0
            func record() -> String { directory.appendingPathComponent("requests-\(invocation).jsonl").path }
            func environment() -> [String: String] { ["RPL_RECORD_FILE": record(), "RPL_PROVIDER_DELAY": "0.15"] }

            let first = try RPLProcess(["run", plan, "--inventory", database, "--provider", provider, "--now", Fixtures.now],
                                       in: directory, environment: environment())
            #expect(waitUntil(timeout: 20) { lineCount(record()) >= k }, "k=\(k): the provider never saw \(k) requests")
            first.kill9()
            let id = try #require(runID(in: first.stdout), "k=\(k): no run id in \(first.stdout)")

            var allRequested = Set(try recordedSteps(record()))
            var rounds = 0
            while true {
                let journal = try jobs(id, database: database, in: directory)
                if journal.status == "succeeded" { break }
                #expect(journal.status == "interrupted" || journal.status == "paused", "k=\(k): status \(journal.status)")
                let doneBefore = Set(journal.steps.filter { $0.value == "done" }.map(\.key))
                #expect(doneBefore.isSubset(of: allRequested), "k=\(k): a step is done that was never requested")

                invocation += 1
                rounds += 1
                #expect(rounds <= 5, "k=\(k): resume did not finish")
                if rounds > 5 { break }
                let resume = try RPLProcess(["resume", id, "--inventory", database], in: directory, environment: environment())
                if rounds == 1, killResumeAfter > 0 {
                    waitUntil(timeout: 20) { lineCount(record()) >= killResumeAfter }
                    resume.kill9()
                } else {
                    let finished = resume.wait()
                    #expect(finished.status == 0, "k=\(k): resume failed: \(finished.stderr)")
                    if journal.status == "interrupted" { #expect(finished.stderr.contains("RP803")) }
                }
                let resent = try recordedSteps(record())
                #expect(Set(resent).isDisjoint(with: doneBefore),
                        "k=\(k): resume \(rounds) resent journaled steps \(Set(resent).intersection(doneBefore).sorted())")
                #expect(Set(resent).count == resent.count, "k=\(k): a step was sent twice in one invocation")
                if !doneBefore.isEmpty { resumesAfterJournaledSteps += 1 }
                stepsSentAgain += Set(resent).intersection(allRequested).count
                allRequested.formUnion(resent)
            }
            let final = try jobs(id, database: database, in: directory)
            #expect(final.status == "succeeded", "k=\(k)")
            #expect(final.steps.count == 6)
            #expect(final.steps.values.allSatisfy { $0 == "done" }, "k=\(k): \(final.steps)")
            #expect(allRequested == Set(final.steps.keys))
        }
        // The kills landed both after some completions were journaled and
        // while requests were outstanding (those are sent again, by design).
        #expect(resumesAfterJournaledSteps >= 2)
        #expect(stepsSentAgain >= 1)
    }

    @Test("two runs on one database cannot both run the same machine")
    func concurrentRunsAreRefused() throws {
        let directory = try makeWorkDirectory()
        let database = try Fixtures.database(in: directory)
        let slow = try Fixtures.write(Fixtures.webOnly, "web.rpl", in: directory)
        let other = try Fixtures.write(Fixtures.webAndSQL, "web-and-sql.rpl", in: directory)
        let record = directory.appendingPathComponent("slow.jsonl").path
        let first = try RPLProcess(["run", slow, "--inventory", database, "--provider", "exec:\(recordProvider)", "--now", Fixtures.now],
                                   in: directory, environment: ["RPL_RECORD_FILE": record, "RPL_PROVIDER_DELAY": "30"])
        defer { if first.process.isRunning { first.kill9() } }
        #expect(waitUntil(timeout: 20) { lineCount(record) >= 1 })
        let id = try #require(runID(in: first.stdout))

        let second = try rpl(["run", other, "--inventory", database, "--now", Fixtures.now], in: directory)
        #expect(second.status == 2)
        #expect(second.stderr.contains("web"))
        #expect(second.stderr.contains("in use by run \(id)"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.process.processIdentifier)"), "\(second.stderr)")
        #expect(try jobs(id, database: database, in: directory).status == "running")

        // Once the first one's process is gone its lock is stale (RP803): the
        // new run hears which run to resume, and the resume finishes it.
        first.kill9()
        #expect(try jobs(id, database: database, in: directory).status == "interrupted")
        let third = try rpl(["run", other, "--inventory", database, "--now", Fixtures.now], in: directory)
        #expect(third.status == 1)
        #expect(third.stderr.contains("rpl resume \(id)"), "\(third.stderr)")
        let resume = try rpl(["resume", id, "--inventory", database], in: directory,
                             environment: ["RPL_RECORD_FILE": record, "RPL_PROVIDER_DELAY": "0.05"])
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(try jobs(id, database: database, in: directory).status == "succeeded")
    }

    @Test("after a run that reprotects and fails back, the inventory shows failed-back")
    func inventoryShowsFailedBack() throws {
        let directory = try makeWorkDirectory()
        let database = try Fixtures.database(in: directory)
        let plan = try Fixtures.write(Fixtures.lifeCycle, "lifecycle.rpl", in: directory)
        let run = try rpl(["run", plan, "--inventory", database, "--now", Fixtures.now], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("succeeded"))

        let show = try rpl(["inventory", "show", "machines", "--format", "json", "--inventory", database], in: directory)
        #expect(show.status == 0, "\(show.stderr)")
        let json = try JSONValue.parse(show.stdout)
        let machines = json["machines"]?.arrayValue ?? json.arrayValue ?? []
        var states: [String: String] = [:]
        for machine in machines {
            if let name = machine["name"]?.stringValue, let state = machine["state"]?.stringValue { states[name] = state }
        }
        #expect(states["web"] == "failed-back")
        #expect(states["api"] == "failed-back")
        #expect(states["sql01"] == "failed-back")
        #expect(states["erp-app"] == "failed-over")
        #expect(states["fs01"] == "reprotected")
    }

    @Test("RP801: agent-late waits, retries and succeeds")
    func agentLate() throws {
        let directory = try makeWorkDirectory()
        let database = try Fixtures.database(in: directory)
        let plan = try Fixtures.write(Fixtures.webOnly, "web.rpl", in: directory)
        let run = try rpl(["run", plan, "--inventory", database, "--now", Fixtures.now, "--fault", "agent-late:web=12m"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning[RP801]"), "\(run.stderr)")
        let id = try #require(runID(in: run.stdout))
        #expect(try jobs(id, database: database, in: directory).status == "succeeded")
    }

    @Test("RP802: a failing step fails the run, which resume finishes")
    func failingStepIsResumable() throws {
        let directory = try makeWorkDirectory()
        let database = try Fixtures.database(in: directory)
        let plan = try Fixtures.write(Fixtures.lifeCycle, "lifecycle.rpl", in: directory)
        // The step id of web's reprotect, as the dry run sends it.
        let dry = try rpl(["run", plan, "--inventory", database, "--now", Fixtures.now, "--dry-run"], in: directory)
        #expect(dry.status == 0, "\(dry.stderr)")
        let requests = try dry.stdout.split(separator: "\n").compactMap { line -> JSONValue? in
            guard let brace = line.firstIndex(of: "{") else { return nil }
            return try JSONValue.parse(String(line[brace...]))
        }
        let step = try #require(requests.first { $0["action"]?.stringValue == "reprotect" && $0["machine"]?.stringValue == "web" }?["step"]?.stringValue)

        let run = try rpl(["run", plan, "--inventory", database, "--now", Fixtures.now, "--fault", "fail:\(step)"], in: directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[RP802]"), "\(run.stderr)")
        let id = try #require(runID(in: run.stdout))
        let failed = try jobs(id, database: database, in: directory)
        #expect(failed.status == "failed")
        #expect(failed.steps[step] == "failed")

        let resume = try rpl(["resume", id, "--inventory", database], in: directory)
        #expect(resume.status == 0, "\(resume.stderr)")
        let after = try jobs(id, database: database, in: directory)
        #expect(after.status == "succeeded")
        #expect(after.steps.values.allSatisfy { $0 == "done" })
    }

    @Test("a bad --fault is a usage error")
    func badFault() throws {
        let directory = try makeWorkDirectory()
        let plan = try Fixtures.write(Fixtures.webOnly, "web.rpl", in: directory)
        let run = try rpl(["run", plan, "--fault", "melt:web"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown fault"))
    }
}

@Suite("rpl run keeps the plan's order, through a real provider")
struct RunOrderCLITests {
    /// The order of the "started" and "done" lines `rpl run` prints when
    /// its output is not a terminal.
    private func progress(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").compactMap { line in
            guard let close = line.firstIndex(of: "]") else { return nil }
            return String(line[line.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        }
    }

    @Test("a replication group fails back at one point in time, after every member's reprotect (exec provider)")
    func replicationGroupFailsBackTogether() throws {
        let directory = try makeWorkDirectory()
        let database = try Fixtures.database(in: directory)
        let plan = try Fixtures.write("""
            import groups
            group erp < for m in members("erp") < reprotect m using mt1 ps-azure datastore ds1 > >
            failback-group("erp")
            """, "erp.rpl", in: directory)
        // erp-db's reprotect answers last: a failback started on its own
        // reprotect's answer would go out before it.
        let run = try rpl(["run", plan, "--inventory", database, "--provider", "exec:\(recordProvider)", "--now", Fixtures.now],
                          in: directory, environment: ["RPL_PROVIDER_DELAY": "0.1", "RPL_PROVIDER_SLOW": "erp/reprotect/erp-db"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let lines = progress(run.stdout)
        let slowDone = try #require(lines.firstIndex(of: "erp/reprotect/erp-db done"), "\(lines)")
        let appStarted = try #require(lines.firstIndex(of: "plan/failback/erp-app started"), "\(lines)")
        let dbStarted = try #require(lines.firstIndex(of: "plan/failback/erp-db started"), "\(lines)")
        #expect(appStarted > slowDone && dbStarted > slowDone, "\(lines)")
        // Sent in one go: nothing happened between the two starts.
        #expect(abs(appStarted - dbStarted) == 1, "\(lines)")
    }

    @Test("failback GROUP fails the group back once all of its machines are reprotected (exec provider)")
    func failbackOfAGroupWaitsForTheWholeGroup() throws {
        let directory = try makeWorkDirectory()
        let database = try Fixtures.database(in: directory)
        let plan = try Fixtures.write("""
            plan tier version 1 <
              group app <
                reprotect web using mt1 ps-azure datastore ds1
                reprotect api using mt2 ps-azure datastore ds1
              >
              failback app
            >
            """, "tier.rpl", in: directory)
        let run = try rpl(["run", plan, "--inventory", database, "--provider", "exec:\(recordProvider)", "--now", Fixtures.now],
                          in: directory, environment: ["RPL_PROVIDER_DELAY": "0.1", "RPL_PROVIDER_SLOW": "app/reprotect/api"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let lines = progress(run.stdout)
        let slowDone = try #require(lines.firstIndex(of: "app/reprotect/api done"), "\(lines)")
        let webStarted = try #require(lines.firstIndex(of: "plan/failback/web started"), "\(lines)")
        #expect(webStarted > slowDone, "\(lines)")
    }
}
