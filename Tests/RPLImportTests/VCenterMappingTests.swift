import Foundation
import RPLHTTP
import RPLInventory
import Testing
@testable import RPLImport

/// The mapping from SOAP answers saved from vcsim (an estate shaped with
/// govc: two snapshots on DC0_H0_VM0, disk.EnableUUID=TRUE on DC0_H0_VM1,
/// DC0_C0_RP0_VM1 powered off, an NFS datastore nfs01 on DC0_C0_H0, and
/// mt-lsi created powered off on it with an LSI Logic controller).
@Suite struct VCenterMappingTests {
    let url = "https://vc.example/sdk"

    func pulled() throws -> PulledEstate {
        try VCenterPull.pull(url: url, user: "user", password: "pass", transport: FixtureTransport()).estate
    }

    func vm(_ name: String) throws -> PulledVM {
        try #require(try pulled().vms.first { $0.name == name })
    }

    @Test func theVCenterIsNamedByItsHostAndCarriesVersionAndAPIType() throws {
        let estate = try pulled()
        #expect(estate.vcenter.name == "vc.example")
        #expect(estate.vcenter.version == "6.5.0")
        #expect(estate.vcenter.apiType == "VirtualCenter")
        #expect(estate.source == url)
    }

    @Test func snapshotsAreCountedThroughTheTree() throws {
        #expect(try vm("DC0_H0_VM0").snapshots == 2)
        #expect(try vm("DC0_H0_VM1").snapshots == 0)
    }

    @Test func enableUUIDComesFromExtraConfig() throws {
        #expect(try vm("DC0_H0_VM1").diskEnableUUID)
        #expect(try !vm("DC0_H0_VM0").diskEnableUUID)
    }

    @Test func theSCSIControllerIsReadFromTheDeviceXSIType() throws {
        #expect(try vm("DC0_H0_VM0").scsiController == .paravirtual)
        #expect(try vm("mt-lsi").scsiController == .lsiLogic)
    }

    @Test func powerStateHostDatastoresAndIdentity() throws {
        let off = try vm("DC0_C0_RP0_VM1")
        #expect(off.poweredOn == false)
        #expect(try vm("DC0_H0_VM0").poweredOn == true)
        let lsi = try vm("mt-lsi")
        #expect(lsi.host == "DC0_C0_H0")
        #expect(lsi.datastores == ["nfs01"])
        // The identities are those in the saved answer.
        let answer = fixtureText("RetrievePropertiesEx")
        for vm in try pulled().vms {
            #expect(answer.contains(">\(try #require(vm.identity.instanceUUID))<"))
            #expect(answer.contains(">\(try #require(vm.identity.biosUUID))<"))
        }
    }

    @Test func toolsNotInstalledIsNoTools() throws {
        #expect(try vm("DC0_H0_VM0").vmwareTools == false)
    }

    @Test func datastoresHaveTypeSizesInGBAndMounts() throws {
        let estate = try pulled()
        let nfs = try #require(estate.datastores.first { $0.name == "nfs01" })
        #expect(nfs.type == .nfs)
        // vcsim 0.24 lists no host mounts for an NFS datastore.
        #expect(nfs.mounts.isEmpty)
        #expect(estate.datastores.first { $0.name == "LocalDS_0" }?.type == .other)
        // Bytes in the answer, divided by 2^30 and rounded down.
        let answer = fixtureText("RetrievePropertiesEx")
        let capacities = matches(of: "<capacity>([0-9]+)</capacity>", in: answer).map { Int64($0)! / (1 << 30) }
        let frees = matches(of: "<freeSpace>([0-9]+)</freeSpace>", in: answer).map { Int64($0)! / (1 << 30) }
        #expect(estate.datastores.compactMap(\.capacityGB).map(Int64.init) == capacities)
        #expect(estate.datastores.map(\.freeGB).map(Int64.init) == frees)
    }

