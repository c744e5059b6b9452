/// A radiotap header: version (1) | pad (1) | length (2, little endian) | present flags | fields.
/// rolecall only needs its length, to find the 802.11 frame after it.
struct RadiotapHeader {
  /// Where the 802.11 frame starts.
  var payloadOffset: Int

  init(parsing span: RawSpan, at offset: Int) throws(DecodeError) {
    try span.require(8, at: offset, layer: .radiotap)
    guard span.byte(offset) == 0 else {
      throw .malformed(
        layer: .radiotap, field: "version", value: Int(span.byte(offset)), offset: offset)
    }
    let length = Int(span.u16LittleEndian(offset + 2))
    guard length >= 8 else {
      throw .malformed(layer: .radiotap, field: "length", value: length, offset: offset + 2)
    }
    try span.require(length, at: offset, layer: .radiotap)
    payloadOffset = offset + length
  }
}

/// An IEEE 802.11 MAC header, followed for data frames by 802.2 LLC/SNAP.
///
///     frame control (2, little endian) | duration (2) | address 1 (6) | address 2 (6) |
///     address 3 (6) | sequence control (2) | address 4 (6, WDS only) | QoS control (2, QoS data) |
///     HT control (4, QoS with the order bit)
///
/// Only unprotected data frames carry a payload rolecall can read; management, control, null
/// data and encrypted frames are counted as wireless frames.
struct IEEE80211Header {
  /// The payload's EtherType from LLC/SNAP, or `nil` for frames without a readable payload.
  var etherType: EtherType?
  /// Where the payload starts.
  var payloadOffset: Int

  init(parsing span: RawSpan, at offset: Int) throws(DecodeError) {
    try span.require(24, at: offset, layer: .ieee80211)
    let control = span.u16LittleEndian(offset)
    let type = (control >> 2) & 0x3
    let subtype = (control >> 4) & 0xF
    let flags = UInt8(control >> 8)
    payloadOffset = offset + 24
    etherType = nil
    guard type == 2, subtype & 0x4 == 0, flags & 0x40 == 0 else { return }
    var length = 24
    if flags & 0x03 == 0x03 { length += 6 }
    if subtype & 0x8 != 0 {
      length += 2
      if flags & 0x80 != 0 { length += 4 }
    }
    try span.require(length, at: offset, layer: .ieee80211)
    let (type2, next) = try EthernetHeader.logicalLinkControl(span, at: offset + length)
    etherType = type2
    payloadOffset = next
  }
}
