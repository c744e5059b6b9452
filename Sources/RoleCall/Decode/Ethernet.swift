/// An Ethernet II header with any stack of VLAN tags, and the 802.2 LLC/SNAP header of 802.3 frames.
///
///     0                   6                  12       14
///     | destination (6)   | source (6)        | type  | payload …
///     VLAN tag (802.1Q 0x8100, 802.1ad 0x88A8, 0x9100): | TPID (2) | TCI (2) | then the next type
///     802.3 length (< 0x0600) then LLC: DSAP | SSAP | control; SNAP: AA AA 03 | OUI (3) | type (2)
struct EthernetHeader {
  /// The EtherType of the payload after all tags (0 for LLC frames without SNAP).
  var etherType: EtherType
  /// How many VLAN tags were stacked.
  var tags: Int
  /// Where the payload starts.
  var payloadOffset: Int

  /// The most tags rolecall follows before calling the frame malformed.
  static let maximumTags = 8

  /// Inlined, so that the fields stay in registers rather than coming back through memory.
  @inline(__always)
  init(parsing span: RawSpan, at offset: Int) throws(DecodeError) {
    try span.require(14, at: offset, layer: .ethernet)
    var type = EtherType(rawValue: span.u16(offset + 12))
    var next = offset + 14
    var tags = 0
    while type.isVLANTag {
      guard tags < EthernetHeader.maximumTags else {
        throw .malformed(layer: .vlan, field: "tag count", value: tags + 1, offset: next)
      }
      try span.require(4, at: next, layer: .vlan)
      type = EtherType(rawValue: span.u16(next + 2))
      next += 4
      tags += 1
    }
    if type.rawValue < 0x0600 {
      (type, next) = try EthernetHeader.logicalLinkControl(span, at: next)
    }
    etherType = type
    self.tags = tags
    payloadOffset = next
  }

  /// Reads an 802.2 LLC header; with SNAP it yields the EtherType inside, otherwise 0.
  static func logicalLinkControl(
    _ span: RawSpan, at offset: Int
  ) throws(DecodeError) -> (EtherType, Int) {
    try span.require(3, at: offset, layer: .llc)
    guard span.byte(offset) == 0xAA, span.byte(offset + 1) == 0xAA, span.byte(offset + 2) == 0x03
    else {
      return (EtherType(rawValue: 0), offset + 3)
    }
    try span.require(8, at: offset, layer: .llc)
    return (EtherType(rawValue: span.u16(offset + 6)), offset + 8)
  }
}
