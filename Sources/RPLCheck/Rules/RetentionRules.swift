import Foundation
import RPLInventory
import RPLSource

/// RP401–RP406: the retention volume of the master target. The reprotect guide
/// lists the criteria "without which the drive will not be listed for the master
/// target server". One volume is reported once per plan, on the first step
/// that chooses it.
enum RetentionRules {
    static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        // A master target and a retention as written settle the volume: each
        // pair is resolved once (`volume(at:)` and the key cost ~3,000
        // instructions a step; this set, one small hash).
        var resolved: Set<RetentionChoice> = []
        // And most steps repeat their master target's previous retention: a
        // string compare settles those before the set's hash (~20 M instructions).
        var previous = [String??](repeating: nil, count: context.masterTargetCount)
        for (index, step) in context.classicReprotects {
            let ordinal = context.masterTargetOrdinal[index]
            guard ordinal >= 0, previous[ordinal] != .some(step.retention) else { continue }
            previous[ordinal] = .some(step.retention)
            guard resolved.insert(RetentionChoice(masterTarget: ordinal, retention: step.retention)).inserted else { continue }
            let target = step.masterTargetSlot.record
            let path = step.retention ?? target.defaultRetentionPath
            let key = target.name + "\u{0}" + (target.volume(at: path)?.path ?? path)
            guard seen.insert(key).inserted else { continue }
            findings += volumeFindings(target, path: path, given: step.retention != nil, at: .reprotect(index, .retention))
        }
        return findings
    }

    /// A master target (by `RuleContext.masterTargetOrdinal`) and the retention written for it.
    private struct RetentionChoice: Hashable {
        var masterTarget: Int
        var retention: String?
    }

    static func volumeFindings(_ target: MasterTarget, path: String, given: Bool, at subject: Subject) -> [Finding] {
        guard let volume = target.volume(at: path) else {
            let eligible = target.volumes.filter(isEligible).map(\.path)
            var help = ["add a new disk to master target \(quoted(target.name)) and format it as the retention drive"
                + (given ? "" : " at \(target.defaultRetentionPath)")]
            if !eligible.isEmpty { help.append("or name an eligible volume: `retention \"\(eligible[0])\"`") }
            let message = given
                ? "\(quoted(path)) is not a volume of master target \(quoted(target.name))"
                : "no retention volume given, and master target \(quoted(target.name)) has no \(quoted(path)) (the \(target.os.displayName) default retention volume)"
            return [Finding(.RP401, message, at: subject, help: help)]
        }
        var findings: [Finding] = []
        let named = "retention volume \(quoted(volume.path)) of master target \(quoted(target.name))"
        if volume.filesystem == nil {
            findings.append(Finding(.RP960, "\(named) has a file system no source has said: rpl cannot tell whether it is FAT (a FAT volume is not listed as a retention drive)",
                                    at: subject, help: ["give the volume's `filesystem` in the inventory (Site Recovery does not report it)"]))
        }
        if volume.isFAT {
            findings.append(Finding(.RP402, "\(named) has a \((volume.filesystem ?? "").uppercased()) file system: it will not be listed as a retention drive",
                                    at: subject, help: ["format the retention drive with another file system than FAT or FAT32 (NTFS on Windows, ext4 or xfs on Linux)"]))
        }
        if volume.capacityGB <= 0 {
            findings.append(Finding(.RP403, "\(named) has zero capacity: the volume capacity should be non-zero",
                                    at: subject, help: ["give the retention drive a non-zero capacity, or choose another volume"]))
        }
        if volume.locked {
            findings.append(Finding(.RP404, "\(named) is in lock mode: it will not be listed as a retention drive",
                                    at: subject, help: ["unlock the volume, or choose another one"]))
        }
        if volume.cache {
            findings.append(Finding(.RP405, "\(named) is the cache volume: the master target or process server is installed on it",
                                    at: subject, help: ["add a new disk for retention: the installation volume of the process server and master target is not eligible"]))
        }
        if volume.purpose == .replicationTarget {
            findings.append(Finding(.RP406, "\(named) is used as a replication target: the retention volume shouldn't be used for any other purpose",
                                    at: subject, help: ["add a new disk and format it as a dedicated retention drive"]))
        }
        return findings
    }

    static func isEligible(_ volume: Volume) -> Bool {
        !volume.isFAT && volume.capacityGB > 0 && !volume.locked && !volume.cache && volume.purpose != .replicationTarget
    }
}
