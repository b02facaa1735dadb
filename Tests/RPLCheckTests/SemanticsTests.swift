import Foundation
import RPLCheck
import RPLInventory
import RPLSource
import RPLSyntax
import Testing

/// A small clean estate: every reprotect of the card's names checks clean on it.
private func estate() -> Inventory {
    let booted = Date(timeIntervalSince1970: 1_795_000_000)
    let linuxVolumes = [Volume(path: "/mnt/retention", filesystem: "ext4", capacityGB: 500),
                        Volume(path: "/", filesystem: "ext4", capacityGB: 100, cache: true, purpose: .none)]
    return Inventory(
        network: Network(link: .siteToSiteVPN, bandwidthMbps: 200),
        configurationServer: ConfigurationServer(name: "cs01"),
        vcenters: [VCenter(name: "vc01")],
        hosts: [ESXiHost(name: "esx01", vcenter: "vc01"), ESXiHost(name: "esx02", vcenter: "vc01")],
        datastores: [Datastore(name: "ds1", freeGB: 2048, mounts: [("esx01", .readWrite), ("esx02", .readWrite)])],
        masterTargets: [
            MasterTarget(name: "mt1", os: .linux, host: "esx01", diskUUIDs: ["mt1-d0"], volumes: linuxVolumes),
            MasterTarget(name: "mt2", os: .linux, host: "esx02", diskUUIDs: ["mt2-d0"], volumes: linuxVolumes),
            MasterTarget(name: "mt-win", os: .windows, host: "esx01", diskUUIDs: ["mtw-d0"],
                         volumes: [Volume(path: "R:", filesystem: "ntfs", capacityGB: 500)]),
        ],
        processServers: [ProcessServer(name: "ps-azure", site: .azure)],
        machines: [
            Machine(name: "web", os: .linux, osVersion: "Ubuntu 22.04", bootedInAzureAt: booted, disks: 2, diskGB: 64,
                    diskUUIDs: ["web-d0", "web-d1"], onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"])),
            Machine(name: "api", os: .linux, osVersion: "Ubuntu 22.04", bootedInAzureAt: booted, disks: 1, diskGB: 64,
                    diskUUIDs: ["api-d0"], onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"])),
            Machine(name: "sql01", os: .windows, osVersion: "Windows Server 2019", bootedInAzureAt: booted, disks: 1, diskGB: 64,
                    diskUUIDs: ["sql-d0"], onpremVM: OnPremVM(exists: true, host: "esx01", datastores: ["ds1"])),
        ])
}

private let now = Date(timeIntervalSince1970: 1_795_000_000 + 3600)

/// Many snippets here are expressions and asserts with no step: RP710 is
/// tested on its own (EmptyPlanTests), not echoed by every one of them.
private func check(_ text: String, inventory: Inventory = estate()) -> CheckResult {
    Checker.check(Parser.parse(name: "plan.rpl", text: text), inventory: inventory,
                  options: CheckOptions(now: now, reportsEmptyPlan: false))
}

private func codes(_ result: CheckResult) -> [String] { result.diagnostics.filter { $0.severity != .note }.map(\.code.rawValue) }

@Test func cardExampleChecksCleanAndMakesOneStep() {
    let result = check("group app < reprotect web using mt1 ps-azure datastore ds1 >")
    #expect(codes(result) == [])
    #expect(result.plan?.steps.map(\.id) == ["app/reprotect/web"])
    #expect(result.plan?.name == "plan")
}

@Test func unknownMachineSuggestsTheNearestMachine() throws {
    let result = check("group app < reprotect wbe using mt1 ps-azure datastore ds1 >")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.code == .RP101)
    #expect(diagnostic.help == ["did you mean 'web'?"])
    #expect(diagnostic.primary.file.text(diagnostic.primary.span) == "wbe")
}

@Test func processServerWhereMasterTargetExpectedIsWrongKind() throws {
    let result = check("group app < reprotect web using ps-azure ps-azure datastore ds1 >")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.code == .RP102)
    #expect(diagnostic.message.contains("process server"))
    #expect(diagnostic.message.contains("master target"))
    #expect(diagnostic.primary.span.start == 32)
    // Follow-on errors about that master target are suppressed.
    #expect(codes(result) == ["RP102"])
}

