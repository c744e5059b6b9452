/// A TCP header (RFC 9293), options skipped.
///
///     |          source port          |       destination port        |
///     |                        sequence number                        |
///     |                    acknowledgment number                      |
///     | offset| rsvd  |     flags     |            window             |
///     |           checksum            |        urgent pointer         |
///     |                    options (offset > 5) …                     |
struct TCPHeader {
  var sourcePort: UInt16
  var destinationPort: UInt16
  var sequence: UInt32
  var acknowledgment: UInt32
  var flags: TCPFlags
  var window: UInt16
  var headerLength: Int

  /// Inlined, so that the fields stay in registers rather than coming back through memory.
  @inline(__always)
  init(parsing span: RawSpan, at offset: Int) throws(DecodeError) {
    try span.require(20, at: offset, layer: .tcp)
    sourcePort = span.u16(offset)
    destinationPort = span.u16(offset + 2)
    sequence = span.u32(offset + 4)
    acknowledgment = span.u32(offset + 8)
    headerLength = Int(span.byte(offset + 12) >> 4) * 4
    flags = TCPFlags(rawValue: span.byte(offset + 13))
    window = span.u16(offset + 14)
    guard headerLength >= 20 else {
      throw .malformed(layer: .tcp, field: "data offset", value: headerLength, offset: offset + 12)
    }
  }
}

/// A UDP header (RFC 768): source port | destination port | length | checksum, 2 bytes each.
struct UDPHeader {
  var sourcePort: UInt16
  var destinationPort: UInt16
  var length: Int

  init(parsing span: RawSpan, at offset: Int) throws(DecodeError) {
    try span.require(8, at: offset, layer: .udp)
    sourcePort = span.u16(offset)
    destinationPort = span.u16(offset + 2)
    length = Int(span.u16(offset + 4))
  }
}

/// The first word of an ICMP (RFC 792) or ICMPv6 (RFC 4443) message: type | code | checksum.
struct ICMPHeader {
  var type: UInt8
  var code: UInt8

  init(parsing span: RawSpan, at offset: Int, layer: Layer) throws(DecodeError) {
    try span.require(4, at: offset, layer: layer)
    type = span.byte(offset)
    code = span.byte(offset + 1)
  }
}
