/// Linux "cooked" capture headers, written by `tcpdump -i any`.
///
///     SLL (16 bytes):  packet type (2) | ARPHRD (2) | address length (2) | address (8) | protocol (2)
///     SLL2 (20 bytes): protocol (2) | reserved (2) | interface index (4) | ARPHRD (2) |
///                      packet type (1) | address length (1) | address (8)
///
/// The protocol field is an EtherType, except for a few Linux values below 0x0600 (802.2 LLC = 4).
struct LinuxCookedHeader {
  /// The payload's EtherType.
  var etherType: EtherType
  /// Where the payload starts.
  var payloadOffset: Int

  init(parsing span: RawSpan, at offset: Int, version: Int) throws(DecodeError) {
    let layer: Layer = version == 2 ? .linuxCooked2 : .linuxCooked
    let length = version == 2 ? 20 : 16
    try span.require(length, at: offset, layer: layer)
    let protocolValue = span.u16(version == 2 ? offset : offset + 14)
    payloadOffset = offset + length
    if protocolValue == 0x0004 {
      (etherType, payloadOffset) = try EthernetHeader.logicalLinkControl(span, at: payloadOffset)
    } else if protocolValue < 0x0600 {
      etherType = EtherType(rawValue: 0)
    } else {
      etherType = EtherType(rawValue: protocolValue)
    }
  }
}

/// BSD loopback headers: a 4-byte address family, in the writer's byte order (NULL) or network
/// order (LOOP). Values: 2 is IPv4; 10, 24, 28 and 30 are IPv6 on Linux and the BSDs.
struct LoopbackHeader {
  /// The EtherType equivalent of the address family (0 if it is neither IPv4 nor IPv6).
  var etherType: EtherType

  init(parsing span: RawSpan, at offset: Int, networkOrder: Bool) throws(DecodeError) {
    try span.require(4, at: offset, layer: .null)
    var family = span.u32(offset)
    // NULL is in the capturing host's order: a family is small, so a value with its low half
    // empty was written little-endian.
    if !networkOrder && family & 0xFFFF == 0 { family = family.byteSwapped }
    switch family {
    case 2: etherType = .ipv4
    case 10, 24, 28, 30: etherType = .ipv6
    default: etherType = EtherType(rawValue: 0)
    }
  }
}

/// PPP (RFC 1661), optionally in HDLC-like framing (RFC 1662: address 0xFF, control 0x03), with a
/// one-byte protocol field when it is compressed (odd first byte). 0x0021 is IPv4, 0x0057 IPv6.
struct PPPHeader {
  /// The EtherType equivalent of the PPP protocol (0 for LCP, IPCP and other control protocols).
  var etherType: EtherType
  /// Where the payload starts.
  var payloadOffset: Int

  init(parsing span: RawSpan, at offset: Int) throws(DecodeError) {
    try span.require(2, at: offset, layer: .ppp)
    var next = offset
    if span.byte(next) == 0xFF && span.byte(next + 1) == 0x03 { next += 2 }
    try span.require(1, at: next, layer: .ppp)
    let protocolValue: UInt16
    if span.byte(next) & 1 == 1 {
      protocolValue = UInt16(span.byte(next))
      next += 1
    } else {
      try span.require(2, at: next, layer: .ppp)
      protocolValue = span.u16(next)
      next += 2
    }
    switch protocolValue {
    case 0x0021: etherType = .ipv4
    case 0x0057: etherType = .ipv6
    default: etherType = EtherType(rawValue: 0)
    }
    payloadOffset = next
  }
}

/// Linux NFLOG messages: a 4-byte header (family, version, resource id) and then TLVs of
/// `length (2) | type (2) | value`, in the capturing host's byte order, padded to 4 bytes. The
/// packet itself is the NFULA_PAYLOAD TLV (type 9). See tcpdump's print-nflog.c.
struct NFLOGHeader {
  /// IPv4 or IPv6 from the header's address family (2 or 10); 0 for anything else.
  var etherType: EtherType
  /// Where the packet payload starts, or `nil` when the message carries no payload TLV.
  var payloadOffset: Int?
  /// How long the payload TLV's value is.
  var payloadLength: Int

  init(parsing span: RawSpan, at offset: Int) throws(DecodeError) {
    try span.require(4, at: offset, layer: .nflog)
    switch span.byte(offset) {
    case 2: etherType = .ipv4
    case 10: etherType = .ipv6
    default: etherType = EtherType(rawValue: 0)
    }
    payloadOffset = nil
    payloadLength = 0
    var next = offset + 4
    while span.byteCount - next >= 4 {
      let length = Int(span.u16LittleEndian(next))
      let type = span.u16LittleEndian(next + 2) & 0x7FFF
      guard length >= 4 else {
        throw .malformed(layer: .nflog, field: "tlv length", value: length, offset: next)
      }
      if type == 9 {
        try span.require(length, at: next, layer: .nflog)
        payloadOffset = next + 4
        payloadLength = length - 4
        return
      }
      next += (length + 3) & ~3
    }
    if next < span.byteCount {
      throw .truncated(layer: .nflog, needed: 4, available: span.byteCount - next, offset: next)
    }
  }
}
