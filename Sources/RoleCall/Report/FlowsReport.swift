/// Everything `rolecall flows` shows, as one value: the renderers' only input.
public struct FlowsReport: Sendable, Codable, Equatable {
  /// An endpoint as written in reports: address, and port when the transport has ports.
  public struct EndpointRow: Sendable, Codable, Equatable {
    public var address: String
    public var port: UInt16?
  }

  /// What one direction carried.
  public struct DirectionRow: Sendable, Codable, Equatable {
    public var packets: UInt64
    public var bytes: UInt64
    public var ipBytes: UInt64
    public var payloadBytes: UInt64
  }

  /// One flow.
  public struct FlowRow: Sendable, Codable, Equatable {
    /// `tcp`, `udp`, `icmp`, `icmp6`, …
    public var transport: String
    /// The initiator, or the lower endpoint of the pair when the initiator is unknown.
    public var initiator: EndpointRow
    /// The responder, or the higher endpoint when the initiator is unknown.
    public var responder: EndpointRow
    /// `handshake`, `inferred` or `unknown`.
    public var initiatorKnown: InitiatorBasis
    /// The rule that decided the initiator.
    public var initiatorRule: InitiatorRule
    /// Zeek `conn_state`.
    public var state: FlowState
    /// Zeek `history` (TCP only).
    public var history: String
    /// First packet time, seconds since the epoch.
    public var start: Double
    /// Seconds from first to last packet.
    public var duration: Double
    /// Packets and bytes sent by `initiator`.
    public var fromInitiator: DirectionRow
    /// Packets and bytes sent by `responder`.
    public var fromResponder: DirectionRow
    /// Whether this flow continues one split by an idle timeout.
    public var continuation: Bool
  }

  /// Totals over all flows.
  public struct Totals: Sendable, Codable, Equatable {
    public var packets: Int
    public var filteredOut: Int
    public var wireBytes: UInt64
    public var flows: Int
    public var flowsByTransport: [String: Int]
    public var flowsByInitiatorKnown: [String: Int]
    /// Packets and bytes from originator to responder, where the originator is the initiator,
    /// or the first sender when the initiator is unknown (Zeek's `orig`; the C reference's count).
    public var originatorToResponder: DirectionRow
    /// The other direction.
    public var responderToOriginator: DirectionRow
    /// Packets in no flow, by why.
    public var notInFlows: [String: Int]
    /// Decode problems: `truncated` and `malformed`, each by layer.
    public var decodeProblems: [String: [String: Int]]
    /// Packets per link type, by name.
    public var linkTypes: [String: Int]
    /// Packets of link types rolecall does not decode, by name.
    public var unsupportedLinkTypes: [String: Int]
  }

  public var files: [CaptureFileSummary]
  /// One row per flow, made when read (see `FlowRows`).
  public var flows: FlowRows
  public var totals: Totals
}

extension FlowsReport {
  /// Builds the report from a finished analysis.
  public init(_ analysis: FlowAnalysis) {
    self.init(analysis, rows: true)
  }

