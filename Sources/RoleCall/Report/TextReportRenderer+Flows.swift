extension TextReportRenderer {
  /// The flows, one table per verdict, each after the lessons on that verdict.
  static func flows(_ report: AnalysisReport, _ out: inout Writer<some TextOutputStream>) {
    let apart = report.summary.capturesApart
    // Positions, not rows: making every row of a large capture cost more than the rest.
    for (verdict, count, shown) in ReportText.flowsByVerdict(
      report.flows, limit: out.options.limit)
    {
      out.heading("Flows: \(verdict.rawValue) (\(count))")
      for lesson in report.flowLessons[verdict.rawValue] ?? [] {
        out.wrapped(
          "lesson: \"\(ReportText.quote(lesson.text))\" (\(ReportText.source(lesson)))",
          first: "  ", rest: "    ", style: "2")
      }
      let table = FlowTable(report.flows, shown: shown, apart: apart)
      table.write(width: out.options.fitTables ? out.options.width : nil) { out.write($0) }
      if shown.count < count {
        out.line("  … and \(count - shown.count) more (--all shows them)")
      }
    }
  }

  /// The flow table of one verdict, written into bytes from the flows' fields (as the table of
  /// `rolecall flows` is): `--all` on big.pcap held its 200,000 rows as 11 strings each, and laid
  /// them out up to three times to fit a terminal. Both passes, the widths and the writing, read
  /// only the cells the table shows (`FlowRows.tableCells(at:)`), never a whole row.
  struct FlowTable {
    /// The table's columns, in order.
    enum Column: Int, CaseIterable {
      case transport, initiator, arrow, responder, known, state
      case initiatorPackets, responderPackets, initiatorBytes, responderBytes, rule, capture

      var header: String {
        switch self {
        case .transport: "proto"
        case .initiator: "initiator"
        case .arrow: ""
        case .responder: "responder"
        case .known: "known"
        case .state: "state"
        case .initiatorPackets: "pkts>"
        case .responderPackets: "pkts<"
        case .initiatorBytes: "bytes>"
        case .responderBytes: "bytes<"
        case .rule: "rule"
        case .capture: "capture"
        }
      }

      /// The counts are aligned right.
      var alignsRight: Bool {
        (Column.initiatorPackets.rawValue...Column.responderBytes.rawValue).contains(rawValue)
      }
    }

    let flows: AnalysisReport.FlowRows
    let shown: [Int]
    /// The columns of the whole table: `capture` only when captures were analysed apart.
    let columns: [Column]
    /// The widest cell of each column (by `rawValue`), in Unicode scalars, the header's among
    /// them; for `capture`, without the spaces a cell ends in, which no line keeps.
    private(set) var widths: [Int]
    private var lastTrimmed = 0

    init(_ flows: AnalysisReport.FlowRows, shown: [Int], apart: Bool) {
      self.flows = flows
      self.shown = shown
      columns = Column.allCases.filter { $0 != .capture || apart }
      widths = Column.allCases.map { ReportText.scalarCount($0.header) }
      for number in shown {
        let flow = flows.tableCells(at: number)
        widen(.transport, ReportText.scalarCount(flow.transport))
        widen(.initiator, TableWriter.width(of: flow.initiator))
        widen(.arrow, flow.initiatorKnown == .unknown ? 3 : 2)
        widen(.responder, TableWriter.width(of: flow.responder))
        widen(.known, ReportText.scalarCount(flow.initiatorKnown.rawValue))
        widen(.state, ReportText.scalarCount(flow.state.rawValue))
        widen(.initiatorPackets, TableWriter.width(of: flow.fromInitiator.packets))
        widen(.responderPackets, TableWriter.width(of: flow.fromResponder.packets))
        widen(.initiatorBytes, TableWriter.width(of: flow.fromInitiator.bytes))
        widen(.responderBytes, TableWriter.width(of: flow.fromResponder.bytes))
        widen(.rule, ReportText.scalarCount(flow.rule.rawValue))
        if apart {
          let capture = flow.capture ?? ""
          widen(.capture, ReportText.scalarCount(capture))
          lastTrimmed = max(lastTrimmed, Self.trimmedCount(capture))
        }
      }
      lastTrimmed = max(lastTrimmed, ReportText.scalarCount(Column.capture.header))
    }

    private mutating func widen(_ column: Column, _ length: Int) {
      widths[column.rawValue] = max(widths[column.rawValue], length)
    }

    /// The columns shown in `width` (all when nil): without the byte counts, then without the
    /// rule, when the table's longest line and its indent would not fit.
    func fitted(width: Int?) -> [Column] {
      guard let width else { return columns }
      var kept = columns
      if longestLine(kept) + 2 > width {
        kept.removeAll { $0 == .initiatorBytes || $0 == .responderBytes }
        if longestLine(kept) + 2 > width { kept.removeAll { $0 == .rule } }
      }
      return kept
    }

    /// The scalars of the table's longest line with these columns. Every column but the last is
    /// padded to its width; the header's last cell has no trailing space, so the longest line
    /// ends in the last column's longest cell (trimmed).
    func longestLine(_ kept: [Column]) -> Int {
      guard let last = kept.last else { return 0 }
      let padded = kept.dropLast().reduce(0) { $0 + widths[$1.rawValue] }
      let end = last == .capture ? lastTrimmed : widths[last.rawValue]
      return padded + 2 * (kept.count - 1) + end
    }

    /// Writes the table, indented by two spaces, in chunks of about 64 KiB.
    func write(width: Int?, to output: (String) -> Void) {
      let kept = fitted(width: width)
      let table = TableWriter(widths: kept.map { widths[$0.rawValue] }, indent: "  ")
      for column in kept {
        if column.alignsRight { table.right(column.header) } else { table.left(column.header) }
      }
      table.endRow()
      for number in shown {
        let flow = flows.tableCells(at: number)
        for column in kept { Self.write(column, of: flow, to: table) }
        table.endRow()
        if table.count >= 1 << 16 { output(table.take()) }
      }
      output(table.take())
    }

    private static func write(
      _ column: Column, of flow: AnalysisReport.FlowRows.TableCells, to table: TableWriter
    ) {
      switch column {
      case .transport: table.left(flow.transport)
      case .initiator: table.left(flow.initiator)
      case .arrow: table.left(flow.initiatorKnown == .unknown ? "<->" : "->")
      case .responder: table.left(flow.responder)
      case .known: table.left(flow.initiatorKnown.rawValue)
      case .state: table.left(flow.state.rawValue)
      case .initiatorPackets: table.right(flow.fromInitiator.packets)
      case .responderPackets: table.right(flow.fromResponder.packets)
      case .initiatorBytes: table.right(flow.fromInitiator.bytes)
      case .responderBytes: table.right(flow.fromResponder.bytes)
      case .rule: table.left(flow.rule.rawValue)
      case .capture: table.left(flow.capture ?? "")
      }
    }

    /// Scalars in `text` without the ASCII spaces it ends in.
    private static func trimmedCount(_ text: String) -> Int {
      var end = text.utf8.endIndex
      while end > text.utf8.startIndex && text.utf8[text.utf8.index(before: end)] == 0x20 {
        end = text.utf8.index(before: end)
      }
      return ReportText.scalarCount(text[..<end])
    }
  }
}
