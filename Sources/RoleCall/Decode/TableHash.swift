/// A cheap seeded hash for the dictionaries and sets keyed by addresses and endpoints.
///
/// Swift's `Hasher` is SipHash-1-3: sound against hash flooding, but its set-up and finalisation
/// cost more than the lookup itself when a key is two or three machine words, and the roles and
/// report stages look up hundreds of thousands of such keys. The key types below implement
/// `_rawHashValue(seed:)`, the hook `Dictionary` and `Set` call for a bucket, with a
/// multiply-xorshift mix of their words and the table's per-instance seed, finished with
/// MurmurHash3's avalanche so the low bits (the bucket) depend on every input bit.
/// `hash(into:)` is unchanged, so equal values still hash equally everywhere.
enum TableHash {
  @inline(__always)
  static func mix(_ seed: Int, _ first: UInt64, _ second: UInt64, _ third: UInt64 = 0) -> Int {
    var hash = UInt64(bitPattern: Int64(seed)) ^ 0x9E37_79B9_7F4A_7C15
    hash = (hash ^ first) &* 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 32
    hash = (hash ^ second) &* 0xC4CE_B9FE_1A85_EC53
    hash ^= hash >> 29
    hash = (hash ^ third) &* 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    hash = hash &* 0xC4CE_B9FE_1A85_EC53
    hash ^= hash >> 33
    return Int(bitPattern: UInt(truncatingIfNeeded: hash))
  }
}

extension IPAddress {
  /// `Dictionary` and `Set` buckets without SipHash (see `TableHash`).
  public func _rawHashValue(seed: Int) -> Int {
    TableHash.mix(seed, high, low, UInt64(version))
  }
}
