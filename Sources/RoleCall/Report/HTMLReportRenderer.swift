import Foundation
import Mustache

/// `rolecall analyze --format html`: one self-contained page (inline style, inline SVG, no
/// script, nothing fetched) with the connection graph, the hosts with their lessons beside the
/// findings, the swarms, the flows and the warnings.
///
/// The page comes from the Mustache templates in `HTMLReportTemplates`, which escape every
/// value; this file only turns the report into plain view values. The parts that repeat (the
/// graphs, host cards, swarms, flow rows and warnings) are written into bytes in their
/// templates' markup (`graph`, `hostCard`, `swarm`, `flowRows`, `warning`) and handed on in
/// chunks, so `--all` on 200,000 flows never holds the whole page in memory.
enum HTMLReportRenderer {
  static let library: MustacheLibrary? = {
    var library = MustacheLibrary()
    // Each template escapes with `HTMLEscaping`, which gives what Mustache's own HTML escaping
    // gives, faster.
    MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
    let pragma = "{{% CONTENT_TYPE: \(HTMLEscaping.name) }}\n"
    do {
      for (template, name) in [
        (HTMLReportTemplates.top, "top"), (HTMLReportTemplates.graph, "graph"),
        (HTMLReportTemplates.hostsStart, "hostsStart"),
        (HTMLReportTemplates.hostCard, "hostCard"), (HTMLReportTemplates.middle, "middle"),
        (HTMLReportTemplates.flowGroupStart, "flowGroupStart"),
        (HTMLReportTemplates.flowRows, "flowRows"),
        (HTMLReportTemplates.swarm, "swarm"), (HTMLReportTemplates.swarmsEnd, "swarmsEnd"),
        (HTMLReportTemplates.flowGroupEnd, "flowGroupEnd"), (HTMLReportTemplates.bottom, "bottom"),
        (HTMLReportTemplates.warning, "warning"), (HTMLReportTemplates.bottomEnd, "bottomEnd"),
      ] {
        try library.register(pragma + template, named: name)
      }
    } catch {
      return nil
    }
    return library
  }()

  static func render(
    _ report: AnalysisReport, options: AnalysisRenderer.Options,
    to output: inout some TextOutputStream
  ) {
    guard let library else {
      output.write("<!DOCTYPE html><title>rolecall</title><p>The report template is broken.</p>\n")
      return
    }
    let anchors = HostAnchors(report)
    let hosts = ReportText.cut(report.summary.hostOrder, options.hostLimit)
    let page = page(report, options, hosts: hosts.count)
    output.write(library.render(page, withTemplate: "top") ?? "")
    let cards = ByteBuffer(capacity: 1 << 16)
    write(graphs(report, anchors), into: cards, to: &output) { graph($0, to: $1) }
    output.write(library.render(page, withTemplate: "hostsStart") ?? "")
    write(hosts, into: cards, to: &output) { index, buffer in
      hostCard(hostView(report.hosts[index], options, anchors), to: buffer)
    }
    output.write(library.render(page, withTemplate: "middle") ?? "")
    write(page.swarms, into: cards, to: &output) { swarm($0, to: $1) }
    output.write(library.render(page, withTemplate: "swarmsEnd") ?? "")
    for (verdict, count, shown) in ReportText.flowsByVerdict(report.flows, limit: options.limit) {
      let group = FlowGroupView(
        verdict: verdict.rawValue, count: String(count),
        lessons: (report.flowLessons[verdict.rawValue] ?? []).map(LessonView.init),
        apart: report.summary.capturesApart)
      output.write(library.render(group, withTemplate: "flowGroupStart") ?? "")
      // In chunks of 500 rows: through `write(_:into:to:_:)`, a call a row, each row cost 1,600
      // instructions more.
      var start = shown.startIndex
      while start < shown.endIndex {
        let end = min(start + 500, shown.endIndex)
        flowRows(report.flows, shown[start..<end], to: cards)
        cards.flush(to: &output)
        start = end
      }
      let more =
        shown.count < count
        ? "… and \(count - shown.count) more (--all shows them)" : nil
      output.write(library.render(FlowGroupEnd(more: more), withTemplate: "flowGroupEnd") ?? "")
    }
    let bottom = bottom(report, options)
    output.write(library.render(bottom, withTemplate: "bottom") ?? "")
    write(bottom.warnings, into: cards, to: &output) { warning($0, to: $1) }
    output.write(library.render(bottom, withTemplate: "bottomEnd") ?? "")
  }

