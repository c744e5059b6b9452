/// How a live capture went: why it stopped, libpcap's counters, and what the bounded flow table
/// forgot. `rolecall live` puts it in its report (`AnalysisReport.live`; the `live` key of the
/// JSON, docs/analyze-json.md) and prints it as the text report's last section.
public struct LiveCaptureSummary: Sendable, Codable, Equatable {
  /// The bounded flow table's figures at the end of the capture.
  public struct FlowTableFigures: Sendable, Codable, Equatable {
    /// The most flows the table holds (`--max-flows`).
    public var maxFlows: Int
    /// The most bytes the flow state takes (`FlowTracker.bytes(maxFlows:)`): the table and the
    /// ledger of retired flows.
    public var boundBytes: Int
    /// Flows in the table when the capture stopped.
    public var flowsHeld: Int
    /// Flows removed because the table was full (the least recently seen first).
    public var evictions: Int
    /// Flows removed because they were idle past their timeout.
    public var expirations: Int
    /// Evicted and expired flows folded into the ledger (host counts include them).
    public var retiredFlows: Int
    /// The ledger's records: one per edge (client, server, transport, server port).
    public var retiredEdges: Int
    /// Retired flows not kept because the ledger was full.
    public var retiredDropped: Int

    /// Makes the figures.
    public init(
      maxFlows: Int, boundBytes: Int, flowsHeld: Int, evictions: Int, expirations: Int,
      retiredFlows: Int, retiredEdges: Int, retiredDropped: Int
    ) {
      self.maxFlows = maxFlows
      self.boundBytes = boundBytes
      self.flowsHeld = flowsHeld
      self.evictions = evictions
      self.expirations = expirations
      self.retiredFlows = retiredFlows
      self.retiredEdges = retiredEdges
      self.retiredDropped = retiredDropped
    }

    /// The figures of a bounded tracker of `maxFlows` flows.
    public init(_ tracker: FlowTracker, maxFlows: Int) {
      self.init(
        maxFlows: maxFlows, boundBytes: FlowTracker.bytes(maxFlows: maxFlows),
        flowsHeld: tracker.table.flows.count, evictions: tracker.table.evictions,
        expirations: tracker.table.expirations, retiredFlows: tracker.retired.count,
        retiredEdges: tracker.retired.flows.count, retiredDropped: tracker.retired.dropped)
    }
  }

  /// The `-w` file.
  public struct WrittenFile: Sendable, Codable, Equatable {
    /// Its path, as given.
    public var path: String
    /// Packets written to it.
    public var packets: Int

    /// Makes the record of a written file.
    public init(path: String, packets: Int) {
      self.path = path
      self.packets = packets
    }
  }

  /// The interface captured on.
  public var interface: String
  /// What stopped the capture: `SIGINT`, `SIGTERM`, `-c N`, `--duration S` or `an error`.
  public var stoppedBy: String
  /// The one-line error that ended the capture (the interface went down, …), if one did.
  public var error: String?
  /// Packets captured (after the kernel's filter).
  public var packets: Int
  /// libpcap's counters (`pcap_stats`), when it could give them.
  public var libpcap: LiveStatistics?
  /// The flow table's figures.
  public var flowTable: FlowTableFigures
  /// The `-w` file, if one was written.
  public var written: WrittenFile?

  /// Makes the summary.
  public init(
    interface: String, stoppedBy: String, error: String? = nil, packets: Int,
    libpcap: LiveStatistics?, flowTable: FlowTableFigures, written: WrittenFile? = nil
  ) {
    self.interface = interface
    self.stoppedBy = stoppedBy
    self.error = error
    self.packets = packets
    self.libpcap = libpcap
    self.flowTable = flowTable
    self.written = written
  }

  /// The text report's last section: a title line and indented lines, each ending in a newline.
  public var text: String {
    var text = "Live capture\n"
    text += "  stopped by \(stoppedBy) after \(packets) packets"
    text += error.map { ": \($0)\n" } ?? "\n"
    if let libpcap {
      text +=
        "  libpcap: \(libpcap.received) received, \(libpcap.dropped) dropped (buffer full), "
        + "\(libpcap.interfaceDropped) dropped by the interface\n"
    }
    let table = flowTable
    text +=
      "  flow table: \(table.flowsHeld) flows held (limit \(table.maxFlows), at most "
      + "\(table.boundBytes) bytes), \(table.evictions) evicted, \(table.expirations) expired idle; "
      + "\(table.retiredFlows) retired flows kept in \(table.retiredEdges) edges"
      + (table.retiredDropped > 0 ? ", \(table.retiredDropped) not kept" : "") + "\n"
    if let written { text += "  wrote \(written.packets) packets to \(written.path)\n" }
    return text
  }
}
