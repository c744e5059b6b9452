/// `rolecall analyze` for a terminal: summary, hosts (most significant first), swarms, flows by
/// verdict, warnings and totals. Prose is wrapped to `options.width`; colour and bold only when
/// `options.color` is set (the command sets it on a terminal).
enum TextReportRenderer {
  static func render(
    _ report: AnalysisReport, options: AnalysisRenderer.Options,
    to output: inout some TextOutputStream
  ) {
    var out = Writer(options: options, output: output)
    out.line(out.bold("rolecall report: \(ReportText.title(report))"))
    summary(report, &out)
    hosts(report, &out)
    swarms(report, &out)
    flows(report, &out)
    warnings(report, &out)
    totals(report, &out)
    output = out.finish()
  }

  /// Writes the text through a byte buffer, handed on 64 KiB at a time, with styles that vanish
  /// when colour is off.
  struct Writer<Output: TextOutputStream> {
    let options: AnalysisRenderer.Options
    var output: Output
    private let buffer = ByteBuffer(capacity: 1 << 17)

    init(options: AnalysisRenderer.Options, output: Output) {
      self.options = options
      self.output = output
    }

    mutating func line(_ value: String = "") {
      buffer.append(value)
      buffer.append(0x0A)
      flushIfFull()
    }

    /// Text made elsewhere, whole lines, written after what is buffered.
    mutating func write(_ chunk: String) {
      if buffer.count > 0 { buffer.flush(to: &output) }
      output.write(chunk)
    }

    mutating func finish() -> Output {
      buffer.flush(to: &output)
      return output
    }

    /// Wraps `value` to the width: the first line after `first`, the others after `rest`.
    mutating func wrapped(_ value: String, first: String, rest: String, style: String? = nil) {
      buffer.appendWrapped(
        value, width: options.width, first: first, rest: rest,
        style: options.color ? style : nil)
      flushIfFull()
    }

    private mutating func flushIfFull() {
      if buffer.count >= 1 << 16 { buffer.flush(to: &output) }
    }

    func paint(_ value: String, _ code: String) -> String {
      options.color ? "\u{1B}[\(code)m\(value)\u{1B}[0m" : value
    }

    func bold(_ value: String) -> String { paint(value, "1") }
    func dim(_ value: String) -> String { paint(value, "2") }

    func role(_ name: String) -> String {
      switch name {
      case "client": paint(name, "36")
      case "server": paint(name, "32")
      case "peer": paint(name, "35")
      default: name
      }
    }

    mutating func heading(_ value: String) {
      line()
      line(bold(value))
    }
  }

  private static func summary(_ report: AnalysisReport, _ out: inout Writer<some TextOutputStream>)
  {
    out.heading("Summary")
    for (label, value) in ReportText.summaryRows(report) {
      out.wrapped(
        value, first: "  " + ReportText.pad(label, 10),
        rest: String(repeating: " ", count: 12))
    }
  }

  private static func hosts(_ report: AnalysisReport, _ out: inout Writer<some TextOutputStream>) {
    let order = report.summary.hostOrder
    guard !order.isEmpty else {
      out.heading("Hosts: none (no TCP or UDP flow)")
      return
    }
    let shown = ReportText.cut(order, out.options.hostLimit)
    var capture: String?? = .none
    if !report.summary.capturesApart { out.heading("Hosts, most significant first") }
    for index in shown {
      let host = report.hosts[index]
      if report.summary.capturesApart && capture != .some(host.capture) {
        capture = .some(host.capture)
        out.heading("Hosts in \(host.capture ?? "?"), most significant first")
      }
      let roles =
        host.roles.isEmpty
        ? out.dim("no role (only unanswered or unclassified traffic)")
        : host.roles.map { out.role($0) }.joined(separator: ", ")
      out.line("  " + out.bold(host.address) + "  " + roles)
      for finding in host.findings {
        out.wrapped(finding.text, first: "    - ", rest: "      ")
        for lesson in finding.lessons {
          out.wrapped(
            "lesson: \"\(ReportText.quote(lesson.text))\" (\(ReportText.source(lesson)))",
            first: "      ", rest: "        ", style: "2")
        }
        if finding.lessons.isEmpty {
          out.wrapped(
            "lesson: none of the loaded pages teaches this well enough to quote", first: "      ",
            rest: "        ", style: "2")
        }
        if let related = finding.relatedPage {
          out.wrapped(
            "see also: \(related.title) <\(related.href)>", first: "      ", rest: "        ",
            style: "2")
        }
      }
      for (label, value) in ReportText.hostDetails(host, limit: out.options.listLimit) {
        out.wrapped(
          value, first: "    " + ReportText.pad(label, 10),
          rest: String(repeating: " ", count: 14))
      }
    }
    if shown.count < order.count {
      out.line("  … and \(order.count - shown.count) more hosts (--all shows them)")
    }
  }

