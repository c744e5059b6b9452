/// A capture's link-layer header type: the LINKTYPE_ value written in pcap and pcapng files.
///
/// An open set in the swift-system `Errno` style, so an unknown value read from a file is kept and
/// named by its number instead of trapping. See <https://www.tcpdump.org/linktypes.html>.
public struct LinkType: RawRepresentable, Hashable, Comparable, Sendable {
  /// The LINKTYPE_ number.
  public var rawValue: UInt32

  /// Makes a link type from its LINKTYPE_ number.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// BSD loopback: a 4-byte address family in the writer's byte order (LINKTYPE_NULL, 0).
  public static let null = LinkType(rawValue: 0)
  /// Ethernet II and 802.3 (LINKTYPE_ETHERNET, 1).
  public static let ethernet = LinkType(rawValue: 1)
  /// PPP in HDLC-like framing or bare (LINKTYPE_PPP, 9).
  public static let ppp = LinkType(rawValue: 9)
  /// PPP in HDLC framing, RFC 1662 (LINKTYPE_PPP_HDLC, 50).
  public static let pppHDLC = LinkType(rawValue: 50)
  /// Raw IP, version read from the first nibble (LINKTYPE_RAW, 101; DLT_RAW is 12 or 14 on some systems).
  public static let raw = LinkType(rawValue: 101)
  /// IEEE 802.11 without a radio header (LINKTYPE_IEEE802_11, 105).
  public static let ieee80211 = LinkType(rawValue: 105)
  /// OpenBSD loopback: a 4-byte address family in network byte order (LINKTYPE_LOOP, 108).
  public static let loop = LinkType(rawValue: 108)
  /// Linux cooked capture v1, `tcpdump -i any` before libpcap 1.10 (LINKTYPE_LINUX_SLL, 113).
  public static let linuxCooked = LinkType(rawValue: 113)
  /// IEEE 802.11 with a radiotap header (LINKTYPE_IEEE802_11_RADIOTAP, 127).
  public static let ieee80211Radiotap = LinkType(rawValue: 127)
  /// Raw IPv4 (LINKTYPE_IPV4, 228).
  public static let ipv4 = LinkType(rawValue: 228)
  /// Raw IPv6 (LINKTYPE_IPV6, 229).
  public static let ipv6 = LinkType(rawValue: 229)
  /// Linux netfilter NFLOG messages (LINKTYPE_NFLOG, 239).
  public static let nflog = LinkType(rawValue: 239)
  /// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276).
  public static let linuxCooked2 = LinkType(rawValue: 276)

  /// The short name tcpdump and the LINKTYPE_ list use, or `linktype-N` for one rolecall does not know.
  public var name: String {
    switch self {
    case .null: "null"
    case .ethernet: "ethernet"
    case .ppp: "ppp"
    case .pppHDLC: "ppp-hdlc"
    case .raw, LinkType(rawValue: 12), LinkType(rawValue: 14): "raw"
    case .ieee80211: "ieee802-11"
    case .loop: "loop"
    case .linuxCooked: "linux-sll"
    case .ieee80211Radiotap: "ieee802-11-radiotap"
    case .ipv4: "ipv4"
    case .ipv6: "ipv6"
    case .nflog: "nflog"
    case .linuxCooked2: "linux-sll2"
    case LinkType(rawValue: 7): "arcnet-bsd"
    case LinkType(rawValue: 129): "arcnet-linux"
    case LinkType(rawValue: 242): "ipoib"
    default: "linktype-\(rawValue)"
    }
  }

  public static func < (lhs: LinkType, rhs: LinkType) -> Bool { lhs.rawValue < rhs.rawValue }
}
