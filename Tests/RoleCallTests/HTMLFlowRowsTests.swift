import Foundation
import Mustache
import Testing

@testable import RoleCall

/// The HTML flow rows written into bytes, against the same rows rendered from the `flowRows`
/// template by Mustache; the page's escaping against Mustache's own.
@Suite struct HTMLFlowRowsTests {
  static func byTemplate(_ flows: AnalysisReport.FlowRows, _ shown: ArraySlice<Int>) -> String {
    let rows = HTMLReportRenderer.FlowRowsView(
      rows: shown.map { HTMLReportRenderer.FlowRowView(flows[$0]) })
    return HTMLBytes.byTemplate(rows, "flowRows")
  }

  static func byBytes(_ flows: AnalysisReport.FlowRows, _ shown: ArraySlice<Int>) -> String {
    HTMLBytes.byBytes { HTMLReportRenderer.flowRows(flows, shown, to: $0) }
  }

  @Test func everyCaptureWritesTheTemplatesRows() {
    var compared = 0
    for path in TestPaths.allCaptures {
      let report = ReportTests.report(atPath: path)
      let shown = ArraySlice(report.flows.indices)
      #expect(
        Self.byBytes(report.flows, shown) == Self.byTemplate(report.flows, shown),
        "\(path)")
      compared += 1
    }
    #expect(compared >= TestPaths.sampleCaptures.count)
  }

  @Test func escapesAsMustacheDoes() throws {
    // Capture names with every mark Mustache escapes, several bytes a scalar, a combining mark
    // that joins the character before it (which Mustache then leaves alone), CR LF, and none.
    let names = [
      "<script>alert('x')</script> & \"q\"", "é/dns.pcap", "<\u{338}&\u{301}x'\u{301}",
      "a\r\nb<", "", "plain.pcap",
    ]
    var report = ReportTests.report("dns.pcap")
    var rows = Array(report.flows)
    #expect(rows.count == 12)
    for (index, name) in names.enumerated() { rows[index].capture = name }
    rows[names.count].initiator = FlowsReport.EndpointRow(address: "fe80::1", port: 53)
    rows[names.count + 1].responder = FlowsReport.EndpointRow(address: "10.0.0.1", port: nil)
    report.flows = AnalysisReport.FlowRows(rows)
    let shown = ArraySlice(report.flows.indices)
    let written = Self.byBytes(report.flows, shown)
    #expect(written == Self.byTemplate(report.flows, shown))
    let hostile = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
    #expect(written.contains("<td>\(hostile)</td>"))
    #expect(written.contains("<td class=\"address\">[fe80::1]:53</td>"))
    #expect(written.split(separator: "\n").count == 12)
  }

  @Test func escapingEqualsMustachesOwn() throws {
    // Mustache's default content type is HTML: a template without a pragma escapes with it.
    let template = try MustacheTemplate(string: "{{value}}")
    let marks = ["<", ">", "&", "\"", "'", "a", "é", "\u{301}", "\u{338}", "\r", "\n", " "]
    // 1 + 12 + 144 + 1,728 texts.
    for text in ShortTexts.joining(marks, upTo: 3) {
      #expect(
        HTMLEscaping().escapeText(text) == template.render(["value": text]),
        "\(Array(text.unicodeScalars))")
    }
  }
}