    @Test func mountsCarryTheirAccessModeAndUnmountedOnesAreLeftOut() throws {
        // A vCenter's answer for an NFS datastore mounted read-only on one
        // host, read-write on another, and unmounted on a third.
        let transport = FixtureTransport()
        transport.edits["RetrievePropertiesEx"] = { answer in
            let empty = "XMLSchema-instance:type=\"ArrayOfDatastoreHostMount\"></val>"
            func mount(_ host: String, _ mode: String, mounted: Bool) -> String {
                "<DatastoreHostMount><key type=\"HostSystem\">\(host)</key><mountInfo><path>/vmfs/volumes/nfs01</path>"
                    + "<accessMode>\(mode)</accessMode><mounted>\(mounted)</mounted><accessible>true</accessible></mountInfo></DatastoreHostMount>"
            }
            let mounts = mount("host-21", "readOnly", mounted: true) + mount("host-34", "readWrite", mounted: true)
                + mount("host-42", "readWrite", mounted: false)
            guard let nfs = answer.range(of: "127.0.0.1:/tmp/nfs@folder-5</obj>"),
                  let slot = answer.range(of: empty, range: nfs.upperBound..<answer.endIndex) else { return answer }
            return answer.replacingCharacters(in: slot, with: "XMLSchema-instance:type=\"ArrayOfDatastoreHostMount\">\(mounts)</val>")
        }
        let estate = try VCenterPull.pull(url: url, user: "user", password: "pass", transport: transport).estate
        let nfs = try #require(estate.datastores.first { $0.name == "nfs01" })
        let names = Dictionary(uniqueKeysWithValues: zip(["host-21", "host-34", "host-42"],
                                                         ["host-21", "host-34", "host-42"].map { id in hostName(id) }))
        #expect(nfs.mounts.map(\.host) == [names["host-21"]!, names["host-34"]!])
        #expect(nfs.mounts.map(\.access) == [.readOnly, .readWrite])
    }

    @Test func hostsCarryVersionAndTheEditionTheLicencesSay() throws {
        let estate = try pulled()
        #expect(estate.hosts.map(\.name).sorted() == ["DC0_C0_H0", "DC0_C0_H1", "DC0_H0"])
        #expect(estate.hosts.allSatisfy { $0.version == "6.5.0" && $0.edition == .evaluation && $0.vcenter == "vc.example" })
    }

    @Test func editionRules() {
        #expect(VCenterMapping.edition(licences: ["eval", "vc.standard", "esxEnterprisePlus"], hostVersion: "7.0") == .licensed)
        #expect(VCenterMapping.edition(licences: ["esxBasic"], hostVersion: "5.5.0") == .esxi55Free)
        #expect(VCenterMapping.edition(licences: ["esxBasic"], hostVersion: "6.7.0") == .vsphere6HypervisorFree)
        #expect(VCenterMapping.edition(licences: ["eval", ""], hostVersion: "6.5.0") == .evaluation)
        #expect(VCenterMapping.edition(licences: [], hostVersion: nil) == .licensed)
    }

    @Test func datastoreTypes() {
        #expect(VCenterMapping.datastoreType("VMFS") == .vmfs)
        #expect(VCenterMapping.datastoreType("NFS41") == .nfs)
        #expect(VCenterMapping.datastoreType("vsan") == .vsan)
        #expect(VCenterMapping.datastoreType("OTHER") == .other)
        #expect(VCenterMapping.datastoreType("PMEM") == .other)
    }

