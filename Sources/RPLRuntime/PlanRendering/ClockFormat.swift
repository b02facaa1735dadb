/// Seconds as a person reads a run's clock: `2:05:00`, and `+2:05:00` for
/// an offset from the start of the run.
public enum ClockFormat {
    public static func duration(_ seconds: Int64) -> String {
        let value = max(0, seconds)
        let hours = value / 3600
        let minutes = (value % 3600) / 60
        let rest = value % 60
        return "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))"
    }

    public static func offset(_ seconds: Int64) -> String { "+" + duration(seconds) }

    private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
