import Foundation
import Testing

@testable import RoleCall

/// The Markdown flow rows written into bytes, against the same rows made from the cells as
/// strings, each escaped or quoted as code: the renderer before it wrote bytes.
@Suite struct MarkdownFlowRowsTests {
  static func byCells(_ flows: AnalysisReport.FlowRows, _ shown: [Int], apart: Bool) -> String {
    shown.map { number in
      let flow = flows[number]
      var cells = ReportText.flowCells(flow)
      cells[1] = MarkdownReportRenderer.code(cells[1])
      cells[3] = MarkdownReportRenderer.code(cells[3])
      for index in [0, 2, 4, 5, 10] { cells[index] = MarkdownReportRenderer.escape(cells[index]) }
      if apart { cells.append(MarkdownReportRenderer.code(flow.capture ?? "")) }
      return "| " + cells.joined(separator: " | ") + " |\n"
    }.joined()
  }

  static func written(_ flows: AnalysisReport.FlowRows, _ shown: [Int], apart: Bool) -> String {
    var text = ""
    MarkdownReportRenderer.flowRows(flows, shown, apart: apart) { text += $0 }
    return text
  }

  @Test func everyCaptureWritesTheCellsRows() {
    var compared = 0
    for path in TestPaths.allCaptures {
      let report = ReportTests.report(atPath: path, capture: path)
      let shown = Array(report.flows.indices)
      for apart in [false, true] {
        #expect(
          Self.written(report.flows, shown, apart: apart)
            == Self.byCells(report.flows, shown, apart: apart), "\(path)")
        compared += 1
      }
    }
    #expect(compared >= 2 * TestPaths.sampleCaptures.count)
  }

  @Test func escapesHostileNamesAsTheCellsDid() {
    // Capture names and addresses with backticks, pipes, new lines, marks Markdown escapes,
    // several bytes a scalar, a carriage return; an IPv6 endpoint and one without a port.
    let names = [
      "a`b|c", "`start", "x\ny", "*bold* _it_ [l](u) <t> & ~ # |", "é/dns.pcap", "a\r\nb", "",
      "1. list", "- item",
    ]
    var report = ReportTests.report("dns.pcap")
    var rows = Array(report.flows)
    #expect(rows.count == 12)
    for (index, name) in names.enumerated() {
      rows[index].capture = name
      rows[index].initiator.address = name
    }
    rows[names.count].initiator = FlowsReport.EndpointRow(address: "fe80::1", port: 53)
    rows[names.count + 1].responder = FlowsReport.EndpointRow(address: "10.0.0.1", port: nil)
    report.flows = AnalysisReport.FlowRows(rows)
    let shown = Array(report.flows.indices)
    let written = Self.written(report.flows, shown, apart: true)
    #expect(written == Self.byCells(report.flows, shown, apart: true))
    #expect(written.contains("| ``a`b\\|c:"))
    #expect(written.contains("| `[fe80::1]:53` |"))
    #expect(written.contains("| `10.0.0.1` |"))
    // One line a row: no name's new line or carriage return is left in a cell.
    #expect(written.utf8.filter { $0 == 0x0A || $0 == 0x0D }.count == 12)
    // CR LF is one Character: it once slipped past the Character paths' `"\n", "\r"`.
    #expect(MarkdownReportRenderer.escape("a\r\nb") == "a b")
    #expect(MarkdownReportRenderer.code("a\r\nb") == "`a b`")
  }
}
