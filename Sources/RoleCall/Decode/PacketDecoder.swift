/// Walks one captured packet from its link layer down to the transport header, filling a reused
/// `DecodedPacket` and counting every stop in `stats`.
///
/// One decoder serves a whole capture and allocates nothing per packet. A bad packet never
/// throws past it: decoding stops at the failing layer, keeps what it had, and records why
/// (Zeek's weirds, etherparse's `LaxSlicedPacket`).
public struct PacketDecoder: Sendable {
  /// Decode problems so far, per layer and kind.
  public private(set) var stats = DecodeStats()

  /// Makes a decoder with empty counters.
  public init() {}

  /// Decodes `packet` into `result`, overwriting everything in it.
  public mutating func decode(_ packet: borrowing CapturedPacket, into result: inout DecodedPacket)
  {
    result = DecodedPacket()
    result.linkType = packet.linkType
    // The one place a packet's borrowed bytes become a span; it lives only for this call.
    let span = RawSpan(_unsafeBytes: packet.bytes)
    do throws(DecodeError) {
      try decodeLink(span, originalLength: packet.originalLength, into: &result)
    } catch {
      result.stop = error
      stats.record(error)
    }
  }

  private func decodeLink(
    _ span: RawSpan, originalLength: Int, into result: inout DecodedPacket
  ) throws(DecodeError) {
    var etherType: EtherType
    var offset = 0
    switch result.linkType {
    case .ethernet:
      let header = try EthernetHeader(parsing: span, at: 0)
      (etherType, offset, result.vlanTags) = (header.etherType, header.payloadOffset, header.tags)
    case .linuxCooked, .linuxCooked2:
      let header = try LinuxCookedHeader(
        parsing: span, at: 0, version: result.linkType == .linuxCooked2 ? 2 : 1)
      (etherType, offset) = (header.etherType, header.payloadOffset)
    case .null, .loop:
      etherType = try LoopbackHeader(parsing: span, at: 0, networkOrder: result.linkType == .loop)
        .etherType
      offset = 4
    case .raw, .ipv4, .ipv6, LinkType(rawValue: 12), LinkType(rawValue: 14):
      try span.require(1, at: 0, layer: .ipv4)
      switch span.byte(0) >> 4 {
      case 4: etherType = .ipv4
      case 6: etherType = .ipv6
      default:
        throw .malformed(layer: .ipv4, field: "version", value: Int(span.byte(0) >> 4), offset: 0)
      }
    case .ppp, .pppHDLC:
      let header = try PPPHeader(parsing: span, at: 0)
      (etherType, offset) = (header.etherType, header.payloadOffset)
    case .nflog:
      let header = try NFLOGHeader(parsing: span, at: 0)
      guard let start = header.payloadOffset else {
        result.network = .other
        return
      }
      etherType = header.etherType
      offset = start
    case .ieee80211, .ieee80211Radiotap:
      if result.linkType == .ieee80211Radiotap {
        offset = try RadiotapHeader(parsing: span, at: 0).payloadOffset
      }
      let header = try IEEE80211Header(parsing: span, at: offset)
      guard let type = header.etherType else {
        result.network = .wireless
        return
      }
      (etherType, offset) = (type, header.payloadOffset)
    default:
      result.linkSupported = false
      return
    }
    result.etherType = etherType
    switch etherType {
    case .ipv4, .ipv6:
      result.network = .ip
      try decodeIP(span, at: offset, wireLength: originalLength - offset, into: &result)
    case .arp, EtherType(rawValue: 0x8035):
      result.network = .arp
    default:
      result.network = .other
    }
  }

