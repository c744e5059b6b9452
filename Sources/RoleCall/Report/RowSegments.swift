/// Where a report's rows come from when they are made on reading: an object shared by
/// reference, so that a collection of rows copies one pointer rather than its arrays.
protocol RowSource: AnyObject, Sendable {
  associatedtype Row: Sendable
  var count: Int { get }
  func row(_ number: Int) -> Row
}

/// The storage of the report's lazy collections (`AnalysisReport.FlowRows`, `HostRows`): one
/// segment per analysis, each either a source whose rows are made when read or rows already
/// made (decoded from JSON, made by a test, written through the subscript). Reports joined by
/// `AnalysisReport.merging(_:)` keep one segment per capture.
struct RowSegments<Source: RowSource>: Sendable {
  enum Segment: Sendable {
    case source(Source)
    case rows([Source.Row])

    var count: Int {
      switch self {
      case .source(let source): source.count
      case .rows(let rows): rows.count
      }
    }
  }

  private var segments: [Segment] = []
  /// The position after each segment's last row, for finding a row's segment.
  private var ends: [Int] = []

  init() {}

  init(_ segment: Segment) { append(segment) }

  var count: Int { ends.last ?? 0 }

  mutating func append(_ segment: Segment) {
    guard segment.count > 0 else { return }
    segments.append(segment)
    ends.append(count + segment.count)
  }

  /// These rows followed by `other`'s.
  mutating func append(contentsOf other: RowSegments) {
    for segment in other.segments { append(segment) }
  }

  /// The segment that holds `position`, and the position within it.
  @inline(__always) private func locate(_ position: Int) -> (segment: Int, offset: Int) {
    precondition(position >= 0 && position < count, "row position out of range")
    if ends.count == 1 { return (0, position) }
    var low = 0
    var high = ends.count - 1
    while low < high {
      let middle = (low + high) / 2
      if ends[middle] <= position { low = middle + 1 } else { high = middle }
    }
    return (low, low == 0 ? position : position - ends[low - 1])
  }

  subscript(position: Int) -> Source.Row {
    get {
      let (segment, offset) = locate(position)
      switch segments[segment] {
      case .source(let source): return source.row(offset)
      case .rows(let rows): return rows[offset]
      }
    }
    set {
      // Writing is for tests and tools: the segment becomes rows, then the row is replaced.
      let (segment, offset) = locate(position)
      var rows: [Source.Row]
      switch segments[segment] {
      case .source(let source): rows = (0..<source.count).map(source.row)
      case .rows(let made): rows = made
      }
      segments[segment] = .rows([])
      rows[offset] = newValue
      segments[segment] = .rows(rows)
    }
  }

  /// Reads something of one row: from its source where it has one, from the row otherwise.
  @inline(__always) func read<T>(
    _ position: Int, record: (Source, Int) -> T, row: (Source.Row) -> T
  ) -> T {
    let (segment, offset) = locate(position)
    switch segments[segment] {
    case .source(let source): return record(source, offset)
    case .rows(let rows): return row(rows[offset])
    }
  }
}
