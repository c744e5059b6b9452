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
  /// Counting, filtering and decoding, before the flow table.
  var intake = PacketIntake()
  /// The flows.
  public internal(set) var tracker: FlowTracker
  /// One summary per file read.
  public private(set) var files: [CaptureFileSummary] = []
  /// The errors that stopped files, in order.
  public private(set) var errors: [CaptureError] = []
  private var decoded = DecodedPacket()

  /// The decoder and its per-layer problem counts.
  public var decoder: PacketDecoder { intake.decoder }
  /// Packets read, before filtering.
  public var packets: Int { intake.packets }
  /// Packets that passed the filter (all packets without one).
  public var acceptedPackets: Int { intake.acceptedPackets }
  /// Bytes on the wire of the accepted packets.
  public var wireBytes: UInt64 { intake.wireBytes }
  /// Captured bytes of the accepted packets.
  public var capturedBytes: UInt64 { intake.capturedBytes }
  /// Accepted packets per link type.
  public var linkTypePackets: [LinkType: Int] { intake.linkTypePackets }
  /// Accepted packets whose link type rolecall cannot decode, per link type.
  public var unsupportedLinkPackets: [LinkType: Int] { intake.unsupportedLinkPackets }

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
    intake.endRun()
    files.append(CaptureFileSummary(path: name, format: .live))
  }

  /// Adds one packet of the source begun last (a live capture filters in the kernel).
  public mutating func add(_ packet: borrowing CapturedPacket) {
    if files.isEmpty { files.append(CaptureFileSummary(path: "-")) }
    let last = files.count - 1
    intake.count(packet, summary: &files[last])
    if intake.accept(packet, into: &decoded) {
      tracker.add(timestamp: packet.timestamp, wireLength: packet.originalLength, &decoded)
    }
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
  ///
  /// A file of `FlowAnalysis.pipelineBytes` or more (and standard input) is read and decoded on a
  /// second thread while this one builds the flow table; the result is the same.
  public mutating func read(
    path: String, filter: PacketFilter? = nil, progress: ((Int) -> Void)? = nil
  ) {
    read(path: path, filter: filter, progress: progress, pipelined: nil)
  }

  /// Files at least this large are read on two threads (smaller ones are over before a second
  /// thread would have started).
  static let pipelineBytes = 1 << 20

  /// `read(path:filter:progress:)`, with the choice of one or two threads forced (tests) or, when
  /// `pipelined` is nil, made by the file's size.
  mutating func read(
    path: String, filter: PacketFilter?, progress: ((Int) -> Void)?, pipelined: Bool?,
    batchSize: Int = PacketBatches.defaultBatchSize
  ) {
    var summary = CaptureFileSummary(path: path)
    intake.endRun()
    do throws(CaptureError) {
      let file = try CaptureFile(path: path)
      summary.format = file.format
      if let size = file.fileSize { tracker.reserve(flowsFor: size) }
      defer { progress?(file.bytesRead) }
      if pipelined ?? (file.fileSize.map { $0 >= FlowAnalysis.pipelineBytes } ?? true) {
        try readPipelined(
          file, filter: filter, into: &summary, progress: progress, batchSize: batchSize)
      } else {
        try read(file, filter: filter, into: &summary, progress: progress)
      }
    } catch {
      summary.error = error.message
      errors.append(error)
    }
    files.append(summary)
  }

  /// Reads on this thread: each packet is decoded and added to the table in turn.
  mutating func read(
    _ source: CaptureFile, filter: PacketFilter?, into summary: inout CaptureFileSummary,
    progress: ((Int) -> Void)?
  )
    throws(CaptureError)
  {
    while let packet = try source.next() {
      if summary.packets & 0xFFFF == 0xFFFF, let progress { progress(source.bytesRead) }
      intake.count(packet, summary: &summary)
      if let filter, try !filter.matches(packet) { continue }
      if intake.accept(packet, into: &decoded) {
        tracker.add(timestamp: packet.timestamp, wireLength: packet.originalLength, &decoded)
      }
    }
  }
}
