/// What was read from one capture file.
public struct CaptureFileSummary: Sendable, Codable, Equatable {
  /// The path as given (`-` for standard input).
  public var path: String
  /// The container format, if the file header could be read.
  public var format: CaptureFormat?
  /// Link types of the packets read, by name, in order of first appearance.
  public var linkTypes: [String] = []
  /// Packets read from this file (before any filter).
  public var packets = 0
  /// Time of the first packet (ns since the epoch), if any.
  public var firstTimestamp: Int64?
  /// Time of the last packet (ns since the epoch), if any.
  public var lastTimestamp: Int64?
  /// The one-line error that stopped reading, if any; packets before it are counted.
  public var error: String?
}

/// Reads captures through the decoder into one flow table: the capture → decode → flows path.
///
/// Several files are read as one stream (a capture split into pieces joins up again). Decoding
/// and flow lookup allocate nothing per packet; file-level failures stop that file only, are
/// recorded in `errors`, and leave everything read before them in place.
public struct FlowAnalysis: Sendable {
  /// The decoder and its per-layer problem counts.
  public private(set) var decoder = PacketDecoder()
  /// The flows.
  public private(set) var tracker: FlowTracker
  /// One summary per file read.
  public private(set) var files: [CaptureFileSummary] = []
  /// The errors that stopped files, in order.
  public private(set) var errors: [CaptureError] = []
  /// Packets read, before filtering.
  public private(set) var packets = 0
  /// Packets that passed the filter (all packets without one).
  public private(set) var acceptedPackets = 0
  /// Bytes on the wire of the accepted packets.
  public private(set) var wireBytes: UInt64 = 0
  /// Captured bytes of the accepted packets.
  public private(set) var capturedBytes: UInt64 = 0
  /// Accepted packets per link type.
  public private(set) var linkTypePackets: [LinkType: Int] = [:]
  /// Accepted packets whose link type rolecall cannot decode, per link type.
  public private(set) var unsupportedLinkPackets: [LinkType: Int] = [:]
  private var decoded = DecodedPacket()

  /// Makes an empty analysis.
  public init(timeouts: FlowTimeouts = FlowTimeouts()) {
    tracker = FlowTracker(timeouts: timeouts)
  }

  /// Makes an empty analysis over a bounded flow table (live capture): at most `maxFlows` flows,
  /// the least recently seen evicted first, idle ones expired; see `FlowTracker`.
  public init(timeouts: FlowTimeouts = FlowTimeouts(), maxFlows: Int) {
    tracker = FlowTracker(timeouts: timeouts, maxFlows: maxFlows)
  }

  /// Starts a source that is not a file (a live interface named `name`, format `live`): the
  /// packets `add(_:)` is given count in its summary.
  public mutating func beginSource(_ name: String) {
    files.append(CaptureFileSummary(path: name, format: .live))
  }

  /// Adds one packet of the source begun last (a live capture filters in the kernel).
  public mutating func add(_ packet: borrowing CapturedPacket) {
    if files.isEmpty { files.append(CaptureFileSummary(path: "-")) }
    let last = files.count - 1
    packets += 1
    acceptedPackets += 1
    files[last].packets += 1
    if files[last].firstTimestamp == nil { files[last].firstTimestamp = packet.timestamp }
    files[last].lastTimestamp = packet.timestamp
    if !files[last].linkTypes.contains(packet.linkType.name) {
      files[last].linkTypes.append(packet.linkType.name)
    }
    linkTypePackets[packet.linkType, default: 0] += 1
    wireBytes &+= UInt64(packet.originalLength)
    capturedBytes &+= UInt64(packet.capturedLength)
    decoder.decode(packet, into: &decoded)
    if !decoded.linkSupported {
      unsupportedLinkPackets[packet.linkType, default: 0] += 1
      return
    }
    tracker.add(packet, decoded)
  }

  /// Records the error that stopped the source begun last; what was read before it stays.
  public mutating func fail(_ error: CaptureError) {
    if !files.isEmpty { files[files.count - 1].error = error.message }
    errors.append(error)
  }

  /// Bounded tables: retires the flows idle past their timeouts at `now` (ns since the epoch).
  public mutating func expireIdle(now: Int64) {
    tracker.expireIdle(now: now)
  }

  /// Reads every packet of the capture at `path` (`-` for standard input). Never throws: a
  /// file that fails is recorded in `errors` and its summary, after the packets before the fault.
  ///
  /// `progress`, when given, is called with the bytes read so far every 65,536 packets and at
  /// the end, so a long file can show how far it is.
  public mutating func read(
    path: String, filter: PacketFilter? = nil, progress: ((Int) -> Void)? = nil
  ) {
    var summary = CaptureFileSummary(path: path)
    do throws(CaptureError) {
      let file = try CaptureFile(path: path)
      summary.format = file.format
      if let size = file.fileSize { tracker.reserve(flowsFor: size) }
      defer { progress?(file.bytesRead) }
      try read(file, filter: filter, into: &summary, progress: progress)
    } catch {
      summary.error = error.message
      errors.append(error)
    }
    files.append(summary)
  }

  private mutating func read(
    _ source: CaptureFile, filter: PacketFilter?, into summary: inout CaptureFileSummary,
    progress: ((Int) -> Void)?
  )
    throws(CaptureError)
  {
    var lastLinkType = LinkType(rawValue: UInt32.max)
    var runLength = 0
    defer {
      if runLength > 0 { linkTypePackets[lastLinkType, default: 0] += runLength }
    }
    while let packet = try source.next() {
      packets += 1
      summary.packets += 1
      if summary.packets & 0xFFFF == 0, let progress { progress(source.bytesRead) }
      if summary.firstTimestamp == nil { summary.firstTimestamp = packet.timestamp }
      summary.lastTimestamp = packet.timestamp
      if packet.linkType != lastLinkType {
        if runLength > 0 { linkTypePackets[lastLinkType, default: 0] += runLength }
        lastLinkType = packet.linkType
        runLength = 0
        if !summary.linkTypes.contains(packet.linkType.name) {
          summary.linkTypes.append(packet.linkType.name)
        }
      }
      if let filter, try !filter.matches(packet) { continue }
      runLength += 1
      acceptedPackets += 1
      wireBytes &+= UInt64(packet.originalLength)
      capturedBytes &+= UInt64(packet.capturedLength)
      decoder.decode(packet, into: &decoded)
      if !decoded.linkSupported {
        unsupportedLinkPackets[packet.linkType, default: 0] += 1
        continue
      }
      tracker.add(packet, decoded)
    }
  }
}
