/// An EtherType: what the payload of a link-layer frame is (IEEE 802 numbers).
public struct EtherType: RawRepresentable, Hashable, Comparable, Sendable {
  /// The 16-bit EtherType value.
  public var rawValue: UInt16
  /// Makes an EtherType from its value.
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// IPv4 (ETHERTYPE_IP, 0x0800).
  public static let ipv4 = EtherType(rawValue: 0x0800)
  /// ARP (ETHERTYPE_ARP, 0x0806).
  public static let arp = EtherType(rawValue: 0x0806)
  /// IEEE 802.1Q VLAN tag (ETHERTYPE_VLAN, 0x8100).
  public static let vlan = EtherType(rawValue: 0x8100)
  /// IPv6 (ETHERTYPE_IPV6, 0x86DD).
  public static let ipv6 = EtherType(rawValue: 0x86DD)
  /// IEEE 802.1ad service tag, QinQ outer tag (0x88A8).
  public static let serviceVLAN = EtherType(rawValue: 0x88A8)
  /// The pre-standard QinQ tag some switches use (0x9100).
  public static let qinq = EtherType(rawValue: 0x9100)

  /// Whether this value introduces a VLAN tag rather than a payload.
  @inline(__always)
  var isVLANTag: Bool { self == .vlan || self == .serviceVLAN || self == .qinq }

  public static func < (lhs: EtherType, rhs: EtherType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An IP protocol number: what an IPv4 or IPv6 packet carries (IANA "Protocol Numbers").
public struct IPProtocol: RawRepresentable, Hashable, Comparable, Sendable {
  /// The 8-bit protocol number.
  public var rawValue: UInt8
  /// Makes a protocol from its number.
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// IPv6 hop-by-hop options (0).
  public static let hopByHop = IPProtocol(rawValue: 0)
  /// ICMP (1).
  public static let icmp = IPProtocol(rawValue: 1)
  /// IGMP (2).
  public static let igmp = IPProtocol(rawValue: 2)
  /// TCP (6).
  public static let tcp = IPProtocol(rawValue: 6)
  /// UDP (17).
  public static let udp = IPProtocol(rawValue: 17)
  /// IPv6 routing header (43).
  public static let routing = IPProtocol(rawValue: 43)
  /// IPv6 fragment header (44).
  public static let fragment = IPProtocol(rawValue: 44)
  /// GRE (47).
  public static let gre = IPProtocol(rawValue: 47)
  /// ESP (50).
  public static let esp = IPProtocol(rawValue: 50)
  /// Authentication header (51).
  public static let authentication = IPProtocol(rawValue: 51)
  /// ICMPv6 (58).
  public static let icmpv6 = IPProtocol(rawValue: 58)
  /// No next header (59).
  public static let noNextHeader = IPProtocol(rawValue: 59)
  /// IPv6 destination options (60).
  public static let destinationOptions = IPProtocol(rawValue: 60)
  /// SCTP (132).
  public static let sctp = IPProtocol(rawValue: 132)

  /// The name used in output: `tcp`, `udp`, `icmp`, `icmp6`, … or `ip-proto-N`.
  public var name: String {
    switch self {
    case .icmp: "icmp"
    case .igmp: "igmp"
    case .tcp: "tcp"
    case .udp: "udp"
    case .gre: "gre"
    case .esp: "esp"
    case .icmpv6: "icmp6"
    case .sctp: "sctp"
    default: "ip-proto-\(rawValue)"
    }
  }

  public static func < (lhs: IPProtocol, rhs: IPProtocol) -> Bool { lhs.rawValue < rhs.rawValue }
}
