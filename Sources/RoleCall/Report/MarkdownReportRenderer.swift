/// `rolecall analyze --format markdown`: the report for a lab write-up (CommonMark with GitHub
/// tables). Text from captures and course pages is escaped, so a path or a passage cannot start
/// a list, a link or a table cell of its own.
enum MarkdownReportRenderer {
  static func render(
    _ report: AnalysisReport, options: AnalysisRenderer.Options,
    to output: inout some TextOutputStream
  ) {
    var out = TextReportRenderer.Writer(
      options: AnalysisRenderer.Options(limit: options.limit), output: output)
    out.line("# rolecall report: \(escape(ReportText.title(report)))")
    out.line()
    out.line("## Summary")
    out.line()
    out.line("| | |")
    out.line("|---|---|")
    for (label, value) in ReportText.summaryRows(report) {
      out.line("| \(label) | \(escape(value)) |")
    }
    hosts(report, &out)
    swarms(report, &out)
    flows(report, &out)
    warnings(report, &out)
    out.line()
    out.line("## Totals")
    out.line()
    let totals =
      "flows by verdict: \(FlowsRenderer.counts(report.totals.flowsByVerdict))\n"
      + "hosts by role: \(FlowsRenderer.counts(report.totals.hostsByRole))\n"
      + FlowsRenderer.totalsText(
        FlowsReport(files: report.files, flows: [], totals: report.totals.capture))
    let fence = self.fence(for: totals)
    out.line(fence + "text")
    for line in totals.split(separator: "\n") { out.line(String(line)) }
    out.line(fence)
    output = out.finish()
  }

  private static func hosts(
    _ report: AnalysisReport, _ out: inout TextReportRenderer.Writer<some TextOutputStream>
  ) {
    out.line()
    let order = report.summary.hostOrder
    guard !order.isEmpty else {
      out.line("## Hosts")
      out.line()
      out.line("No host: the captures hold no TCP or UDP flow.")
      return
    }
    out.line("## Hosts, most significant first")
    let shown = ReportText.cut(order, out.options.hostLimit)
    for index in shown {
      let host = report.hosts[index]
      let roles = host.roles.isEmpty ? "no role" : host.roles.joined(separator: ", ")
      let place = host.capture.map { " (in \(code($0)))" } ?? ""
      out.line()
      out.line("### \(code(host.address)): \(roles)\(place)")
      out.line()
      for finding in host.findings {
        out.line("- \(escape(finding.text))")
        for lesson in finding.lessons {
          out.line()
          out.line("  > \(escape(ReportText.quote(lesson.text)))")
          out.line("  > — *\(escape(ReportText.source(lesson)))*")
        }
        if let related = finding.relatedPage {
          out.line()
          out.line("  See also: \(escape(related.title)) (\(code(related.href)))")
        }
        out.line()
      }
      if host.findings.isEmpty {
        out.line("Only unanswered or unclassified traffic.")
        out.line()
      }
      for (label, value) in ReportText.hostDetails(host, limit: out.options.listLimit)
      where label != "capture" {
        out.line("- **\(label.isEmpty ? "also offers" : label)**: \(escape(value))")
      }
    }
    if shown.count < order.count {
      out.line()
      out.line("*… and \(order.count - shown.count) more hosts (`--all` shows them).*")
    }
  }

