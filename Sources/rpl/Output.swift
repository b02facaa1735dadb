import ArgumentParser
import Foundation
import RPLPipeline
import RPLSource
import RPLSyntax

enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static func wantsColor(fileDescriptor: Int32) -> Bool {
        if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
        return isatty(fileDescriptor) == 1
    }
}

/// Writes to standard error without buffering surprises.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Bytes written as they are, without a copy into `Data` (a 17 MB schedule).
func writeOut(bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none))
    }
}

/// Prints diagnostics in the chosen format: text on stderr (with a summary
/// line), JSON and SARIF on stdout for tools.
func emit(_ diagnostics: [Diagnostic], format: DiagnosticFormat) {
    let sorted = diagnostics.sortedByPosition()
    switch format {
    case .text:
        let renderer = TextRenderer(color: Terminal.wantsColor(fileDescriptor: 2))
        var text = renderer.render(sorted)
        if let summary = summaryLine(sorted) { text += summary + "\n" }
        if !text.isEmpty { printError(text) }
    case .json:
        writeOut(JSONDiagnostics.render(sorted))
    case .sarif:
        writeOut(SARIFDiagnostics.render(sorted, toolVersion: RPL.version))
    }
}

/// Runs a step of the pipeline; a failure is printed (its diagnostics in
/// `format`, then its details and message on stderr) and becomes the exit status.
func pipeline<T>(format: DiagnosticFormat = .text, _ body: () throws(PipelineFailure) -> T) throws -> T {
    do {
        return try body()
    } catch {
        report(error, format: format)
        throw error.kind == .plan ? ExitStatus.planErrors : ExitStatus.usage
    }
}

func report(_ failure: PipelineFailure, format: DiagnosticFormat = .text) {
    if !failure.diagnostics.isEmpty { emit(failure.diagnostics, format: format) }
    for line in failure.details { printError(line) }
    if let message = failure.message { printError("rpl: \(message)") }
}

/// Reads a plan file, or standard input for `-`. I/O failure is exit 2.
func readSource(_ path: String) throws -> SourceFile {
    if path == "-" {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return SourceFile(name: "<stdin>", bytes: Array(data))
    }
    // Spans are 32-bit offsets: refuse a file past the limit before reading it.
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > Limits.maxFileBytes {
        printError("rpl: '\(path)' is too large for a plan (limit is \(Limits.maxFileBytes) bytes)")
        throw ExitStatus.usage
    }
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    guard exists, !isDirectory.boolValue, let bytes = readBytes(path) else {
        let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory, not a plan file" : "permission denied"
        printError("rpl: cannot read '\(path)': \(reason)")
        throw ExitStatus.usage
    }
    return SourceFile(name: path, bytes: bytes)
}

/// A file's bytes, read straight into the array the lexer walks: through
/// Data they were copied once more (a 4 MB plan: 8% of `--syntax-only`).
private func readBytes(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return nil }
    let size = Int(status.st_size)
    var failed = false
    // Uninitialized: zeroing 4 MB first was a third of the read.
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        while count < size {
            let got = read(descriptor, buffer.baseAddress! + count, size - count)
            if got < 0, errno == EINTR { continue }
            if got <= 0 {
                failed = got < 0
                return
            }
            count += got
        }
    }
    // A file that grew since fstat (or reports no size): the rest, in chunks.
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while !failed {
        let got = read(descriptor, &chunk, chunk.count)
        if got < 0, errno == EINTR { continue }
        if got <= 0 {
            failed = got < 0
            break
        }
        bytes.append(contentsOf: chunk[0..<got])
    }
    return failed ? nil : bytes
}


/// Work started on its own thread now and waited for later: the check
/// loads the inventory while it parses, on the machine's second core.
final class InBackground<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the work and returns its value, or throws its error.
    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }

    /// The same, for work that fails only with a `PipelineFailure`.
    func typedValue() throws(PipelineFailure) -> Value {
        do { return try value() } catch let failure as PipelineFailure { throw failure } catch { throw .usage("\(error)") }
    }
}
