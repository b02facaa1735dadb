import Foundation
import RPLInventory
import RPLSource
import Testing
@testable import RPLCheck

/// sql01 (step 4) uses mt-win with `retention "R:"`; the Linux steps use mt-lin's default /mnt/retention.
@Suite struct RetentionRulesTests {
    func windowsVolume(_ estate: inout Estate, _ change: (inout Volume) -> Void) {
        estate.masterTarget("mt-win") { target in
            change(&target.volumes[target.volumes.firstIndex { $0.path == "R:" }!])
        }
    }

    @Test func RP401_defaultRetentionVolumeMissing() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-lin") { $0.volumes.removeAll { $0.path == "/mnt/retention" } }
        // Reported once for mt-lin's default, on its first step.
        let finding = expectOnly(.RP401, clean: clean, broken: broken, at: .reprotect(0, .retention), mentions: ["mt-lin", "/mnt/retention"],
                                 help: "add a new disk")
        #expect(finding?.help.count == 1, "mt-lin has no other eligible volume to suggest")
    }

    @Test func RP401_namedRetentionIsNotAVolume() {
        let clean = Estate.baseline()
        var broken = clean
        broken.step("sql01") { $0.retention = "T:" }
        expectOnly(.RP401, clean: clean, broken: broken, at: .reprotect(4, .retention), mentions: ["T:", "mt-win"], help: "retention \"R:\"")
        var lowercase = clean
        lowercase.step("sql01") { $0.retention = "r:\\" }
        #expect(lowercase.findings().isEmpty, "Windows drive paths compare without case or trailing separator")
    }

    @Test func RP402_fatFileSystem() {
        let clean = Estate.baseline()
        var broken = clean
        windowsVolume(&broken) { $0.filesystem = "FAT32" }
        expectOnly(.RP402, clean: clean, broken: broken, at: .reprotect(4, .retention), mentions: ["R:", "mt-win"], help: "FAT")
    }

    @Test func RP403_zeroCapacity() {
        let clean = Estate.baseline()
        var broken = clean
        windowsVolume(&broken) { $0.capacityGB = 0 }
        expectOnly(.RP403, clean: clean, broken: broken, at: .reprotect(4, .retention), mentions: ["R:"])
    }

    @Test func RP404_locked() {
        let clean = Estate.baseline()
        var broken = clean
        windowsVolume(&broken) { $0.locked = true }
        expectOnly(.RP404, clean: clean, broken: broken, at: .reprotect(4, .retention), mentions: ["R:"])
    }

    @Test func RP405_cacheVolume() {
        let clean = Estate.baseline()
        var broken = clean
        broken.step("sql01") { $0.retention = "C:" }
        let finding = expectOnly(.RP405, clean: clean, broken: broken, at: .reprotect(4, .retention), mentions: ["C:", "mt-win"])
        #expect(finding?.message.contains("cache volume") == true)
    }

    @Test func RP406_otherPurpose() {
        let clean = Estate.baseline()
        var broken = clean
        windowsVolume(&broken) { $0.purpose = .replicationTarget }
        expectOnly(.RP406, clean: clean, broken: broken, at: .reprotect(4, .retention), mentions: ["R:"])
        var unused = clean
        windowsVolume(&unused) { $0.purpose = .none }
        #expect(unused.findings().isEmpty, "a volume with no purpose yet is eligible")
    }
}

/// A retention volume imported from Site Recovery has no file system: the checker says it is unknown, never assumes.
@Suite struct UnknownFilesystemTests {
    @Test func RP960_unknownFileSystemIsSaidNotAssumed() {
        let clean = Estate.baseline()
        var broken = clean
        broken.masterTarget("mt-win") { target in
            target.volumes[target.volumes.firstIndex { $0.path == "R:" }!].filesystem = nil
        }
        expectOnly(.RP960, clean: clean, broken: broken, at: .reprotect(4, .retention), mentions: ["R:", "mt-win"], help: "filesystem")
    }
}