  private static func swarms(
    _ report: AnalysisReport, _ out: inout TextReportRenderer.Writer<some TextOutputStream>
  ) {
    out.line()
    out.line("## Peer-to-peer groups (swarms)")
    out.line()
    guard !report.swarms.isEmpty else {
      out.line("None: no host exchanged peer-to-peer flows.")
      return
    }
    let swarms = ReportText.cut(report.swarms, out.options.listLimit)
    for (number, swarm) in swarms.enumerated() {
      let place = swarm.capture.map { " in \(code($0))" } ?? ""
      out.line("### Swarm \(number + 1)\(place)")
      out.line()
      out.line(
        "Members: "
          + ReportText.cut(swarm.members, out.options.listLimit).map(code).joined(separator: ", ")
          + (swarm.members.count > (out.options.listLimit ?? swarm.members.count)
            ? " and \(swarm.members.count - (out.options.listLimit ?? 0)) more" : ""))
      out.line()
      out.line(escape(swarm.text))
      out.line()
      out.line("| peer | | peer | flows | opened | ports |")
      out.line("|---|:-:|---|--:|---|---|")
      let links = ReportText.cut(swarm.connections, out.options.listLimit)
      for link in links {
        let connection = report.connections[link]
        out.line(
          "| \(code(connection.from)) | \(escape(ReportText.arrow(connection))) "
            + "| \(code(connection.to)) | \(connection.flows) "
            + "| \(escape(ReportText.opened(connection))) "
            + "| \(escape(connection.services.joined(separator: ", "))) |")
      }
      if links.count < swarm.connections.count {
        out.line()
        out.line(
          "*… and \(swarm.connections.count - links.count) more pairs (`--all` shows them).*")
      }
      for lesson in swarm.lessons {
        out.line()
        out.line("> \(escape(ReportText.quote(lesson.text)))")
        out.line("> — *\(escape(ReportText.source(lesson)))*")
      }
      out.line()
    }
    if swarms.count < report.swarms.count {
      out.line("*… and \(report.swarms.count - swarms.count) more swarms (`--all` shows them).*")
    }
  }

  private static func flows(
    _ report: AnalysisReport, _ out: inout TextReportRenderer.Writer<some TextOutputStream>
  ) {
    let apart = report.summary.capturesApart
    for (verdict, count, shown) in ReportText.flowsByVerdict(
      report.flows, limit: out.options.limit)
    {
      out.line()
      out.line("## Flows: \(verdict.rawValue) (\(count))")
      out.line()
      for lesson in report.flowLessons[verdict.rawValue] ?? [] {
        out.line("> \(escape(ReportText.quote(lesson.text)))")
        out.line("> — *\(escape(ReportText.source(lesson)))*")
        out.line()
      }
      out.line(
        "| proto | initiator | | responder | known | state | pkts> | pkts< | bytes> | bytes< "
          + "| rule |" + (apart ? " capture |" : ""))
      out.line("|---|---|:-:|---|---|---|--:|--:|--:|--:|---|" + (apart ? "---|" : ""))
      flowRows(report.flows, shown, apart: apart) { out.write($0) }
      if shown.count < count {
        out.line()
        out.line("*… and \(count - shown.count) more (`--all` shows them).*")
      }
    }
  }

  private static func warnings(
    _ report: AnalysisReport, _ out: inout TextReportRenderer.Writer<some TextOutputStream>
  ) {
    out.line()
    out.line("## Warnings")
    out.line()
    guard !report.warnings.isEmpty else {
      out.line("None.")
      return
    }
    for warning in report.warnings {
      let place = warning.capture.map { "\(code($0)): " } ?? ""
      out.line("- **\(warning.kind.rawValue)**: \(place)\(escape(warning.text))")
      let examples = ReportText.cut(warning.flows, out.options.exampleLimit)
      for index in examples {
        let flow = report.flows[index]
        let arrow = flow.initiatorKnown == .unknown ? "<->" : "->"
        out.line(
          "  - \(flow.transport) \(code(flow.initiator.text)) \(escape(arrow)) "
            + "\(code(flow.responder.text)): \(flow.initiatorKnown.rawValue), "
            + "\(flow.state.rawValue), \(flow.fromInitiator.packets)/"
            + "\(flow.fromResponder.packets) packets")
      }
      if examples.count < warning.flows.count {
        out.line("  - *… and \(warning.flows.count - examples.count) more*")
      }
      for lesson in warning.lessons {
        out.line()
        out.line("  > \(escape(ReportText.quote(lesson.text)))")
        out.line("  > — *\(escape(ReportText.source(lesson)))*")
      }
    }
  }

  /// Backslash-escapes the characters that could start markup, `|` included (tables).
  static func escape(_ text: String) -> String {
    var text = text
    if let escaped = text.withUTF8({ PlainText.isPlain($0) ? plainEscape($0) : nil }) {
      return escaped
    }
    return characterEscape(text)
  }