@Test func mixingADurationAndASizeIsATypeMismatch() {
    #expect(codes(check("let x = 15m + 500GB")) == ["RP104"])
    #expect(codes(check("let x = 15m + 1h\nassert x == 75m, \"sum\"")) == [])
    #expect(codes(check("let x = 2 * 500GB\nassert x == 1000GB, \"product\"")) == [])
}

@Test func duplicateGroupsAndBindingsAreReported() {
    #expect(codes(check("let a = 1\nlet a = 2")) == ["RP103"])
    #expect(codes(check("group g < >\ngroup g < >")) == ["RP103"])
}

@Test func cycleInAfterIsReported() {
    let result = check("group a after b < >\ngroup b after a < >")
    #expect(codes(result) == ["RP707"])
}

@Test func groupsWithoutAfterWaitForThePreviousGroup() throws {
    let plan = try #require(check("group a < >\ngroup b < >\ngroup c after a < >").plan)
    #expect(plan.groups.map(\.after) == [[], ["a"], ["a"]])
}

@Test func loopOverAQueryUnrollsIntoSteps() throws {
    let result = check("""
    group linux <
      for m in machines where os == "linux" and state == "failed-over" <
        reprotect m using mt1 ps-azure datastore ds1
      >
    >
    """)
    #expect(codes(result) == [])
    #expect(try #require(result.plan).steps.map(\.id) == ["linux/reprotect/web", "linux/reprotect/api"])
}

@Test func rulesApplyToStepsMadeInsideLoops() {
    // sql01 is Windows: through a Linux master target it is an OS mismatch (RP206).
    let result = check("group estate < for m in machines < reprotect m using mt1 ps-azure datastore ds1 > >")
    #expect(codes(result).contains("RP206"))
}

@Test func functionsProduceStepsAndReturnValues() throws {
    let result = check("""
    fn double(x) < return x * 2 >
    fn protect(m, target) < reprotect m using target ps-azure datastore ds1 >
    assert double(21) == 42, "double"
    group app < protect(web, mt1) protect(api, mt2) >
    """)
    #expect(codes(result) == [])
    #expect(try #require(result.plan).steps.count == 2)
}

@Test func failedAssertIsAnErrorAndFailedCheckAWarning() throws {
    let result = check("assert 1 == 2, \"one is not two\"\ncheck (len(machines) > 5), \"few machines: ${len(machines)}\"")
    #expect(result.diagnostics.map(\.code) == [.RP709, .RP709])
    #expect(result.diagnostics.map(\.severity) == [.error, .warning])
    #expect(result.diagnostics[1].message == "few machines: 3")
}

@Test func onlyTheAutomaticPolicyMayBeNamed() {
    #expect(codes(check("group g < reprotect web using mt1 ps-azure datastore ds1 policy gold >")) == ["RP706"])
    #expect(codes(check("group g < reprotect web using mt1 ps-azure datastore ds1 policy failback-policy >")) == [])
}

