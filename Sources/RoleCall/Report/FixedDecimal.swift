/// A `Double` written with a fixed number of decimals, byte for byte as C's `printf("%.*f")`
/// writes it: the exact binary value rounded half to even.
///
/// Times in tables and in conn.log TSV are written this way, two per flow. Through `vsnprintf`
/// each one cost a `withVaList` (an allocation and two dynamic casts) and glibc's multi-precision
/// formatting: two thirds of `rolecall flows --format tsv`'s writing time. A value is
/// `m × 2^e` exactly, so `value × 10^digits` is the integer `m × 10^digits` shifted right by
/// `-e`, rounded by the bits shifted out.
enum FixedDecimal {
  /// The most decimals written here; more go through `vsnprintf`.
  static let maximumDigits = 9

  /// Calls `body` with the text of `value` to `digits` decimals, or with nil when the value is
  /// out of this method's range (not finite, 2^53 or more in magnitude, more than
  /// `maximumDigits` decimals) and the caller must use `printf`.
  static func withText<Result>(
    _ value: Double, digits: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> Result
  ) -> Result {
    guard value.isFinite, abs(value) < 0x1p53, digits >= 0, digits <= maximumDigits else {
      return body(nil)
    }
    var scale: UInt64 = 1
    for _ in 0..<digits { scale *= 10 }
    let magnitude = abs(value)
    var scaled: UInt128 = 0
    if magnitude != 0 {
      let subnormal = magnitude.exponentBitPattern == 0
      let significand =
        magnitude.significandBitPattern | (subnormal ? 0 : 1 << Double.significandBitCount)
      // magnitude = significand × 2^exponent, and exponent <= 0 below 2^53.
      let exponent = (subnormal ? 1 : Int(magnitude.exponentBitPattern)) - 1075
      let product = UInt128(significand) * UInt128(scale)
      let shift = -exponent
      if shift >= 128 {
        scaled = 0  // below half of the last decimal: product < 2^83 <= 2^(shift - 1)
      } else {
        scaled = product >> shift
        if shift > 0 {
          let rest = product & ((1 << shift) - 1)
          let half: UInt128 = 1 << (shift - 1)
          if rest > half || (rest == half && scaled & 1 == 1) { scaled += 1 }
        }
      }
    }
    // Below 2^53 + 1: a whole number of one machine word.
    let whole = UInt(scaled / UInt128(scale))
    let fraction = UInt64(scaled % UInt128(scale))
    // A sign, up to 16 digits before the point (below 2^53), the point and the decimals.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
      var end = 0
      if value.sign == .minus {
        buffer[0] = UInt8(ascii: "-")
        end = 1
      }
      guard let base = buffer.baseAddress else { return body(nil) }
      end += ByteBuffer.writeDigits(whole, at: base + end)
      if digits > 0 {
        buffer[end] = UInt8(ascii: ".")
        var decimals = fraction
        for position in stride(from: end + digits, to: end, by: -1) {
          buffer[position] = 0x30 + UInt8(decimals % 10)
          decimals /= 10
        }
        end += digits + 1
      }
      return body(UnsafeBufferPointer(rebasing: buffer[0..<end]))
    }
  }
}
