/// An IPv6 header (RFC 8200) and the chain of extension headers after it.
///
///     |version| traffic class |           flow label                  |
///     |        payload length         |  next header  |   hop limit   |
///     |                source address (16) …                          |
///     |             destination address (16) …                        |
///
/// Extension headers followed: hop-by-hop (0), routing (43), fragment (44), authentication (51),
/// destination options (60), mobility (135), HIP (139), shim6 (140). ESP (50) ends the chain.
struct IPv6Header {
  var sourceHigh: UInt64
  var sourceLow: UInt64
  var destinationHigh: UInt64
  var destinationLow: UInt64
  /// The protocol after the extension headers.
  var ipProtocol: IPProtocol
  /// 40 plus the payload length field (jumbograms use what is on the wire).
  var totalLength: Int
  /// Where the upper-layer header starts.
  var payloadOffset: Int
  var isFragment: Bool
  var fragmentOffset: Int
  var fragmentID: UInt32

  /// The most extension headers rolecall walks before calling the chain malformed.
  static let maximumExtensions = 16

  init(parsing span: RawSpan, at offset: Int, wireLength: Int) throws(DecodeError) {
    try span.require(40, at: offset, layer: .ipv6)
    let version = span.byte(offset) >> 4
    guard version == 6 else {
      throw .malformed(layer: .ipv6, field: "version", value: Int(version), offset: offset)
    }
    let payload = Int(span.u16(offset + 4))
    // A zero payload length (a jumbogram, or offload) means what is on the wire, which is at
    // least this header even when a file claims a shorter original length.
    totalLength = payload == 0 ? max(40, wireLength) : 40 + payload
    sourceHigh = span.u64(offset + 8)
    sourceLow = span.u64(offset + 16)
    destinationHigh = span.u64(offset + 24)
    destinationLow = span.u64(offset + 32)
    isFragment = false
    fragmentOffset = 0
    fragmentID = 0
    var next = IPProtocol(rawValue: span.byte(offset + 6))
    var position = offset + 40
    var count = 0
    while true {
      let length: Int
      switch next.rawValue {
      case 0, 43, 60, 135, 139, 140:
        try span.require(2, at: position, layer: .ipv6Extension)
        length = (Int(span.byte(position + 1)) + 1) * 8
      case 44:
        try span.require(8, at: position, layer: .ipv6Extension)
        let field = span.u16(position + 2)
        fragmentOffset = Int(field & 0xFFF8)
        isFragment = true
        fragmentID = span.u32(position + 4)
        length = 8
      case 51:
        try span.require(2, at: position, layer: .ipv6Extension)
        length = (Int(span.byte(position + 1)) + 2) * 4
      default:
        ipProtocol = next
        payloadOffset = position
        return
      }
      count += 1
      guard count <= IPv6Header.maximumExtensions else {
        throw .malformed(
          layer: .ipv6Extension, field: "extension header count", value: count, offset: position)
      }
      try span.require(length, at: position, layer: .ipv6Extension)
      next = IPProtocol(rawValue: span.byte(position))
      position += length
      if isFragment && fragmentOffset > 0 {
        // Later fragments carry no upper-layer header, whatever the next-header field says.
        ipProtocol = next
        payloadOffset = position
        return
      }
    }
  }
}