@Test func failbackWaitsForTheReprotectOfItsMachine() throws {
    let plan = try #require(check("""
    group app < reprotect web using mt1 ps-azure datastore ds1 >
    failback app
    """).plan)
    let failback = try #require(plan.steps.first { $0.action.kind == .failback })
    #expect(failback.dependsOn == ["app/reprotect/web"])
}

@Test func manualStepIsABarrier() throws {
    let plan = try #require(check("""
    group app <
      reprotect web using mt1 ps-azure datastore ds1
      manual dns "switch DNS to the on-prem addresses"
      reprotect api using mt1 ps-azure datastore ds1
    >
    """).plan)
    #expect(plan.steps.map(\.id) == ["app/reprotect/web", "app/manual/dns", "app/reprotect/api"])
    #expect(plan.steps[1].dependsOn == ["app/reprotect/web"])
    #expect(plan.steps[2].dependsOn == ["app/manual/dns"])
}

@Test func stdlibModulesImport() {
    let result = check("import failback-policy\nassert rpo-threshold == 15m, \"policy\"")
    #expect(codes(result) == [])
    #expect(codes(check("import failback-polcy")).first == "RP101")
}

@Test func stringInterpolationAndMembers() {
    #expect(codes(check("assert \"${web.os}-${len([1, 2])}\" == \"linux-2\", \"interpolation\"")) == [])
    #expect(codes(check("let x = web.colour")) == ["RP101"])
}

@Test func aStringWhereARecordIsExpectedSaysHowToWriteIt() throws {
    let result = check("group g < reprotect \"web\" using mt1 ps-azure datastore ds1 >")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.code == .RP104)
    #expect(diagnostic.help == ["write the name without quotes: web"])
}

@Test func recursionIsBounded() {
    #expect(codes(check("fn f(x) < return f(x) >\nlet y = f(1)")) == ["RP106"])
}

@Test func failbackBeforeTheReprotectIsReported() {
    let result = check("""
    failback web
    group app < reprotect web using mt1 ps-azure datastore ds1 >
    """)
    #expect(codes(result).contains("RP708"))
}

@Test func planLevelBarrierWaitsForTheGroupsBeforeItAndGatesTheGroupsAfter() throws {
    let plan = try #require(check("""
    group app < reprotect web using mt1 ps-azure datastore ds1 >
    manual dns "switch DNS"
    group api-group < reprotect api using mt1 ps-azure datastore ds1 >
    """).plan)
    let byID = Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.id, $0) })
    #expect(byID["plan/manual/dns"]?.dependsOn == ["app/reprotect/web"])
    #expect(byID["api-group/reprotect/api"]?.dependsOn == ["plan/manual/dns"])
}

@Test func stepsMadeByAStdlibFunctionPointAtTheCallInThePlan() throws {
    let text = "import groups\ngroup app < reprotect-group(\"none\", mt1, ps-azure, ds1) >\nfn go() < reprotect web using mt-win ps-azure datastore ds1 >\ngroup g < go() >"
    let result = check(text)
    // RP206 (Linux machine, Windows master target) from a plan-file function stays at the statement in the function.
    let mismatch = try #require(result.diagnostics.first { $0.code == .RP206 })
    #expect(mismatch.primary.file.name == "plan.rpl")
    let standalone = check("import groups\ngroup web-tier < for m in standalone(\"linux\") < reprotect m using mt1 ps-azure datastore ds1 > >\nfailback-group(\"none\")")
    #expect(standalone.diagnostics.allSatisfy { $0.primary.file.name == "plan.rpl" })
}

@Test func checkingWithoutBuildingThePlanFindsTheSameDiagnostics() throws {
    let text = """
    group app < reprotect web using mt-win ps-azure datastore ds1 >
    failback app
    failback api
    manual dns "switch DNS"
    manual dns "again"
    """
    let tree = Parser.parse(name: "plan.rpl", text: text)
    let full = Checker.check(tree, inventory: estate(), options: CheckOptions(now: now))
    let lean = Checker.check(tree, inventory: estate(), options: CheckOptions(now: now, producesPlan: false))
    #expect(full.diagnostics.map(\.code) == lean.diagnostics.map(\.code))
    #expect(full.diagnostics.map(\.message) == lean.diagnostics.map(\.message))
    #expect(full.diagnostics.map(\.code).contains(.RP206))
    #expect(full.diagnostics.map(\.code).contains(.RP103))
}

@Test func arithmeticAtTheEdgesIsADiagnosticNotACrash() {
    #expect(codes(check("let a = -9223372036854775807 - 1\nlet b = a / -1")) == ["RP104"])
    #expect(codes(check("let a = -9223372036854775807 - 1\nlet b = -a")) == ["RP104"])
    #expect(codes(check("let d = 0s - 9223372036854775807s - 1s\nassert \"${d}\" != \"\", \"shown\"")) == [])
    #expect(codes(check("let x = 9223372036854775807 + 1")) == ["RP104"])
}

@Test func waitsMustBeAReasonableDuration() {
    #expect(codes(check("wait -5m")) == ["RP104"])
    #expect(codes(check("wait 9223372036854775807s")) == ["RP106"])
    #expect(codes(check("wait 2h")) == [])
}
