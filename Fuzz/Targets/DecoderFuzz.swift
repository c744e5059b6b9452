// libFuzzer target: the packet decoder over every supported link type, then the flow tracker.
//
// Input: byte 0 picks the link type (`FuzzLinkTypes.all`, modulo its count); byte 1 picks the
// packet's original length (below 0xE0: the captured length; 0xE0–0xEF: longer, as under a short
// snaplen; 0xF0–0xFF: 0 to 60 bytes, shorter than captured, as in an inconsistent file); the
// rest is the captured packet. The decoded packet is then added to a flow tracker three times
// (twice close together, once after every idle timeout) to run the initiator rules, the TCP
// state and the flow restart paths.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size >= 2 else { return 0 }
  let linkType = FuzzLinkTypes.all[Int(data[0]) % FuzzLinkTypes.all.count]
  let bytes = UnsafeRawBufferPointer(start: data + 2, count: size - 2)
  let mode = Int(data[1])
  let original: Int
  switch mode {
  case 0xF0...: original = (mode - 0xF0) * 4
  case 0xE0...: original = bytes.count + (mode - 0xDF) * 1024
  default: original = bytes.count
  }
  var packet = CapturedPacket(
    timestamp: 1_000_000_000, originalLength: original, linkType: linkType, index: 1,
    interface: 0, bytes: bytes)
  var decoder = PacketDecoder()
  var decoded = DecodedPacket()
  decoder.decode(packet, into: &decoded)
  let stopped = decoded.stop == nil ? 0 : 1
  check(
    decoder.stats.totalTruncated + decoder.stats.totalMalformed == stopped,
    "stats count \(decoder.stats.totalTruncated + decoder.stats.totalMalformed) stops")
  check(decoded.ipLength >= 0, "negative IP length \(decoded.ipLength)")
  check(decoded.payloadLength >= 0, "negative payload length \(decoded.payloadLength)")
  check(decoded.linkType == linkType, "decoded as another link type")
  if case .truncated(_, let needed, let available, let offset) = decoded.stop {
    check(available < needed && available >= 0 && offset >= 0, "impossible truncation")
  }
  guard decoded.linkSupported else { return 0 }
  var tracker = FlowTracker(capacity: 16)
  for time: Int64 in [1_000_000_000, 1_000_000_001, 1_000_000_000_000] {
    packet.timestamp = time
    tracker.add(packet, decoded)
  }
  return 0
}