  /// Writes each of `parts` into `buffer` with `write`, handing the bytes on to `output` every
  /// 64 KiB and after the last.
  private static func write<Part>(
    _ parts: some Sequence<Part>, into buffer: ByteBuffer, to output: inout some TextOutputStream,
    _ write: (Part, ByteBuffer) -> Void
  ) {
    for part in parts {
      write(part, buffer)
      if buffer.count >= 1 << 16 { buffer.flush(to: &output) }
    }
    buffer.flush(to: &output)
  }

  // MARK: View values (plain strings; the templates escape them)

  struct Row {
    var label: String
    var value: String
  }

  struct LessonView {
    var quote: String
    var source: String

    init(_ lesson: LessonLink) {
      quote = ReportText.quote(lesson.text, limit: 240)
      source = ReportText.source(lesson)
    }
  }

  struct FindingView {
    var text: String
    var lessons: [LessonView]
    var related: String?
  }

  struct HostView {
    var anchor: String
    var address: String
    var roles: [String]
    var capture: String?
    var findings: [FindingView]
    var hasDetails: Bool
    var details: [Row]
  }

  struct PairView {
    var from: String
    var arrow: String
    var to: String
    var flows: String
    var opened: String
    var ports: String
  }

  struct SwarmView {
    var number: String
    var capture: String?
    var members: String
    var text: String
    var pairs: [PairView]
    var morePairs: String?
    var lessons: [LessonView]
  }

  struct Page {
    var title: String
    var style: String
    var summary: [Row]
    /// Whether any host is shown (their cards are written between the `hostsStart` and
    /// `middle` templates, by `hostCard(_:to:)`).
    var hosts: Bool
    var moreHosts: String?
    var swarms: [SwarmView]
    var moreSwarms: String?
    var flowGroups: [String]
  }

  struct FlowGroupView {
    var verdict: String
    var count: String
    var lessons: [LessonView]
    var apart: Bool
  }

  /// The values of one row of the `flowRows` template, which `flowRows(_:_:)` writes without
  /// Mustache; a test renders both and compares them.
  struct FlowRowView {
    var transport: String
    var initiator: String
    var arrow: String
    var responder: String
    var known: String
    var state: String
    var packetsOut: String
    var packetsIn: String
    var bytesOut: String
    var bytesIn: String
    var rule: String
    var confidence: String
    var capture: String?

    init(_ flow: AnalysisReport.FlowRow) {
      transport = flow.transport
      initiator = flow.initiator.text
      arrow = flow.initiatorKnown == .unknown ? "↔" : "→"
      responder = flow.responder.text
      known = flow.initiatorKnown.rawValue
      state = flow.state.rawValue
      packetsOut = String(flow.fromInitiator.packets)
      packetsIn = String(flow.fromResponder.packets)
      bytesOut = String(flow.fromInitiator.bytes)
      bytesIn = String(flow.fromResponder.bytes)
      rule = flow.rule.rawValue
      confidence = flow.confidence.rawValue
      capture = flow.capture
    }
  }

  struct FlowRowsView {
    var rows: [FlowRowView]
  }

  struct FlowGroupEnd {
    var more: String?
  }

  struct WarningView {
    var kind: String
    var capture: String?
    var text: String
    var hasExamples: Bool
    var examples: [String]
    var more: String?
    var lessons: [LessonView]
  }

  struct Bottom {
    var warnings: [WarningView]
    var totals: String
  }

  /// Anchors for host cards: `host-10-0-0-1`, with the capture's number in front when
  /// captures were analysed apart (`c2-host-10-0-0-1`).
  struct HostAnchors {
    private var captureNumbers: [String: Int] = [:]

    init(_ report: AnalysisReport) {
      for index in report.hosts.indices {
        if let capture = report.hosts.capture(at: index), captureNumbers[capture] == nil {
          captureNumbers[capture] = captureNumbers.count + 1
        }
      }
    }

    func anchor(_ host: AnalysisReport.HostRow) -> String {
      let name = String(
        host.address.unicodeScalars.map { scalar in
          CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII ? Character(scalar) : "-"
        })
      let prefix = host.capture.flatMap { captureNumbers[$0] }.map { "c\($0)-" } ?? ""
      return "\(prefix)host-\(name)"
    }

