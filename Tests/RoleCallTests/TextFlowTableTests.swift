import Foundation
import Testing

@testable import RoleCall

extension ReportText {
  /// One flow's cells in the flow tables, as strings: what the renderers wrote before they
  /// wrote bytes.
  static func flowCells(_ flow: AnalysisReport.FlowRow) -> [String] {
    [
      flow.transport, flow.initiator.text, flow.initiatorKnown == .unknown ? "<->" : "->",
      flow.responder.text, flow.initiatorKnown.rawValue, flow.state.rawValue,
      String(flow.fromInitiator.packets), String(flow.fromResponder.packets),
      String(flow.fromInitiator.bytes), String(flow.fromResponder.bytes), flow.rule.rawValue,
    ]
  }
}

/// The flow tables of the text report, written into bytes, against the same tables made as one
/// string per cell, laid out by `ReportText.table` and narrowed by laying them out again: the
/// renderer before it wrote bytes.
@Suite struct TextFlowTableTests {
  /// The widths the tables are fitted to: none, every width where a column can drop out, and
  /// wide.
  static let widths: [Int?] = [nil] + Array(stride(from: 40, through: 140, by: 4)) + [400]

  /// One verdict's table as strings, fitted to `width` (nil: not fitted), each line indented.
  static func tableByCells(
    _ report: AnalysisReport, shown: [Int], apart: Bool, width: Int?
  ) -> String {
    var rows: [[String]] = [
      ["proto", "initiator", "", "responder", "known", "state", "pkts>", "pkts<"]
        + ["bytes>", "bytes<", "rule"] + (apart ? ["capture"] : [])
    ]
    for number in shown {
      let flow = report.flows[number]
      rows.append(ReportText.flowCells(flow) + (apart ? [flow.capture ?? ""] : []))
    }
    var right: Set<Int> = [6, 7, 8, 9]
    func tooWide() -> Bool {
      guard let width else { return false }
      return ReportText.table(rows, rightAligned: right).contains {
        $0.unicodeScalars.count + 2 > width
      }
    }
    if tooWide() {
      rows = rows.map { row in row.enumerated().filter { ![8, 9].contains($0.offset) }.map(\.1) }
      right = [6, 7]
      if tooWide() {
        rows = rows.map { row in row.enumerated().filter { $0.offset != 8 }.map(\.1) }
      }
    }
    return ReportText.table(rows, rightAligned: right).map { "  " + $0 + "\n" }.joined()
  }

  /// Every verdict's table of `report`, written by the renderer and by cells, at every width.
  static func compare(_ report: AnalysisReport, _ name: String) -> Int {
    let apart = report.summary.capturesApart
    var compared = 0
    for (_, _, shown) in ReportText.flowsByVerdict(report.flows, limit: nil) {
      let table = TextReportRenderer.FlowTable(report.flows, shown: shown, apart: apart)
      // And the widths either side of where each column drops out.
      let columns = table.columns
      let noBytes = columns.filter { $0 != .initiatorBytes && $0 != .responderBytes }
      let edges = [columns, noBytes].flatMap { kept in
        (-3...3).map { table.longestLine(kept) + 2 + $0 }
      }
      for width in widths + edges {
        var written = ""
        table.write(width: width) { written += $0 }
        let expected = tableByCells(report, shown: shown, apart: apart, width: width)
        #expect(written == expected, "\(name) width \(width.map(String.init) ?? "none")")
        compared += 1
      }
    }
    return compared
  }

  @Test func everyCaptureLaysOutAsByCells() {
    var compared = 0
    for path in TestPaths.allCaptures {
      let report = ReportTests.report(atPath: path)
      compared += Self.compare(report, path)
    }
    #expect(compared >= TestPaths.sampleCaptures.count * (Self.widths.count + 14))
  }

  @Test func capturesApartKeepTheirColumnTrimmed() {
    // Capture names of several bytes a scalar, and one ending in spaces, which no line keeps.
    let report = AnalysisReport.merging([
      ReportTests.report("midflow.pcap", capture: "Samples/midflow.pcap   "),
      ReportTests.report("swarm.pcap", capture: "é/swarm.pcap"),
      ReportTests.report("dns.pcap", capture: "dns.pcap"),
    ])
    #expect(report.summary.capturesApart)
    #expect(Self.compare(report, "merged") == 2 * (Self.widths.count + 14))
  }

  @Test func narrowsByDroppingBytesThenTheRule() throws {
    let report = ReportTests.report("dns.pcap")
    let shown = try #require(ReportText.flowsByVerdict(report.flows, limit: nil).first).shown
    #expect(shown.count == 12)
    let table = TextReportRenderer.FlowTable(report.flows, shown: shown, apart: false)
    func header(_ width: Int?) -> String {
      var written = ""
      table.write(width: width) { written += $0 }
      return String(written.prefix { $0 != "\n" })
    }
    let all = TextReportRenderer.FlowTable.Column.allCases.filter { $0 != .capture }
    #expect(table.fitted(width: nil) == all)
    let full = table.longestLine(all)
    #expect(table.fitted(width: full + 2) == all)
    let noBytes = all.filter { $0 != .initiatorBytes && $0 != .responderBytes }
    #expect(table.fitted(width: full + 1) == noBytes)
    #expect(table.fitted(width: table.longestLine(noBytes) + 1) == Array(noBytes.dropLast()))
    #expect(header(60).hasSuffix("state  pkts>  pkts<"))
    #expect(header(nil).hasSuffix("pkts<  bytes>  bytes<  rule"))
  }
}
