extension AnalysisReport {
  /// The report's flows, one `FlowRow` each, made when read.
  ///
  /// A row kept per flow cost about 240 bytes a flow (the row and its array of rules; 48 MB at
  /// 200,000 flows) beside the flow records, which the analysis keeps anyway. This collection
  /// refers to those records, the judgements and the hosts' address texts instead (arrays are
  /// shared, not copied) and builds a row at each `subscript`; rows that exist already (decoded
  /// from JSON, made by a test, written through the subscript) are held as they are. Reports
  /// joined by `merging(_:)` keep one segment per capture. Scans over every flow should use the
  /// accessors (`verdict(at:)`, `start(at:)`, …), which read one field without making the row.
  public struct FlowRows: RandomAccessCollection, MutableCollection, Sendable {
    /// The flows of one analysis, read from its records. A class, so that reading a flow
    /// retains one object rather than each of its arrays.
    final class Source: RowSource {
      let flows: [Flow]
      let judgements: [FlowJudgement]
      /// The text of each host's address, by position in the roles' hosts: written once per
      /// host, shared by its flows' rows.
      let names: [String]
      /// Each flow's hosts in `names`; empty when the roles stage did not say.
      let flowHosts: [RoleAnalysis.FlowHosts]
      let capture: String?
      let count: Int

      init(
        flows: [Flow], judgements: [FlowJudgement], names: [String],
        flowHosts: [RoleAnalysis.FlowHosts], capture: String?
      ) {
        self.flows = flows
        self.judgements = judgements
        self.names = names
        self.flowHosts = flowHosts
        self.capture = capture
        count = Swift.min(flows.count, judgements.count)
      }

      /// The texts of the addresses of flow `number`'s sides A and B, when the roles stage
      /// placed both its hosts.
      func hostNames(_ number: Int) -> (String, String)? {
        guard flowHosts.count == flows.count else { return nil }
        let hosts = flowHosts[number]
        guard hosts.a >= 0 && hosts.b >= 0 else { return nil }
        return (names[Int(hosts.a)], names[Int(hosts.b)])
      }

      func row(_ number: Int) -> FlowRow {
        let flow = flows[number]
        let judgement = judgements[number]
        let row = FlowsReport.FlowRow(flow, names: hostNames(number))
        return FlowRow(
          transport: row.transport, initiator: row.initiator, responder: row.responder,
          initiatorKnown: row.initiatorKnown, initiatorRule: row.initiatorRule,
          verdict: judgement.verdict, confidence: judgement.confidence, rule: judgement.rule,
          rules: judgement.rules, state: row.state, history: row.history, start: row.start,
          duration: row.duration, fromInitiator: row.fromInitiator,
          fromResponder: row.fromResponder, capture: capture)
      }
    }

    private var storage = RowSegments<Source>()

    /// No flows.
    public init() {}

    /// The flows of rows already made.
    public init(_ rows: [FlowRow]) {
      storage = RowSegments(.rows(rows))
    }

    /// The flows of one analysis, read from its records when asked for.
    init(source: Source) {
      storage = RowSegments(.source(source))
    }