  private static func swarms(_ report: AnalysisReport, _ out: inout Writer<some TextOutputStream>) {
    guard !report.swarms.isEmpty else {
      out.heading("Peer-to-peer groups (swarms): none")
      return
    }
    out.heading("Peer-to-peer groups (swarms)")
    for (number, swarm) in ReportText.cut(report.swarms, out.options.listLimit).enumerated() {
      let place = swarm.capture.map { " in \($0)" } ?? ""
      out.wrapped(
        ReportText.list(swarm.members, limit: out.options.listLimit),
        first: "  " + out.bold("swarm \(number + 1)\(place):") + " ",
        rest: "    ")
      out.wrapped(swarm.text, first: "    ", rest: "    ")
      var rows: [[String]] = []
      for link in ReportText.cut(swarm.connections, out.options.listLimit) {
        let connection = report.connections[link]
        rows.append([
          connection.from, ReportText.arrow(connection), connection.to,
          ReportText.count(connection.flows, "flow"), ReportText.opened(connection),
          connection.services.joined(separator: ", "),
        ])
      }
      if !rows.isEmpty {
        for row in ReportText.table(rows, rightAligned: []) {
          out.line("    " + row)
        }
      }
      if swarm.connections.count > rows.count {
        out.line(
          "      … and \(swarm.connections.count - rows.count) more pairs (--all shows them)")
      }
      for lesson in swarm.lessons {
        out.wrapped(
          "lesson: \"\(ReportText.quote(lesson.text))\" (\(ReportText.source(lesson)))",
          first: "    ", rest: "      ", style: "2")
      }
    }
    if report.swarms.count > out.options.listLimit ?? report.swarms.count {
      out.line(
        "  … and \(report.swarms.count - (out.options.listLimit ?? 0)) more swarms "
          + "(--all shows them)")
    }
  }

  private static func warnings(_ report: AnalysisReport, _ out: inout Writer<some TextOutputStream>)
  {
    guard !report.warnings.isEmpty else {
      out.heading("Warnings: none")
      return
    }
    out.heading("Warnings")
    for warning in report.warnings {
      let place = warning.capture.map { "[\($0)] " } ?? ""
      out.wrapped(
        place + warning.text, first: "  " + out.paint("!", "33;1") + " ", rest: "    ")
      let examples = ReportText.cut(warning.flows, out.options.exampleLimit)
      if !examples.isEmpty {
        var rows: [[String]] = []
        for index in examples {
          let flow = report.flows[index]
          rows.append(
            [
              flow.transport, flow.initiator.text,
              flow.initiatorKnown == .unknown ? "<->" : "->", flow.responder.text,
              flow.initiatorKnown.rawValue, flow.state.rawValue,
              "\(flow.fromInitiator.packets)/\(flow.fromResponder.packets) packets",
            ])
        }
        for row in ReportText.table(rows, rightAligned: []) {
          out.line("      " + row)
        }
        if examples.count < warning.flows.count {
          out.line("      … and \(warning.flows.count - examples.count) more (--all shows them)")
        }
      }
      for lesson in warning.lessons {
        out.wrapped(
          "lesson: \"\(ReportText.quote(lesson.text))\" (\(ReportText.source(lesson)))",
          first: "    ", rest: "      ", style: "2")
      }
    }
  }

  private static func totals(_ report: AnalysisReport, _ out: inout Writer<some TextOutputStream>) {
    out.heading("Totals")
    out.line("  flows by verdict: \(FlowsRenderer.counts(report.totals.flowsByVerdict))")
    out.line("  hosts by role: \(FlowsRenderer.counts(report.totals.hostsByRole))")
    let text = FlowsRenderer.totalsText(
      FlowsReport(files: report.files, flows: [], totals: report.totals.capture))
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      out.wrapped(String(line), first: "  ", rest: "    ")
    }
  }
}
