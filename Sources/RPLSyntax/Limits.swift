/// Every limit of the front end, with the reason for its value. Each is
/// reported as "too many X (limit is N)", never as a crash.
public enum Limits {
    /// Blocks, parentheses, lists and records nested in one another. Real
    /// plans nest three or four deep; the limit keeps the recursive-descent
    /// parser far from the stack's end even on a 512 KiB thread stack in a
    /// debug build.
    public static let maxNesting = 200
    /// Diagnostics from one file's parse: past this the rest is noise.
    public static let maxSyntaxErrors = 100
    /// A file larger than this is refused before lexing: spans are 32-bit.
    public static let maxFileBytes = 1 << 30
}
