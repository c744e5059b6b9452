/// Ports on which the listening side is almost always the server: the list Zeek fills from its
/// analyzers' registered ports (`likely_server_ports`), in rolecall's own selection.
///
/// Used only when no handshake says who opened a flow; the answer is then marked `inferred`.
/// Source: the ports Zeek's base analyzers register (scripts/base/protocols/*/main.zeek), plus
/// the common services of a teaching lab (DNS, mail, web, file sharing, databases).
enum LikelyServerPorts {
  static let tcp: [UInt16] = [
    20, 21, 22, 23, 25, 53, 79, 80, 81, 88, 110, 111, 113, 119, 135, 139, 143, 179, 389, 443, 445,
    465, 502, 513, 514, 515, 543, 544, 548, 554, 563, 587, 631, 636, 873, 990, 992, 993, 994, 995,
    1080, 1194, 1433, 1521, 1723, 1883, 2049, 2082, 2083, 2181, 2375, 2376, 3128, 3268, 3306, 3389,
    3690, 4369, 5060, 5061, 5222, 5223, 5269, 5432, 5671, 5672, 5900, 5985, 5986, 6379, 6443, 6667,
    8000, 8008, 8080, 8081, 8088, 8443, 8888, 9000, 9042, 9092, 9200, 9418, 11211, 27017,
  ]

  static let udp: [UInt16] = [
    53, 67, 69, 88, 111, 123, 137, 138, 161, 162, 389, 443, 500, 514, 520, 547, 623, 1194, 1812,
    1813, 1900, 2049, 3478, 4500, 5060, 5353, 5355, 11211,
  ]

  /// One bit per port for each transport, built once.
  private static let tcpBits = bitmap(tcp)
  private static let udpBits = bitmap(udp)

  private static func bitmap(_ ports: [UInt16]) -> [UInt64] {
    var bits = [UInt64](repeating: 0, count: 1024)
    for port in ports { bits[Int(port) >> 6] |= 1 << UInt64(port & 63) }
    return bits
  }

  /// Whether `port` is a likely server port for `transport`.
  @inline(__always)
  static func contains(_ port: UInt16, transport: IPProtocol) -> Bool {
    let bits: [UInt64]
    switch transport {
    case .tcp: bits = tcpBits
    case .udp: bits = udpBits
    default: return false
    }
    return bits[Int(port) >> 6] & (1 << UInt64(port & 63)) != 0
  }
}