  private func decodeIP(
    _ span: RawSpan, at offset: Int, wireLength: Int, into result: inout DecodedPacket
  )
    throws(DecodeError)
  {
    let transportOffset: Int
    let ipEnd: Int
    if result.etherType == .ipv4 {
      result.ipVersion = 4
      let header = try IPv4Header(parsing: span, at: offset, wireLength: wireLength)
      result.source = IPAddress(ipv4: header.source)
      result.destination = IPAddress(ipv4: header.destination)
      result.ipProtocol = header.ipProtocol
      result.ipLength = header.totalLength
      result.isFragment = header.fragmentOffset > 0 || header.moreFragments
      result.fragmentOffset = header.fragmentOffset
      result.fragmentID = UInt32(header.identification)
      transportOffset = offset + header.headerLength
      ipEnd = offset + header.totalLength
    } else {
      result.ipVersion = 6
      let header = try IPv6Header(parsing: span, at: offset, wireLength: wireLength)
      result.source = IPAddress(ipv6High: header.sourceHigh, low: header.sourceLow)
      result.destination = IPAddress(ipv6High: header.destinationHigh, low: header.destinationLow)
      result.ipProtocol = header.ipProtocol
      result.ipLength = header.totalLength
      result.isFragment = header.isFragment
      result.fragmentOffset = header.fragmentOffset
      result.fragmentID = header.fragmentID
      transportOffset = header.payloadOffset
      ipEnd = offset + header.totalLength
    }
    let ipPayload = ipEnd - transportOffset
    result.payloadLength = max(0, ipPayload)
    if result.fragmentOffset > 0 { return }
    // Bytes past the IP packet's end (Ethernet padding) belong to no upper layer.
    let limited = span.extracting(0..<min(span.byteCount, max(ipEnd, transportOffset)))
    try decodeTransport(limited, at: transportOffset, ipPayload: ipPayload, into: &result)
  }

  private func decodeTransport(
    _ span: RawSpan, at offset: Int, ipPayload: Int, into result: inout DecodedPacket
  )
    throws(DecodeError)
  {
    switch result.ipProtocol {
    case .tcp:
      let header = try TCPHeader(parsing: span, at: offset)
      result.hasPorts = true
      result.sourcePort = header.sourcePort
      result.destinationPort = header.destinationPort
      result.tcpFlags = header.flags
      result.tcpSequence = header.sequence
      result.tcpAcknowledgment = header.acknowledgment
      result.tcpWindow = header.window
      guard header.headerLength <= ipPayload || result.isFragment else {
        throw .malformed(
          layer: .tcp, field: "data offset", value: header.headerLength, offset: offset + 12)
      }
      result.payloadLength = max(0, ipPayload - header.headerLength)
      try span.require(header.headerLength, at: offset, layer: .tcp)
    case .udp:
      let header = try UDPHeader(parsing: span, at: offset)
      result.hasPorts = true
      result.sourcePort = header.sourcePort
      result.destinationPort = header.destinationPort
      guard header.length >= 8 || (header.length == 0 && ipPayload > 65_535) else {
        throw .malformed(layer: .udp, field: "length", value: header.length, offset: offset + 4)
      }
      result.payloadLength = max(
        0, min(header.length == 0 ? ipPayload : header.length, ipPayload) - 8)
      if PacketDecoder.isDNSPort(header.sourcePort)
        || PacketDecoder.isDNSPort(header.destinationPort),
        span.byteCount - offset >= 11
      {
        result.hint = span.byte(offset + 10) & 0x80 != 0 ? .dnsResponse : .dnsQuery
      }
    case .icmp, .icmpv6:
      let header = try ICMPHeader(
        parsing: span, at: offset, layer: result.ipProtocol == .icmp ? .icmp : .icmpv6)
      result.icmpType = header.type
      result.icmpCode = header.code
      result.payloadLength = max(0, ipPayload - 4)
    case .sctp:
      try span.require(4, at: offset, layer: .udp)
      result.hasPorts = true
      result.sourcePort = span.u16(offset)
      result.destinationPort = span.u16(offset + 2)
    default:
      break
    }
  }

  @inline(__always)
  private static func isDNSPort(_ port: UInt16) -> Bool {
    port == 53 || port == 5353 || port == 5355
  }
}