  /// The ASCII characters `escape` puts a backslash before.
  private static let marks: [UInt8] = Array(#"\`*_[]<>&~#|"#.utf8)

  /// `escape` of plain text (`PlainText`), a byte a character: the Character path's switch
  /// compared every character as a string: 31 % of the samples of `--all` on big.pcap.
  static func plainEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let marks = MarkdownReportRenderer.marks
    return String(unsafeUninitializedCapacity: bytes.count * 2 + 1) { out in
      var count = 0
      for byte in bytes {
        if marks.contains(byte) {
          out[count] = UInt8(ascii: "\\")
          count += 1
        }
        out[count] = byte == 0x0A ? UInt8(ascii: " ") : byte
        count += 1
      }
      // A line may not start a list item or an underline: `- x`, `+ x`, `= x`, `1. x`, `1) x`.
      var insertAt: Int?
      if count > 0, [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "=")].contains(out[0]) {
        insertAt = 0
      } else {
        var end = 0
        while end < count, (0x30...0x39).contains(out[end]) { end += 1 }
        if end > 0, end < count, out[end] == UInt8(ascii: ".") || out[end] == UInt8(ascii: ")") {
          insertAt = end
        }
      }
      if let at = insertAt {
        var index = count
        while index > at {
          out[index] = out[index - 1]
          index -= 1
        }
        out[at] = UInt8(ascii: "\\")
        count += 1
      }
      return count
    }
  }

  /// `escape`, one Character at a time.
  static func characterEscape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "&", "~", "#", "|":
        escaped.append("\\")
        escaped.append(character)
      case "\n", "\r", "\r\n":  // CR LF is one Character
        escaped.append(" ")
      default:
        escaped.append(character)
      }
    }
    // A line may not start a list item or an underline: `- x`, `+ x`, `= x`, `1. x`, `1) x`.
    if let first = escaped.first, "-+=".contains(first) {
      escaped = "\\" + escaped
    } else if let end = escaped.firstIndex(where: { !$0.isASCII || !$0.isNumber }),
      end != escaped.startIndex, escaped[end] == "." || escaped[end] == ")"
    {
      escaped.insert("\\", at: end)
    }
    return escaped
  }

  /// A code span that holds `text` whatever backticks it contains; `|` escaped for tables.
  static func code(_ text: String) -> String {
    var text = text
    if let span = text.withUTF8({ PlainText.isPlain($0) ? plainCode($0) : nil }) { return span }
    return characterCode(text)
  }

  /// `code` of plain text (`PlainText`), a byte a character.
  static func plainCode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let tick = UInt8(ascii: "`")
    var longest = 0
    var run = 0
    var pipes = 0
    for byte in bytes {
      run = byte == tick ? run + 1 : 0
      longest = max(longest, run)
      if byte == UInt8(ascii: "|") { pipes += 1 }
    }
    let pad = bytes.first == tick || bytes.last == tick
    let length = 2 * (longest + 1) + (pad ? 2 : 0) + bytes.count + pipes
    return String(unsafeUninitializedCapacity: length) { out in
      var count = 0
      func put(_ byte: UInt8) {
        out[count] = byte
        count += 1
      }
      for _ in 0...longest { put(tick) }
      if pad { put(UInt8(ascii: " ")) }
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "|"):
          put(UInt8(ascii: "\\"))
          put(byte)
        case 0x0A: put(UInt8(ascii: " "))
        default: put(byte)
        }
      }
      if pad { put(UInt8(ascii: " ")) }
      for _ in 0...longest { put(tick) }
      return count
    }
  }

  /// `code`, one Character at a time.
  static func characterCode(_ text: String) -> String {
    var longest = 0
    var run = 0
    var inner = ""
    for character in text {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
      switch character {
      case "|": inner += "\\|"
      case "\n", "\r", "\r\n": inner += " "  // CR LF is one Character
      default: inner.append(character)
      }
    }
    let fence = String(repeating: "`", count: longest + 1)
    let pad = inner.hasPrefix("`") || inner.hasSuffix("`") ? " " : ""
    return fence + pad + inner + pad + fence
  }

  /// A code fence longer than any run of backticks in `text`.
  private static func fence(for text: String) -> String {
    var longest = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    return String(repeating: "`", count: max(3, longest + 1))
  }
}