  /// Builds the report; without `rows`, only the files and totals (`flows` is empty), for a
  /// caller that makes its own rows from the flow records and would otherwise hold two copies.
  init(_ analysis: FlowAnalysis, rows: Bool) {
    files = analysis.files
    // Counted per protocol number and basis, named once at the end: no string hashing per flow.
    var byProtocol = [Int](repeating: 0, count: 256)
    var byBasis = (handshake: 0, inferred: 0, unknown: 0)
    var forward = DirectionRow(packets: 0, bytes: 0, ipBytes: 0, payloadBytes: 0)
    var backward = forward
    let records = analysis.tracker.flows
    for flow in records {
      byProtocol[Int(flow.key.protocolNumber)] += 1
      switch flow.initiatorBasis {
      case .handshake: byBasis.handshake += 1
      case .inferred: byBasis.inferred += 1
      case .unknown: byBasis.unknown += 1
      }
      let originator = flow.orientation
      forward.add(flow.counters(from: originator))
      backward.add(flow.counters(from: originator.opposite))
    }
    flows = rows ? FlowRows(records: records) : []
    var byTransport: [String: Int] = [:]
    for (number, count) in byProtocol.enumerated() where count > 0 {
      byTransport[IPProtocol(rawValue: UInt8(number)).name, default: 0] += count
    }
    var byBasisName: [String: Int] = [:]
    for (basis, count) in [
      (InitiatorBasis.handshake, byBasis.handshake), (.inferred, byBasis.inferred),
      (.unknown, byBasis.unknown),
    ] where count > 0 {
      byBasisName[basis.rawValue] = count
    }
    var problems: [String: [String: Int]] = ["truncated": [:], "malformed": [:]]
    let stats = analysis.decoder.stats
    for layer in Layer.allCases {
      let index = Int(layer.rawValue)
      if stats.truncated[index] > 0 { problems["truncated"]?[layer.name] = stats.truncated[index] }
      if stats.malformed[index] > 0 { problems["malformed"]?[layer.name] = stats.malformed[index] }
    }
    let unflowed = analysis.tracker.unflowed
    totals = Totals(
      packets: analysis.packets, filteredOut: analysis.packets - analysis.acceptedPackets,
      wireBytes: analysis.wireBytes, flows: records.count, flowsByTransport: byTransport,
      flowsByInitiatorKnown: byBasisName, originatorToResponder: forward,
      responderToOriginator: backward,
      notInFlows: [
        "not-ip": unflowed.notIP, "undecoded": unflowed.undecoded,
        "orphan-fragments": unflowed.orphanFragments,
        "unsupported-link": analysis.unsupportedLinkPackets.values.reduce(0, +),
      ],
      decodeProblems: problems,
      linkTypes: Dictionary(
        uniqueKeysWithValues: analysis.linkTypePackets.map { ($0.key.name, $0.value) }),
      unsupportedLinkTypes: Dictionary(
        uniqueKeysWithValues: analysis.unsupportedLinkPackets.map { ($0.key.name, $0.value) }))
  }
}

extension FlowsReport.FlowRow {
  /// The row of one flow record; `names` are the texts of the addresses of sides A and B when
  /// the caller has them already.
  init(_ flow: Flow, names: (String, String)? = nil) {
    let shown = flow.initiator ?? .a
    let first = flow.firstSeen
    self.init(
      transport: flow.key.ipProtocol.name,
      initiator: FlowsReport.EndpointRow(flow, shown, names: names),
      responder: FlowsReport.EndpointRow(flow, shown.opposite, names: names),
      initiatorKnown: flow.initiatorBasis, initiatorRule: flow.initiatorRule, state: flow.state,
      history: flow.history, start: Double(first) / 1e9,
      duration: Double(flow.lastSeen - first) / 1e9,
      fromInitiator: FlowsReport.DirectionRow(flow.counters(from: shown)),
      fromResponder: FlowsReport.DirectionRow(flow.counters(from: shown.opposite)),
      continuation: flow.isContinuation)
  }
}

extension FlowsReport.EndpointRow {
  init(_ endpoint: Endpoint) {
    self.init(address: endpoint.address.description, port: endpoint.port)
  }

  /// The endpoint of `flow`'s `side`; `names` are the texts of the addresses of sides A and B
  /// when the caller has them already.
  init(_ flow: Flow, _ side: Side, names: (String, String)?) {
    guard let names else {
      self.init(flow.key.endpoint(side))
      return
    }
    self.init(
      address: side == .a ? names.0 : names.1,
      port: flow.key.hasPorts ? (side == .a ? flow.key.aPort : flow.key.bPort) : nil)
  }

  /// `address:port`, `[v6]:port`, or the bare address.
  var text: String {
    guard let port else { return address }
    return address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
  }
}

extension FlowsReport.DirectionRow {
  init(_ counters: DirectionCounters) {
    self.init(
      packets: counters.packets, bytes: counters.wireBytes, ipBytes: counters.ipBytes,
      payloadBytes: counters.payloadBytes)
  }

  mutating func add(_ counters: DirectionCounters) {
    packets += counters.packets
    bytes += counters.wireBytes
    ipBytes += counters.ipBytes
    payloadBytes += counters.payloadBytes
  }
}
