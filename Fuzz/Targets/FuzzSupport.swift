// Shared by every fuzz target and the seed builder: compiled into each of them, never into the
// package. See Fuzz/README.md.

/// The link types the decoder target chooses from with its first byte, in a fixed order so that
/// seeds written by the seed builder keep meaning the same link type. The last entry is one
/// rolecall does not decode, so the unsupported path is covered too.
enum FuzzLinkTypes {
  static let all: [LinkType] = [
    .ethernet, .linuxCooked, .linuxCooked2, .null, .loop, .raw, .ipv4, .ipv6,
    LinkType(rawValue: 12), LinkType(rawValue: 14), .ppp, .pppHDLC, .nflog, .ieee80211,
    .ieee80211Radiotap, LinkType(rawValue: 147),
  ]

  /// The selector byte for `linkType`, or `nil` when the decoder target does not pick it.
  static func selector(of linkType: LinkType) -> UInt8? {
    guard let index = all.firstIndex(of: linkType) else { return nil }
    return UInt8(index)
  }
}

/// Runs every packet of a capture through the decoder and the flow tracker, as `rolecall flows`
/// does, and checks what a reader must guarantee about the packets it hands out.
struct FuzzPipeline {
  var decoder = PacketDecoder()
  /// A small table: each input starts from an empty one, and a large one costs time per run.
  var tracker = FlowTracker(capacity: 16)
  var decoded = DecodedPacket()
  var packets = 0
  var capturedBytes = 0

  /// Reads `file` to its end or its first error; returns the error, if any.
  mutating func read(_ file: CaptureFile, name: String) -> CaptureError? {
    let error = readPackets(file, name: name)
    // Every flow's span is a duration the reports can compute (`lastSeen - firstSeen`).
    for flow in tracker.flows {
      let (span, overflow) = flow.lastSeen.subtractingReportingOverflow(flow.firstSeen)
      check(!overflow && span >= 0, "flow from \(flow.firstSeen) to \(flow.lastSeen)")
    }
    return error
  }

  private mutating func readPackets(_ file: CaptureFile, name: String) -> CaptureError? {
    do throws(CaptureError) {
      while let packet = try file.next() {
        packets += 1
        check(packet.index == packets, "packet index \(packet.index), expected \(packets)")
        check(packet.capturedLength >= 0, "negative captured length")
        check(packet.originalLength >= 0, "negative original length")
        capturedBytes += packet.capturedLength
        decoder.decode(packet, into: &decoded)
        if decoded.linkSupported { tracker.add(packet, decoded) }
      }
      return nil
    } catch {
      check(error.source == name, "error names \(error.source), not \(name)")
      check(!error.message.contains("\n"), "error message is not one line: \(error.message)")
      check(error.offset != nil, "error without a byte offset: \(error.message)")
      return error
    }
  }
}

/// Stops the run with a message when an invariant does not hold; libFuzzer records the input.
@inline(__always)
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError("fuzz invariant failed: \(message())") }
}
