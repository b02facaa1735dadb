/// RP803 in its one wording: a run journaled as running whose process is
/// gone. The journal's event, `rpl run`'s note, `rpl resume`'s warning and
/// `rpl jobs` all say it this way.
public enum RunInterruption {
    public static func message(run: String, pid: Int, hostname: String, machines: [String] = []) -> String {
        let held = machines.isEmpty ? "" : " while it held \(machines.joined(separator: ", "))"
        return "run \(run) was interrupted\(held): its process (pid \(pid) on \(hostname)) is gone"
    }

    public static func resumeHelp(_ run: String) -> String { "`rpl resume \(run)` continues it without repeating finished steps" }
}