    /// These flows followed by `other`'s, each keeping the capture it came from.
    mutating func append(contentsOf other: FlowRows) {
      storage.append(contentsOf: other.storage)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    public subscript(position: Int) -> FlowRow {
      get { storage[position] }
      set { storage[position] = newValue }
    }

    /// Reads one field of one flow: from its record where it has one, from its row otherwise.
    @inline(__always) func read<T>(
      _ position: Int, record: (Source, Int) -> T, row: (FlowRow) -> T
    ) -> T {
      storage.read(position, record: record, row: row)
    }

    /// The verdict on the flow at `position`, without making its row.
    public func verdict(at position: Int) -> FlowVerdict {
      read(position, record: { $0.judgements[$1].verdict }, row: \.verdict)
    }

    /// The rule that decided the verdict on the flow at `position`.
    public func rule(at position: Int) -> VerdictRule {
      read(position, record: { $0.judgements[$1].rule }, row: \.rule)
    }

    /// The first packet time of the flow at `position`, seconds since the epoch.
    public func start(at position: Int) -> Double {
      read(position, record: { Double($0.flows[$1].firstSeen) / 1e9 }, row: \.start)
    }

    /// The capture the flow at `position` came from, when captures were analysed apart.
    public func capture(at position: Int) -> String? {
      read(position, record: { source, _ in source.capture }, row: \.capture)
    }

    /// What the reports' flow tables (text, Markdown, HTML) show of a flow: the cells of
    /// `FlowRow` they need, without the history, the rules or the times. With `--all`, making
    /// every row whole was most of the tables' cost, and the text table made each row twice
    /// (once to measure its cells, once to write them).
    struct TableCells {
      var transport: String
      var initiator: FlowsReport.EndpointRow
      var responder: FlowsReport.EndpointRow
      var initiatorKnown: InitiatorBasis
      var state: FlowState
      var fromInitiator: FlowsReport.DirectionRow
      var fromResponder: FlowsReport.DirectionRow
      var rule: VerdictRule
      var confidence: Confidence
      var capture: String?
    }

    /// The table cells of the flow at `position`, read from its record as `FlowRow` reads them.
    func tableCells(at position: Int) -> TableCells {
      read(
        position,
        record: { source, number in
          let flow = source.flows[number]
          let shown = flow.initiator ?? .a
          let names = source.hostNames(number)
          return TableCells(
            transport: flow.key.ipProtocol.name,
            initiator: FlowsReport.EndpointRow(flow, shown, names: names),
            responder: FlowsReport.EndpointRow(flow, shown.opposite, names: names),
            initiatorKnown: flow.initiatorBasis, state: flow.state,
            fromInitiator: FlowsReport.DirectionRow(flow.counters(from: shown)),
            fromResponder: FlowsReport.DirectionRow(flow.counters(from: shown.opposite)),
            rule: source.judgements[number].rule,
            confidence: source.judgements[number].confidence, capture: source.capture)
        },
        row: { row in
          TableCells(
            transport: row.transport, initiator: row.initiator, responder: row.responder,
            initiatorKnown: row.initiatorKnown, state: row.state,
            fromInitiator: row.fromInitiator, fromResponder: row.fromResponder, rule: row.rule,
            confidence: row.confidence, capture: row.capture)
        })
    }

    /// What the report's warnings read of a flow, without its strings.
    struct Glance {
      var isTCP: Bool
      var isUDP: Bool
      var initiatorKnown: InitiatorBasis
      var initiatorRule: InitiatorRule
      var rule: VerdictRule
      /// Both sides sent at least one packet.
      var twoWay: Bool
    }

    /// The warnings' view of the flow at `position`.
    func glance(at position: Int) -> Glance {
      read(
        position,
        record: { source, number in
          let flow = source.flows[number]
          return Glance(
            isTCP: flow.key.ipProtocol == .tcp, isUDP: flow.key.ipProtocol == .udp,
            initiatorKnown: flow.initiatorBasis,
            initiatorRule: flow.initiatorRule, rule: source.judgements[number].rule,
            twoWay: flow.fromA.packets > 0 && flow.fromB.packets > 0)
        },
        row: { row in
          Glance(
            isTCP: row.transport == "tcp", isUDP: row.transport == "udp",
            initiatorKnown: row.initiatorKnown,
            initiatorRule: row.initiatorRule, rule: row.rule,
            twoWay: row.fromInitiator.packets > 0 && row.fromResponder.packets > 0)
        })
    }
  }
}

extension AnalysisReport.FlowRows: ExpressibleByArrayLiteral {
  public init(arrayLiteral rows: AnalysisReport.FlowRow...) {
    self.init(rows)
  }
}

extension AnalysisReport.FlowRows: Equatable {
  /// Flow by flow, however the rows are stored.
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.count == rhs.count && lhs.elementsEqual(rhs)
  }
}

extension AnalysisReport.FlowRows: Codable {
  /// A JSON array of rows, as `[FlowRow]` is.
  public init(from decoder: any Decoder) throws {
    self.init(try [AnalysisReport.FlowRow](from: decoder))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    for row in self { try container.encode(row) }
  }
}
