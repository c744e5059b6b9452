import Foundation

/// Renders an `AnalysisReport`: pure functions of the report, no analysis inside.
public enum AnalysisRenderer {
  /// The output formats of `rolecall analyze` (more come with the report work).
  public enum Format: String, CaseIterable, Sendable {
    case text, json
  }

  /// The report in `format`; `limit` cuts long flow lists in text (nil shows every flow).
  public static func render(_ report: AnalysisReport, as format: Format, limit: Int? = 20) -> String
  {
    switch format {
    case .json: json(report)
    case .text: text(report, limit: limit)
    }
  }

  /// One JSON object with `files`, `flows`, `hosts` and `totals`; keys sorted, output stable.
  public static func json(_ report: AnalysisReport) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(report) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// A passage cut to one line for quoting.
  static func quote(_ text: String, limit: Int = 110) -> String {
    let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
  }

  /// Hosts with their roles and findings, then flows grouped by verdict, then totals.
  public static func text(_ report: AnalysisReport, limit: Int?) -> String {
    var output = "Hosts\n"
    for host in report.hosts where !host.roles.isEmpty {
      output += "  \(host.address): \(host.roles.joined(separator: ", "))\n"
      for finding in host.findings {
        output += "    - \(finding.text)\n"
        for lesson in finding.lessons {
          output +=
            "      lesson: \"\(quote(lesson.text))\" (\(lesson.pageTitle) > \(lesson.section))\n"
        }
        if finding.lessons.isEmpty {
          output += "      lesson: none of the loaded pages teaches this well enough to quote\n"
        }
        if let related = finding.relatedPage {
          output += "      see also: \(related.title) <\(related.href)>\n"
        }
      }
    }
    let quiet = report.hosts.filter { $0.roles.isEmpty }.count
    if quiet > 0 {
      output += "  (\(quiet) more hosts with no role: only unanswered or unclassified traffic)\n"
    }
    for verdict in FlowVerdict.allCases {
      let flows = report.flows.filter { $0.verdict == verdict }
      guard !flows.isEmpty else { continue }
      output += "\nFlows: \(verdict.rawValue) (\(flows.count))\n"
      var rows: [[String]] = [
        ["proto", "initiator", "", "responder", "known", "state", "rule", "confidence"]
      ]
      for flow in flows.prefix(limit ?? flows.count) {
        rows.append([
          flow.transport, flow.initiator.text, flow.initiatorKnown == .unknown ? "<->" : "->",
          flow.responder.text, flow.initiatorKnown.rawValue, flow.state.rawValue,
          flow.rule.rawValue,
          flow.confidence.rawValue,
        ])
      }
      output +=
        FlowsRenderer.table(rows, rightAligned: []).split(separator: "\n").map { "  " + $0 }
        .joined(separator: "\n") + "\n"
      if let limit, flows.count > limit {
        output += "  … and \(flows.count - limit) more (--all shows them)\n"
      }
    }
    output += "\nflows by verdict: \(FlowsRenderer.counts(report.totals.flowsByVerdict))\n"
    output += "hosts by role: \(FlowsRenderer.counts(report.totals.hostsByRole))\n"
    output += FlowsRenderer.totalsText(
      FlowsReport(files: report.files, flows: [], totals: report.totals.capture))
    return output
  }
}
