import Dispatch
import Foundation
import RPLSource
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--provider exec:COMMAND`: COMMAND runs once per invocation under
/// `/bin/sh -c`, reads one JSON request per line on its standard input and
/// writes one JSON reply per line on its standard output, in any order
/// (docs/cli.md, "The exec provider protocol"). It runs in its own process group, so Ctrl-C reaches rpl
/// (which pauses the run) and not the provider (which finishes what it was
/// given). Its standard error passes through.
public final class ExecProvider: Provider, @unchecked Sendable {
    public let command: String
    private let pid: pid_t
    private let input: Int32
    private let started = DispatchTime.now().uptimeNanoseconds

    private let condition = NSCondition()
    private var replies: [StepReply] = []
    private var closedOutput = false
    private var exitStatus: Int32?
    /// Lines that were not a reply the protocol allows.
    private var protocolErrors: [String] = []
    private var reader: Thread?

    public init(command: String) throws(ProviderError) {
        self.command = command
        signal(SIGPIPE, SIG_IGN)
        ExecProvider.closeInheritedDescriptorsOnExec()
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw .cannotStart("pipe: \(String(cString: strerror(errno)))") }
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        // Own process group: the terminal's Ctrl-C is for rpl. Default
        // signal handling and an empty mask: rpl ignores SIGPIPE and SIGINT,
        // and ignored signals would otherwise be inherited through exec.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, "/bin/sh", &actions, &attributes, &argv, environ)
        _ = closeDescriptor(toChild[0])
        _ = closeDescriptor(fromChild[1])
        guard result == 0 else {
            _ = closeDescriptor(toChild[1])
            _ = closeDescriptor(fromChild[0])
            throw .cannotStart("/bin/sh: \(String(cString: strerror(result)))")
        }
        pid = child
        input = toChild[1]
        let output = fromChild[0]
        let thread = Thread { [unowned self] in self.readReplies(from: output) }
        thread.name = "rpl exec provider reader"
        reader = thread
        thread.start()
    }

    public var description: String { "exec:\(command)" }

    /// rpl may have been given descriptors it does not know about (a parent
    /// watching for its exit through a pipe, say). The provider must not
    /// inherit them: it can outlive a killed rpl, and would keep that pipe
    /// open, so the parent would think rpl still runs.
    private static func closeInheritedDescriptorsOnExec() {
        var descriptors: [Int32] = []
        if let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            descriptors = names.compactMap { Int32($0) }
        } else {
            descriptors = Array(3..<Int32(min(getdtablesize(), 4096)))
        }
        for fd in descriptors where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    public var now: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    public func send(_ request: StepRequest) throws(ProviderError) {
        let line = Array((request.json.serialized() + "\n").utf8)
        var offset = 0
        while offset < line.count {
            let written = line[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .exited("cannot write a request (\(String(cString: strerror(errno))))")
            }
            offset += written
        }
    }

    public func nextReply(until deadline: Double?, interrupt: InterruptFlag?) throws(ProviderError) -> StepReply? {
        // At most a second per call, so the executor keeps its heartbeat.
        let limit = min(deadline ?? .infinity, now + 1)
        condition.lock()
        while true {
            if !replies.isEmpty {
                let reply = replies.removeFirst()
                condition.unlock()
                return reply
            }
            if closedOutput { break }
            let remaining = limit - now
            if interrupt?.isRaised == true || remaining <= 0 {
                condition.unlock()
                return nil
            }
            _ = condition.wait(until: Date(timeIntervalSinceNow: min(remaining, 0.05)))
        }
        condition.unlock()
        throw .exited(exitDescription())
    }

    public func takeWarnings() -> [String] {
        condition.lock()
        defer { condition.unlock() }
        defer { protocolErrors.removeAll() }
        return protocolErrors.map { "the provider wrote a line that is not a reply (ignored): \($0)" }
    }

    public func close() {
        _ = closeDescriptor(input)
        // Give it a moment to finish on end of input, then end its group.
        for _ in 0..<40 where reap(wait: false) == nil { usleep(50_000) }
        if reap(wait: false) == nil {
            kill(-pid, SIGTERM)
            _ = reap(wait: true)
        }
        reader?.cancel()
    }

    private func reap(wait: Bool) -> Int32? {
        condition.lock()
        if let exitStatus { condition.unlock(); return exitStatus }
        condition.unlock()
        var status: Int32 = 0
        let result = waitpid(pid, &status, wait ? 0 : WNOHANG)
        guard result == pid else { return nil }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        condition.lock()
        exitStatus = code
        condition.unlock()
        return code
    }

    private func exitDescription() -> String {
        var code: Int32?
        for _ in 0..<20 {
            code = reap(wait: false)
            if code != nil { break }
            usleep(10_000)
        }
        if let code { return code > 128 ? "killed by signal \(code - 128)" : "exit status \(code)" }
        return "it closed its standard output"
    }

    private func readReplies(from fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var line: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            for byte in buffer[0..<count] {
                if byte == UInt8(ascii: "\n") {
                    accept(line)
                    line.removeAll(keepingCapacity: true)
                } else {
                    line.append(byte)
                }
            }
        }
        if !line.isEmpty { accept(line) }
        _ = closeDescriptor(fd)
        condition.lock()
        closedOutput = true
        condition.broadcast()
        condition.unlock()
    }

    private func accept(_ line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        if text.allSatisfy(\.isWhitespace) { return }
        let parsed = ExecProvider.reply(fromLine: text)
        condition.lock()
        switch parsed {
        case let .success(reply): replies.append(reply)
        case let .failure(error): protocolErrors.append(error.message)
        }
        condition.broadcast()
        condition.unlock()
    }

    struct LineError: Error { var message: String }

    /// `{"step": ID, "ok": true}` or `{"step": ID, "ok": false, "error": "..."}`.
    static func reply(fromLine text: String) -> Result<StepReply, LineError> {
        guard let value = try? JSONValue.parse(text) else { return .failure(LineError(message: "not JSON: \(text)")) }
        guard let step = value["step"]?.stringValue else { return .failure(LineError(message: "a reply without \"step\": \(text)")) }
        guard let ok = value["ok"]?.boolValue else { return .failure(LineError(message: "a reply without \"ok\": \(text)")) }
        if ok { return .success(StepReply(step: step)) }
        return .success(StepReply(step: step, error: value["error"]?.stringValue ?? "the provider reported a failure without a message"))
    }
}

private func closeDescriptor(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}
