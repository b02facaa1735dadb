/// FNV-1a, 64 bits: a fast, stable hash of bytes, for noticing that a file
/// changed and for deterministic simulation jitter. Not a security measure.
public func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return hash
}
