/// An IPv4 header (RFC 791), options skipped.
///
///     0       4       8               16      19                      31
///     |version| IHL   |  DSCP/ECN     |        total length           |
///     |        identification         |flags|   fragment offset       |
///     |   TTL         |   protocol    |        header checksum        |
///     |                       source address                          |
///     |                    destination address                        |
///     |                    options (IHL > 5) …                        |
struct IPv4Header {
  var source: UInt32
  var destination: UInt32
  var ipProtocol: IPProtocol
  /// Header plus payload, from the total length field.
  var totalLength: Int
  var headerLength: Int
  var identification: UInt16
  var fragmentOffset: Int
  var moreFragments: Bool

  /// `wireLength` is what is left of the packet on the wire from `offset`; it stands in for a
  /// zero total length, which segmentation offload writes.
  ///
  /// Inlined, so that the fields stay in registers rather than coming back through memory.
  @inline(__always)
  init(parsing span: RawSpan, at offset: Int, wireLength: Int) throws(DecodeError) {
    try span.require(20, at: offset, layer: .ipv4)
    let first = span.byte(offset)
    guard first >> 4 == 4 else {
      throw .malformed(layer: .ipv4, field: "version", value: Int(first >> 4), offset: offset)
    }
    headerLength = Int(first & 0x0F) * 4
    guard headerLength >= 20 else {
      throw .malformed(layer: .ipv4, field: "header length", value: headerLength, offset: offset)
    }
    var length = Int(span.u16(offset + 2))
    if length == 0 { length = wireLength }
    guard length >= headerLength else {
      throw .malformed(layer: .ipv4, field: "total length", value: length, offset: offset + 2)
    }
    totalLength = length
    identification = span.u16(offset + 4)
    let fragment = span.u16(offset + 6)
    fragmentOffset = Int(fragment & 0x1FFF) * 8
    moreFragments = fragment & 0x2000 != 0
    ipProtocol = IPProtocol(rawValue: span.byte(offset + 9))
    source = span.u32(offset + 12)
    destination = span.u32(offset + 16)
    try span.require(headerLength, at: offset, layer: .ipv4)
  }
}
