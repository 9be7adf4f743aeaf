internal import CNettle

/// Incremental SHA-256 (nettle). A value type: copies hash independently.
public struct SHA256Digest {
    private final class Context {
        var ctx = sha256_ctx()

        init() { nettle_sha256_init(&ctx) }
        init(copying other: Context) { ctx = other.ctx }
    }

    private var context: Context

    public init() {
        context = Context()
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&context) {
            context = Context(copying: context)
        }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        makeUnique()
        nettle_sha256_update(&context.ctx, bytes.count, base.assumingMemoryBound(to: UInt8.self))
    }

    /// Hashes the UTF-8 bytes of `string`.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Lowercase hex digest of everything hashed so far; the hasher then starts over empty.
    public mutating func finalizeHex() -> String {
        makeUnique()
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { out in
            nettle_sha256_digest(&context.ctx, 32, out.baseAddress)
        }
        return Self.hexString(digest)
    }

    /// Lowercase hex SHA-256 of `data`.
    public static func hex(of data: [UInt8]) -> String {
        var hasher = SHA256Digest()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }

    static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