    func number(_ capture: String?) -> Int { capture.flatMap { captureNumbers[$0] } ?? 0 }
  }

  /// The page's values but the graphs and the host cards, of which `hosts` are shown.
  static func page(
    _ report: AnalysisReport, _ options: AnalysisRenderer.Options, hosts: Int
  ) -> Page {
    let order = report.summary.hostOrder
    let swarms = ReportText.cut(report.swarms, options.listLimit)
    return Page(
      title: ReportText.title(report), style: HTMLReportStyle.css,
      summary: ReportText.summaryRows(report).map { Row(label: $0.0, value: $0.1) },
      hosts: hosts > 0,
      moreHosts: hosts < order.count
        ? "… and \(order.count - hosts) more hosts (--all shows them)" : nil,
      swarms: swarms.enumerated().map { number, swarm in
        let links = ReportText.cut(swarm.connections, options.listLimit)
        return SwarmView(
          number: String(number + 1), capture: swarm.capture,
          members: ReportText.list(swarm.members, limit: options.listLimit), text: swarm.text,
          pairs: links.map { link in
            let connection = report.connections[link]
            let arrow = ReportText.arrow(connection)
            return PairView(
              from: connection.from, arrow: arrow == "<->" ? "↔" : arrow == "--" ? "—" : "→",
              to: connection.to, flows: String(connection.flows),
              opened: ReportText.opened(connection),
              ports: connection.services.joined(separator: ", "))
          },
          morePairs: links.count < swarm.connections.count
            ? "… and \(swarm.connections.count - links.count) more pairs (--all shows them)"
            : nil,
          lessons: swarm.lessons.map(LessonView.init))
      },
      moreSwarms: swarms.count < report.swarms.count
        ? "… and \(report.swarms.count - swarms.count) more swarms (--all shows them)" : nil,
      flowGroups: FlowVerdict.allCases.map(\.rawValue).filter {
        report.summary.flowsByVerdict[$0, default: 0] > 0
      })
  }

  /// The values of one host's card.
  static func hostView(
    _ host: AnalysisReport.HostRow, _ options: AnalysisRenderer.Options, _ anchors: HostAnchors
  ) -> HostView {
    let details = ReportText.hostDetails(host, limit: options.listLimit).filter {
      $0.0 != "capture"
    }.map { Row(label: $0.0.isEmpty ? "also offers" : $0.0, value: $0.1) }
    return HostView(
      anchor: anchors.anchor(host), address: host.address, roles: host.roles,
      capture: host.capture,
      findings: host.findings.map { finding in
        FindingView(
          text: finding.text, lessons: finding.lessons.map(LessonView.init),
          related: finding.relatedPage.map { "\($0.title) (\($0.href))" })
      }, hasDetails: !details.isEmpty, details: details)
  }

  static func bottom(
    _ report: AnalysisReport, _ options: AnalysisRenderer.Options
  )
    -> Bottom
  {
    let totals =
      "flows by verdict: \(FlowsRenderer.counts(report.totals.flowsByVerdict))\n"
      + "hosts by role: \(FlowsRenderer.counts(report.totals.hostsByRole))\n"
      + FlowsRenderer.totalsText(
        FlowsReport(files: report.files, flows: [], totals: report.totals.capture))
    return Bottom(
      warnings: report.warnings.map { warning in
        let examples = ReportText.cut(warning.flows, options.exampleLimit).map { index in
          let flow = report.flows[index]
          let arrow = flow.initiatorKnown == .unknown ? "↔" : "→"
          return "\(flow.transport) \(flow.initiator.text) \(arrow) \(flow.responder.text): "
            + "\(flow.initiatorKnown.rawValue), \(flow.state.rawValue), "
            + "\(flow.fromInitiator.packets)/\(flow.fromResponder.packets) packets"
        }
        return WarningView(
          kind: warning.kind.rawValue, capture: warning.capture, text: warning.text,
          hasExamples: !examples.isEmpty, examples: Array(examples),
          more: examples.count < warning.flows.count
            ? "… and \(warning.flows.count - examples.count) more (--all shows them)" : nil,
          lessons: warning.lessons.map(LessonView.init))
      },
      totals: String(totals.dropLast()))
  }
}
