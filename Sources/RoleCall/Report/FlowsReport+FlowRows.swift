extension FlowsReport {
  /// The report's flows, one `FlowRow` each, made when read.
  ///
  /// A row holds two address texts and a history text beside its numbers, about 300 bytes a
  /// flow with its array slot; `rolecall flows` held a row for every flow before writing the
  /// first (150 MB more than the flow table at 200,000 flows). This collection refers to the
  /// flow records, which the analysis keeps anyway (the array is shared, not copied), and makes
  /// a row at each `subscript`, so the renderers write one row at a time. Rows that exist
  /// already (decoded from JSON, made by a test) are held as they are.
  public struct FlowRows: RandomAccessCollection, Sendable, Equatable, Codable,
    ExpressibleByArrayLiteral
  {
    private enum Storage: Sendable {
      case records([Flow])
      case rows([FlowRow])
    }

    private let storage: Storage

    /// The flows of rows already made.
    public init(_ rows: [FlowRow]) { storage = .rows(rows) }

    public init(arrayLiteral rows: FlowRow...) { storage = .rows(rows) }

    /// The flows of these records, made into rows when read.
    init(records: [Flow]) { storage = .records(records) }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
      switch storage {
      case .records(let records): records.count
      case .rows(let rows): rows.count
      }
    }

    public subscript(position: Int) -> FlowRow {
      switch storage {
      case .records(let records): FlowRow(records[position])
      case .rows(let rows): rows[position]
      }
    }

    /// What the text table of `rolecall flows` reads of flow `position` to size its columns:
    /// the row's values, with its endpoints and history as their widths in Unicode scalars.
    /// The table reads every flow twice, for the widths and then to write it; making the row
    /// (two address texts, a history text) both times was about 4 % of the command.
    struct CellWidths: Equatable {
      var transport: String
      var initiator: Int
      var responder: Int
      var initiatorKnown: InitiatorBasis
      var state: FlowState
      var history: Int
      var fromInitiator: DirectionRow
      var fromResponder: DirectionRow
      var start: Double
      var duration: Double
    }

    func cellWidths(at position: Int) -> CellWidths {
      switch storage {
      case .records(let records):
        let flow = records[position]
        let shown = flow.initiator ?? .a
        // As `TableWriter.width(of:)` measures an endpoint: IPv6 is bracketed before a port.
        func width(_ side: Side) -> Int {
          let endpoint = flow.key.endpoint(side)
          let address = endpoint.address.textLength
          guard let port = endpoint.port else { return address }
          let brackets = endpoint.address.version == 6 ? 2 : 0
          return address + brackets + 1 + ByteBuffer.digitCount(UInt(port))
        }
        return CellWidths(
          transport: flow.key.ipProtocol.name, initiator: width(shown),
          responder: width(shown.opposite), initiatorKnown: flow.initiatorBasis,
          state: flow.state, history: flow.historyLength,
          fromInitiator: DirectionRow(flow.counters(from: shown)),
          fromResponder: DirectionRow(flow.counters(from: shown.opposite)),
          start: Double(flow.firstSeen) / 1e9,
          duration: Double(flow.lastSeen - flow.firstSeen) / 1e9)
      case .rows(let rows):
        let row = rows[position]
        return CellWidths(
          transport: row.transport, initiator: TableWriter.width(of: row.initiator),
          responder: TableWriter.width(of: row.responder), initiatorKnown: row.initiatorKnown,
          state: row.state, history: ReportText.scalarCount(row.history),
          fromInitiator: row.fromInitiator, fromResponder: row.fromResponder, start: row.start,
          duration: row.duration)
      }
    }

    /// The first packet time of flow `position` (its row's `start`), without making the row.
    func start(at position: Int) -> Double {
      switch storage {
      case .records(let records): Double(records[position].firstSeen) / 1e9
      case .rows(let rows): rows[position].start
      }
    }

    public static func == (left: FlowRows, right: FlowRows) -> Bool {
      left.count == right.count && left.elementsEqual(right)
    }

    /// Decoded from an array of rows.
    public init(from decoder: any Decoder) throws {
      storage = .rows(try decoder.singleValueContainer().decode([FlowRow].self))
    }

    /// Encoded as an array of rows, made one at a time.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.unkeyedContainer()
      for row in self { try container.encode(row) }
    }
  }
}
