/// The part of reading a file that comes before the flow table: counting each packet, applying
/// the filter and decoding. Kept apart from the table so that it can run on its own thread
/// (`FlowAnalysis.readPipelined`) and hand only decoded packets over.
struct PacketIntake: Sendable {
  var decoder = PacketDecoder()
  /// Packets read, before filtering.
  var packets = 0
  /// Packets that passed the filter.
  var acceptedPackets = 0
  var wireBytes: UInt64 = 0
  var capturedBytes: UInt64 = 0
  /// Accepted packets per link type, and those of them rolecall cannot decode; both without
  /// the current run.
  private var linkTypeTotals: [LinkType: Int] = [:]
  private var unsupportedTotals: [LinkType: Int] = [:]
  /// Accepted packets of the current run of one link type, not yet in the totals (one
  /// dictionary update per run instead of per packet), and how many of them had a link type
  /// rolecall cannot decode.
  private var runLinkType = LinkType(rawValue: UInt32.max)
  private var runLength = 0
  private var runUnsupported = 0

  /// Counts `packet` as read, in the totals and in its file's `summary`.
  @inline(__always)
  mutating func count(_ packet: borrowing CapturedPacket, summary: inout CaptureFileSummary) {
    packets += 1
    summary.packets += 1
    if summary.firstTimestamp == nil { summary.firstTimestamp = packet.timestamp }
    summary.lastTimestamp = packet.timestamp
    if packet.linkType != runLinkType {
      endRun()
      runLinkType = packet.linkType
      if !summary.linkTypes.contains(packet.linkType.name) {
        summary.linkTypes.append(packet.linkType.name)
      }
    }
  }

  /// Counts `packet` as accepted (it passed the filter) and decodes it into `decoded`. Returns
  /// whether it goes on to the flow table (its link type is one rolecall decodes).
  @inline(__always)
  mutating func accept(
    _ packet: borrowing CapturedPacket, into decoded: inout DecodedPacket
  ) -> Bool {
    runLength += 1
    acceptedPackets += 1
    wireBytes &+= UInt64(packet.originalLength)
    capturedBytes &+= UInt64(packet.capturedLength)
    decoder.decode(packet, into: &decoded)
    if !decoded.linkSupported {
      runUnsupported += 1
      return false
    }
    return true
  }

  /// Accepted packets per link type, the current run included.
  var linkTypePackets: [LinkType: Int] { withRun(linkTypeTotals, runLength) }

  /// Accepted packets whose link type rolecall cannot decode, per link type, the current run
  /// included.
  var unsupportedLinkPackets: [LinkType: Int] { withRun(unsupportedTotals, runUnsupported) }

  /// `totals` with `count` more packets of the current run's link type.
  private func withRun(_ totals: [LinkType: Int], _ count: Int) -> [LinkType: Int] {
    guard count > 0 else { return totals }
    var packets = totals
    packets[runLinkType, default: 0] += count
    return packets
  }

  /// Adds the current run of accepted packets to the totals; called as a source begins, so that
  /// its first packet starts a run of its own and its summary lists its link type.
  mutating func endRun() {
    if runLength > 0 { linkTypeTotals[runLinkType, default: 0] += runLength }
    if runUnsupported > 0 { unsupportedTotals[runLinkType, default: 0] += runUnsupported }
    runLength = 0
    runUnsupported = 0
    runLinkType = LinkType(rawValue: UInt32.max)
  }
}
