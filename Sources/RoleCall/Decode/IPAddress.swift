/// An IPv4 or IPv6 address held inline (no heap), so flow keys stay plain values.
///
/// The 128 bits are kept in network order as two words; an IPv4 address sits in the low 32 bits
/// with `version` 4, so the two families never collide (gopacket's fixed-size endpoint lesson).
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The high 64 bits of an IPv6 address (0 for IPv4).
  public var high: UInt64
  /// The low 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits.
  public var low: UInt64
  /// 4 or 6.
  public var version: UInt8

  /// An IPv4 address from its 32-bit value in host order (e.g. `0x0A00_0001` is 10.0.0.1).
  public init(ipv4 value: UInt32) {
    high = 0
    low = UInt64(value)
    version = 4
  }

  /// An IPv6 address from its two 64-bit halves in host order.
  public init(ipv6High high: UInt64, low: UInt64) {
    self.high = high
    self.low = low
    version = 6
  }

  /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text; `nil` if it is neither.
  public init?(_ text: some StringProtocol) {
    if text.contains(":") {
      guard let parsed = IPAddress.parseIPv6(Substring(text)) else { return nil }
      self = parsed
    } else {
      let parts = text.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count == 4 else { return nil }
      var value: UInt32 = 0
      for part in parts {
        guard !part.isEmpty, part.count <= 3, let octet = UInt8(part) else { return nil }
        value = value << 8 | UInt32(octet)
      }
      self.init(ipv4: value)
    }
  }

  /// The IPv4 address as a 32-bit value, or `nil` for IPv6.
  public var ipv4Value: UInt32? { version == 4 ? UInt32(truncatingIfNeeded: low) : nil }

  /// Whether this is a multicast or limited-broadcast destination (224/4, 255.255.255.255, ff00::/8).
  public var isMulticastOrBroadcast: Bool {
    if version == 4 {
      let value = UInt32(truncatingIfNeeded: low)
      return value >> 28 == 0xE || value == 0xFFFF_FFFF
    }
    return high >> 56 == 0xFF
  }

  public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
    (lhs.version, lhs.high, lhs.low) < (rhs.version, rhs.high, rhs.low)
  }

  /// Dotted quad for IPv4, RFC 5952 text (longest zero run compressed, lower case) for IPv6.
  ///
  /// Written byte by byte into the string's own storage (at most 39 bytes; an IPv4 address fits
  /// a small string, so it allocates nothing): reports write one per endpoint of every flow.
  public var description: String {
    String(unsafeUninitializedCapacity: version == 4 ? 15 : Self.longestText) { buffer in
      write(to: buffer, at: 0)
    }
  }

  /// The most bytes `description` has (a full IPv6 address).
  static let longestText = 39

  /// The bytes of `description`, without making it.
  var textLength: Int {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.longestText) {
      write(to: $0, at: 0)
    }
  }

  /// Writes `description` into `buffer` from `at`, which has room for `longestText` bytes, and
  /// returns the number of bytes written.
  func write(to buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
    if version == 4 {
      let value = UInt32(truncatingIfNeeded: low)
      var count = start
      count += IPAddress.writeDecimal(UInt8(truncatingIfNeeded: value >> 24), buffer, count)
      for shift: UInt32 in stride(from: 16, through: 0, by: -8) {
        buffer[count] = UInt8(ascii: ".")
        count += 1
        count += IPAddress.writeDecimal(UInt8(truncatingIfNeeded: value >> shift), buffer, count)
      }
      return count - start
    }
    // The longest run of two or more zero groups, the first one on a tie.
    var bestStart = -1
    var bestLength = 1
    var index = 0
    while index < 8 {
      if group(index) == 0 {
        var end = index
        while end < 8 && group(end) == 0 { end += 1 }
        if end - index > bestLength {
          bestStart = index
          bestLength = end - index
        }
        index = end
      } else {
        index += 1
      }
    }
    var count = start
    index = 0
    while index < 8 {
      if index == bestStart {
        buffer[count] = UInt8(ascii: ":")
        buffer[count + 1] = UInt8(ascii: ":")
        count += 2
        index += bestLength
        continue
      }
      if index > 0 && index != bestStart + bestLength {
        buffer[count] = UInt8(ascii: ":")
        count += 1
      }
      count += IPAddress.writeHex(group(index), buffer, count)
      index += 1
    }
    return count - start
  }

  /// The 16-bit group `index` (0 to 7) of an IPv6 address.
  @inline(__always)
  private func group(_ index: Int) -> UInt16 {
    UInt16(truncatingIfNeeded: (index < 4 ? high : low) >> UInt64((3 - index % 4) * 16))
  }

  @inline(__always)
  private static func writeDecimal(
    _ value: UInt8, _ buffer: UnsafeMutableBufferPointer<UInt8>, _ at: Int
  ) -> Int {
    if value >= 100 {
      buffer[at] = 48 + value / 100
      buffer[at + 1] = 48 + value / 10 % 10
      buffer[at + 2] = 48 + value % 10
      return 3
    }
    if value >= 10 {
      buffer[at] = 48 + value / 10
      buffer[at + 1] = 48 + value % 10
      return 2
    }
    buffer[at] = 48 + value
    return 1
  }

  @inline(__always)
  private static func writeHex(
    _ value: UInt16, _ buffer: UnsafeMutableBufferPointer<UInt8>, _ at: Int
  ) -> Int {
    var digits = 1
    while digits < 4 && value >> UInt16(digits * 4) != 0 { digits += 1 }
    for digit in 0..<digits {
      let nibble = UInt8(truncatingIfNeeded: value >> UInt16((digits - 1 - digit) * 4)) & 0xF
      buffer[at + digit] = nibble < 10 ? 48 + nibble : 87 + nibble
    }
    return digits
  }

  private static func parseIPv6(_ text: Substring) -> IPAddress? {
    var groups: [UInt16] = []
    var tail: [UInt16] = []
    var sawGap = false
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    func parse(_ part: Substring, into list: inout [UInt16]) -> Bool {
      if part.isEmpty { return true }
      for field in part.split(separator: ":", omittingEmptySubsequences: false) {
        if field.contains(".") {
          guard let v4 = IPAddress(field), let value = v4.ipv4Value else { return false }
          list.append(UInt16(value >> 16))
          list.append(UInt16(value & 0xFFFF))
        } else {
          guard !field.isEmpty, field.count <= 4, let value = UInt16(field, radix: 16) else {
            return false
          }
          list.append(value)
        }
      }
      return true
    }
    guard parse(Substring(halves[0]), into: &groups) else { return nil }
    if halves.count == 2 {
      sawGap = true
      guard parse(Substring(halves[1]), into: &tail) else { return nil }
    }
    let missing = 8 - groups.count - tail.count
    if sawGap {
      guard missing >= 1 else { return nil }
      groups += [UInt16](repeating: 0, count: missing) + tail
    } else {
      guard missing == 0 else { return nil }
    }
    let high = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
    let low = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
    return IPAddress(ipv6High: high, low: low)
  }
}

extension StringProtocol {
  fileprivate func components(separatedBy separator: String) -> [Substring] {
    var parts: [Substring] = []
    var rest = Substring(self)
    while let range = rest.firstRange(of: separator) {
      parts.append(rest[..<range.lowerBound])
      rest = rest[range.upperBound...]
    }
    parts.append(rest)
    return parts
  }
}
