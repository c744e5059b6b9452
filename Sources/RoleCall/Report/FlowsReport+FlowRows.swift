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
