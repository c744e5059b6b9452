/// Registered service ports, from the services list Debian ships (see the generated table).
///
/// The registered-service gate: a connection accepted on one of these (or on a system port below
/// 1024) is client/server unless a peer-to-peer pattern says otherwise.
enum RegisteredPorts {
  private static let tcpNames = Dictionary(tcpEntries, uniquingKeysWith: { first, _ in first })
  private static let udpNames = Dictionary(udpEntries, uniquingKeysWith: { first, _ in first })

  /// The registered service name of `port`, if any.
  static func name(_ port: UInt16, transport: IPProtocol) -> String? {
    switch transport {
    case .tcp: tcpNames[port]
    case .udp: udpNames[port]
    default: nil
    }
  }

  /// One bit per port: registered over TCP, then over UDP (2 × 8 KiB, read without hashing).
  private static let registeredBits: [UInt64] = {
    var bits = [UInt64](repeating: 0, count: 2 * 1024)
    for (port, _) in tcpEntries { bits[Int(port) >> 6] |= 1 << UInt64(port & 63) }
    for (port, _) in udpEntries { bits[1024 + Int(port) >> 6] |= 1 << UInt64(port & 63) }
    return bits
  }()

  /// Whether `port` has a registered name over `transport` (`name(_:transport:) != nil`).
  static func isRegistered(_ port: UInt16, transport: IPProtocol) -> Bool {
    let base: Int
    switch transport {
    case .tcp: base = 0
    case .udp: base = 1024
    default: return false
    }
    return registeredBits[base + Int(port) >> 6] & (1 << UInt64(port & 63)) != 0
  }

  /// Whether `port` looks like a service: a system port (< 1024) or a registered one.
  static func isServiceLike(_ port: UInt16, transport: IPProtocol) -> Bool {
    port < 1024 || isRegistered(port, transport: transport)
  }

  /// Ports of services that commonly run over both TCP and UDP, so that a host pair using both
  /// on them says nothing about peers (Karagiannis et al.'s exclusions, roles.md §4).
  static let dualTransportServices: Set<UInt16> = [
    53, 67, 68, 80, 123, 135, 136, 137, 138, 139, 161, 162, 443, 445, 500, 514, 1900, 3478, 3479,
    4500, 5349, 5353, 19302,
  ]

  /// `dualTransportServices.contains(port)`, without hashing.
  static func isDualTransportService(_ port: UInt16) -> Bool {
    switch port {
    case 53, 67, 68, 80, 123, 135, 136, 137, 138, 139, 161, 162, 443, 445, 500, 514, 1900, 3478,
      3479, 4500, 5349, 5353, 19302:
      true
    default: false
    }
  }
}