    @Test func theSessionCookieSetAtTheFirstAnswerIsSentWithEveryLaterRequest() throws {
        let transport = FixtureTransport()
        _ = try VCenterPull.pull(url: url, user: "user", password: "pass", transport: transport)
        #expect(transport.requests.map(\.method) == [
            "RetrieveServiceContent", "Login", "CreateContainerView", "RetrievePropertiesEx", "DestroyView", "Logout",
        ])
        #expect(!transport.requests[0].headers.contains { $0.hasPrefix("Cookie:") })
        for request in transport.requests.dropFirst() {
            #expect(request.headers.contains("Cookie: vmware_soap_session=\"abc123\""))
        }
    }

    @Test func thePasswordIsEscapedInTheLoginEnvelope() throws {
        let transport = FixtureTransport()
        _ = try VCenterPull.pull(url: url, user: "a<b", password: "p&'\"<>", transport: transport)
        let login = try #require(transport.requests.first { $0.method == "Login" })
        #expect(login.body.contains("<userName>a&lt;b</userName><password>p&amp;&apos;&quot;&lt;&gt;</password>"))
    }

    @Test func pagingFollowsTokensUntilTheLastPageForEveryPageSize() throws {
        let all = try pulled()
        let count = PagingTransport.objects(in: fixtureText("RetrievePropertiesEx")).count
        #expect(count > 3)
        for size in 1...(count + 1) {
            let transport = PagingTransport()
            let outcome = try VCenterPull.pull(url: url, user: "user", password: "pass", transport: transport, maxObjects: size)
            let expectedPages = (count + size - 1) / size
            #expect(outcome.pages == expectedPages, "page size \(size)")
            #expect(transport.continuations == expectedPages - 1)
            #expect(outcome.estate == all, "page size \(size)")
        }
    }

    @Test func aRefusedLoginIsLoginRefusedNamingTheURLAndUser() {
        let transport = FixtureTransport(overrides: ["Login": "LoginRefused"])
        #expect(throws: VCenterError.loginRefused(url: url, user: "user", detail: "Login failure (InvalidLogin)")) {
            try VCenterPull.pull(url: url, user: "user", password: "wrong", transport: transport)
        }
        let message = VCenterError.loginRefused(url: url, user: "user", detail: "Login failure (InvalidLogin)").description
        #expect(message.contains(url) && message.contains("'user'"))
    }

    @Test func aSOAPFaultIsReportedWithTheMethodAndTheURL() {
        let transport = FixtureTransport(overrides: ["RetrievePropertiesEx": "MethodNotFound"])
        do {
            _ = try VCenterPull.pull(url: url, user: "user", password: "pass", transport: transport)
            Issue.record("expected a fault")
        } catch {
            guard case let .fault(faultURL, method, detail) = error else { Issue.record("\(error)"); return }
            #expect(faultURL == url && method == "RetrievePropertiesEx")
            #expect(detail.contains("does not implement") && detail.contains("MethodNotFound"))
            #expect(error.description.contains(url))
        }
        // And the session is closed all the same.
        #expect(transport.requests.last?.method == "Logout")
    }

    @Test func aRefusedConnectionIsConnectionRefused() throws {
        // A port nobody listens on: bind one, note it, close it.
        let port = try freeLoopbackPort()
        let target = "https://127.0.0.1:\(port)/sdk"
        do {
            _ = try VCenterPull.pull(url: target, user: "u", password: "p", transport: CurlTransport(insecure: false, timeoutSeconds: 5))
            Issue.record("expected a refused connection")
        } catch {
            guard case .connectionRefused(target, _) = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains(target))
        }
    }

    @Test func anAnswerThatIsNotXMLIsUnreadableNotACrash() {
        struct Garbage: HTTPTransport {
            func send(_ verb: String, _ url: String, body: [UInt8], headers: [String]) throws(HTTPFailure) -> HTTPAnswer {
                HTTPAnswer(status: 200, body: Array("<html><body>hello".utf8))
            }
        }
        #expect(throws: VCenterError.self) { try VCenterPull.pull(url: url, user: "u", password: "p", transport: Garbage()) }
    }

    @Test func vcenterNames() {
        #expect(VCenterPull.vcenterName(of: "https://vc01.corp.example/sdk") == "vc01.corp.example")
        #expect(VCenterPull.vcenterName(of: "https://10.0.0.5:8443/sdk") == "10.0.0.5")
        #expect(VCenterPull.vcenterName(of: "ftp://vc/sdk") == nil)
        #expect(VCenterPull.vcenterName(of: "vc01") == nil)
    }
}

/// A host's name in the saved answer, by its id.
func hostName(_ id: String) -> String {
    matches(of: "<obj type=\"HostSystem\">\(id)</obj><propSet><name>name</name><val[^>]*>([^<]*)<", in: fixtureText("RetrievePropertiesEx")).first ?? "?"
}

func matches(of pattern: String, in text: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern)
    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
        Range($0.range(at: 1), in: text).map { String(text[$0]) }
    }
}

/// A loopback port that was free a moment ago.
func freeLoopbackPort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    guard bound else { throw CocoaError(.fileWriteUnknown) }
    return Int(UInt16(bigEndian: address.sin_port))
}
