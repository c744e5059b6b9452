/// One side of a conversation: an address, and a port when the transport has ports.
public struct Endpoint: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The host's address.
  public var address: IPAddress
  /// The port, or `nil` for transports without ports (ICMP, IGMP, …).
  public var port: UInt16?

  /// Makes an endpoint.
  public init(address: IPAddress, port: UInt16?) {
    self.address = address
    self.port = port
  }

  public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
    (lhs.address, lhs.port ?? 0) < (rhs.address, rhs.port ?? 0)
  }

  /// `10.0.0.1:80`, `[2001:db8::1]:443`, or the bare address without a port.
  public var description: String {
    guard let port else { return address.description }
    return address.version == 6 ? "[\(address)]:\(port)" : "\(address):\(port)"
  }
}

/// Which endpoint of a canonical flow key a packet or fact belongs to.
public enum Side: UInt8, Sendable, Codable {
  /// The lower endpoint of the key.
  case a = 0
  /// The higher endpoint of the key.
  case b = 1

  /// The other side.
  @inline(__always)
  public var opposite: Side { self == .a ? .b : .a }

  /// Both sides, A first: one array for every loop over the two (an array literal in a loop
  /// body is allocated on each pass).
  static let both: [Side] = [.a, .b]
}

/// The canonical bidirectional 5-tuple: both directions of a conversation map to one key, the
/// lower endpoint first (gopacket's symmetric `Flow`). Who initiated is a separate fact on `Flow`.
///
/// 40 bytes of plain words, hashed with a cheap multiply-xorshift mix.
public struct FlowKey: Hashable, Sendable {
  var aHigh: UInt64
  var aLow: UInt64
  var bHigh: UInt64
  var bLow: UInt64
  var aPort: UInt16
  var bPort: UInt16
  var protocolNumber: UInt8
  var version: UInt8
  /// Whether the transport has ports (false keys ICMP and friends by address pair only).
  var hasPorts: Bool

  /// Makes the key of a packet from `source` to `destination` and says which side sent it.
  @inline(__always)
  static func make(
    source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16,
    ipProtocol: IPProtocol, hasPorts: Bool
  ) -> (FlowKey, Side) {
    let sourceFirst =
      (source.high, source.low, sourcePort) <= (destination.high, destination.low, destinationPort)
    let (lower, lowerPort, upper, upperPort) =
      sourceFirst
      ? (source, sourcePort, destination, destinationPort)
      : (destination, destinationPort, source, sourcePort)
    return (
      FlowKey(
        aHigh: lower.high, aLow: lower.low, bHigh: upper.high, bLow: upper.low, aPort: lowerPort,
        bPort: upperPort, protocolNumber: ipProtocol.rawValue, version: source.version,
        hasPorts: hasPorts),
      sourceFirst ? .a : .b
    )
  }

  /// The transport protocol.
  public var ipProtocol: IPProtocol { IPProtocol(rawValue: protocolNumber) }

  /// The endpoint on `side`.
  public func endpoint(_ side: Side) -> Endpoint {
    let address =
      version == 4
      ? IPAddress(ipv4: UInt32(truncatingIfNeeded: side == .a ? aLow : bLow))
      : IPAddress(ipv6High: side == .a ? aHigh : bHigh, low: side == .a ? aLow : bLow)
    return Endpoint(address: address, port: hasPorts ? (side == .a ? aPort : bPort) : nil)
  }

  /// A 32-bit hash for the flow table: five words mixed as in the C reference.
  @inline(__always)
  var tableHash: UInt32 {
    @inline(__always) func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
      let mixed = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
      return mixed ^ mixed >> 32
    }
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
    hash = mix(hash, aHigh)
    hash = mix(hash, aLow)
    hash = mix(hash, bHigh)
    hash = mix(hash, bLow)
    hash = mix(hash, UInt64(aPort) | UInt64(bPort) << 16 | UInt64(protocolNumber) << 32)
    return UInt32(truncatingIfNeeded: hash)
  }
}

extension Endpoint {
  /// `Dictionary` and `Set` buckets without SipHash (see `TableHash`).
  public func _rawHashValue(seed: Int) -> Int {
    let port = self.port.map { UInt64($0) | 1 << 16 } ?? 0
    return TableHash.mix(seed, address.high, address.low, UInt64(address.version) << 32 | port)
  }
}
