import Foundation

/// A test hook: `RPL_ASR_CRASH_AT=NAME` makes rpl kill itself (SIGKILL,
/// no clean-up, as a power cut or an OOM kill would) when it reaches the
/// named point between "about to send" and "job journaled", so the tests
/// can prove `rpl resume` neither loses nor repeats an action.
enum CrashPoint: String {
    /// The send is journaled, the POST not sent.
    case beforeSend = "before-send"
    /// ARM accepted the POST; its job is not journaled yet.
    case afterSend = "after-send"
    /// The job is journaled, not yet polled.
    case afterJournal = "after-journal"

    static let armed = ProcessInfo.processInfo.environment["RPL_ASR_CRASH_AT"].flatMap(CrashPoint.init(rawValue:))

    func reached() {
        if CrashPoint.armed == self { kill(getpid(), SIGKILL) }
    }
}
