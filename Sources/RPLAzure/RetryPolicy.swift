import Foundation

/// When to try a request again after a 429 or a 5xx: after the server's
/// `Retry-After` when it gives one, otherwise after a capped exponential
/// backoff with jitter, so that many rpl processes throttled together do
/// not come back together.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelaySeconds: Double
    public var maxDelaySeconds: Double
    /// A `Retry-After` longer than this is cut to it (a broken header must not park a run for a day).
    public var maxRetryAfterSeconds: Double

    public init(maxAttempts: Int = 8, baseDelaySeconds: Double = 1, maxDelaySeconds: Double = 60, maxRetryAfterSeconds: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
    }

    public static let standard = RetryPolicy()

    /// Seconds to wait before attempt `attempt + 1` (`attempt` counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: String?,
                      random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Double {
        if let retryAfter, let seconds = RetryPolicy.seconds(retryAfter: retryAfter) {
            return min(max(0, seconds), maxRetryAfterSeconds)
        }
        let exponential = min(maxDelaySeconds, baseDelaySeconds * pow(2, Double(max(0, attempt - 1))))
        // "Equal jitter": at least half the step, so the backoff still grows.
        return exponential / 2 + random(0...(exponential / 2))
    }

    /// `Retry-After` is either seconds or an HTTP date.
    static func seconds(retryAfter: String, now: Date = Date()) -> Double? {
        let text = retryAfter.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return date.timeIntervalSince(now)
    }
}
