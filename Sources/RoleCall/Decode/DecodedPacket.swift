/// What the decoder found in one packet: the layers it got through and, if it stopped early, why.
///
/// Plain scalars only, filled in place by `PacketDecoder` and reused for every packet, so
/// decoding allocates nothing (gopacket's `DecodingLayerParser`, etherparse's `LaxSlicedPacket`).
public struct DecodedPacket: Sendable {
  /// What the network layer of the packet is.
  public enum Network: UInt8, Sendable {
    /// The link layer was not decoded (truncated, malformed or unsupported link type).
    case none
    /// IPv4 or IPv6 (see `ipVersion`).
    case ip
    /// ARP or RARP.
    case arp
    /// Another EtherType or link protocol rolecall counts but does not follow (LLDP, STP, LCP, …).
    case other
    /// An 802.11 frame that carries no decodable payload (management, control, encrypted).
    case wireless
  }

  /// Hints read from the first payload bytes of well-known services, for the initiator rules.
  public enum ApplicationHint: UInt8, Sendable {
    case none, dnsQuery, dnsResponse
  }

  /// The link type the packet was decoded as.
  public var linkType = LinkType.ethernet
  /// Whether the link type is one rolecall decodes.
  public var linkSupported = true
  /// How many 802.1Q/802.1ad tags were stacked in front of the payload.
  public var vlanTags = 0
  /// The EtherType (or its equivalent for cooked, PPP and loopback headers) of the payload.
  public var etherType = EtherType(rawValue: 0)
  /// The network layer found.
  public var network = Network.none
  /// 4 or 6 when `network` is `.ip`.
  public var ipVersion: UInt8 = 0
  /// Source address of the IP header.
  public var source = IPAddress(ipv4: 0)
  /// Destination address of the IP header.
  public var destination = IPAddress(ipv4: 0)
  /// The transport protocol (after IPv6 extension headers).
  public var ipProtocol = IPProtocol(rawValue: 0)
  /// The IP packet's length on the wire as its header states it (header plus payload).
  public var ipLength = 0
  /// True when this IP packet is a fragment (offset > 0 or more-fragments set).
  public var isFragment = false
  /// Fragment offset in bytes (0 for the first fragment).
  public var fragmentOffset = 0
  /// The fragment identification (IPv4's 16 bits or IPv6's 32).
  public var fragmentID: UInt32 = 0
  /// Whether source and destination ports were read (TCP, UDP, SCTP first fragments).
  public var hasPorts = false
  /// Transport source port.
  public var sourcePort: UInt16 = 0
  /// Transport destination port.
  public var destinationPort: UInt16 = 0
  /// TCP flags (empty for other transports).
  public var tcpFlags = TCPFlags()
  /// TCP sequence number.
  public var tcpSequence: UInt32 = 0
  /// TCP acknowledgement number.
  public var tcpAcknowledgment: UInt32 = 0
  /// TCP receive window (unscaled).
  public var tcpWindow: UInt16 = 0
  /// ICMP or ICMPv6 type and code.
  public var icmpType: UInt8 = 0
  /// ICMP or ICMPv6 code.
  public var icmpCode: UInt8 = 0
  /// Transport payload length on the wire, from the headers' length fields.
  public var payloadLength = 0
  /// A hint from the application payload, if one was read.
  public var hint = ApplicationHint.none
  /// Why decoding stopped early, or `nil` if every layer present was decoded.
  public var stop: DecodeError?

  /// An empty result, ready to be filled.
  public init() {}
}

/// The TCP control flags (RFC 9293 §3.1, plus ECE/CWR from RFC 3168).
public struct TCPFlags: OptionSet, Sendable, Hashable {
  /// The flag bits as in the TCP header's 13th byte.
  public var rawValue: UInt8
  /// Makes flags from the header byte.
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let fin = TCPFlags(rawValue: 0x01)
  public static let syn = TCPFlags(rawValue: 0x02)
  public static let rst = TCPFlags(rawValue: 0x04)
  public static let psh = TCPFlags(rawValue: 0x08)
  public static let ack = TCPFlags(rawValue: 0x10)
  public static let urg = TCPFlags(rawValue: 0x20)
  public static let ece = TCPFlags(rawValue: 0x40)
  public static let cwr = TCPFlags(rawValue: 0x80)
}
