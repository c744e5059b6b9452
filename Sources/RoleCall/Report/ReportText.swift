import Foundation

/// Wording shared by the text, Markdown and HTML reports, so the three say the same things.
/// Only formatting: every count and sentence comes from the report.
enum ReportText {
  /// What the report is about: the capture, or the captures.
  static func title(_ report: AnalysisReport) -> String {
    let paths = report.files.map(\.path)
    switch paths.count {
    case 0: return "no capture"
    case 1...3: return paths.joined(separator: ", ")
    default: return "\(paths.count) captures (\(paths[0]), \(paths[1]) and \(paths.count - 2) more)"
    }
  }

  /// `text` followed by spaces up to `width` characters.
  static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  /// `1 flow`, `3 flows`.
  static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
    ReportBuilder.count(value, noun, plural: plural)
  }

  /// The first `limit` items (all of them when `limit` is nil).
  static func cut<T>(_ items: [T], _ limit: Int?) -> ArraySlice<T> {
    items.prefix(limit ?? items.count)
  }

  /// `a, b, c and 4 more`.
  static func list(_ items: [String], limit: Int?) -> String {
    let shown = cut(items, limit)
    let rest = items.count - shown.count
    return shown.joined(separator: ", ") + (rest > 0 ? " and \(rest) more" : "")
  }

  /// A passage cut to one line for quoting. Plain text (ASCII without line breaks, most
  /// lessons) goes a byte at a time, each byte a Character with nothing to join: `analyze --all`
  /// quotes a lesson for every host, and walking the Characters was a fifth of its instructions.
  static func quote(_ text: String, limit: Int = 110) -> String {
    let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
      guard PlainText.isPlain(bytes), !bytes.contains(where: PlainText.isNewline) else {
        return nil
      }
      guard bytes.count > limit else { return text }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(limit - 1)), as: UTF8.self)
        + "…"
    }
    return (plain ?? nil) ?? quoteByCharacters(text, limit: limit)
  }

  /// `quote` a Character at a time, for any text.
  static func quoteByCharacters(_ text: String, limit: Int) -> String {
    let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
  }

  /// `Page title > Section`, or the title alone for a page's opening section.
  static func source(_ lesson: LessonLink) -> String {
    lesson.section == lesson.pageTitle || lesson.section.isEmpty
      ? lesson.pageTitle : "\(lesson.pageTitle) > \(lesson.section)"
  }

  /// ISO 8601 in UTC, to the millisecond.
  static func utc(_ nanoseconds: Int64) -> String { FlowsRenderer.utc(nanoseconds) }

  /// The summary's rows: label and value.
  static func summaryRows(_ report: AnalysisReport) -> [(String, String)] {
    let summary = report.summary
    var rows: [(String, String)] = []
    var kinds = summary.formats.joined(separator: ", ")
    if !summary.linkTypes.isEmpty {
      kinds +=
        (kinds.isEmpty ? "" : "; ") + "link type"
        + (summary.linkTypes.count == 1 ? " " : "s ") + summary.linkTypes.joined(separator: ", ")
    }
    if summary.files == 1, let file = report.files.first {
      rows.append(("capture", file.path + (kinds.isEmpty ? "" : " (\(kinds))")))
    } else {
      let how =
        summary.capturesApart
        ? "each analysed on its own" : "read as one stream"
      rows.append(
        (
          "captures",
          "\(summary.files) files, \(how)" + (kinds.isEmpty ? "" : " (\(kinds))") + ": "
            + report.files.map(\.path).joined(separator: ", ")
        ))
    }
    if let first = summary.firstTimestamp, let last = summary.lastTimestamp {
      rows.append(
        ("time", "\(utc(first)) to \(utc(last)) (\(FlowsRenderer.seconds(summary.duration)) s)"))
    } else {
      rows.append(("time", "no packets"))
    }
    var traffic =
      "\(count(summary.packets, "packet")), \(count(Int(summary.wireBytes), "byte")) on the wire"
    if report.totals.capture.filteredOut > 0 {
      traffic += " (\(report.totals.capture.filteredOut) filtered out)"
    }
    rows.append(("traffic", traffic))
    var flows = "\(summary.flows)"
    if !summary.flowsByTransport.isEmpty {
      flows += " (\(FlowsRenderer.counts(summary.flowsByTransport)))"
    }
    if !summary.flowsByVerdict.isEmpty {
      flows += ": " + verdictCounts(summary.flowsByVerdict)
    }
    rows.append(("flows", flows))
    var hosts = "\(summary.hosts)"
    if !summary.hostsByRole.isEmpty { hosts += ": \(FlowsRenderer.counts(summary.hostsByRole))" }
    rows.append(("hosts", hosts))
    let members = report.swarms.map { "\($0.members.count) peers" }
    rows.append(
      (
        "swarms",
        report.swarms.isEmpty
          ? "none" : "\(report.swarms.count) (\(list(members, limit: 6)))"
      ))
    rows.append(("decoding", decoding(summary)))
    var byKind: [AnalysisReport.Warning.Kind: Int] = [:]
    for warning in report.warnings { byKind[warning.kind, default: 0] += warning.count }
    let warningKinds = AnalysisReport.Warning.Kind.allCases.compactMap { kind in
      byKind[kind].map { "\(kind.rawValue) \($0)" }
    }
    rows.append(("warnings", warningKinds.isEmpty ? "none" : warningKinds.joined(separator: ", ")))
    return rows
  }

  /// Verdicts in the order of `FlowVerdict.allCases`: `client-server 44, peer-to-peer 12`.
  static func verdictCounts(_ counts: [String: Int]) -> String {
    FlowVerdict.allCases.compactMap { verdict in
      counts[verdict.rawValue].map { "\(verdict.rawValue) \($0)" }
    }.joined(separator: ", ")
  }

  static func decoding(_ summary: AnalysisReport.Summary) -> String {
    if summary.truncatedPackets == 0 && summary.malformedPackets == 0 {
      return "every packet decoded (none truncated or malformed)"
    }
    return "\(count(summary.truncatedPackets, "truncated packet")), "
      + "\(count(summary.malformedPackets, "malformed packet"))"
  }

  /// A host's services, the servers it contacted and its peers: label and value.
  static func hostDetails(_ host: AnalysisReport.HostRow, limit: Int?) -> [(String, String)] {
    var rows: [(String, String)] = []
    for (number, service) in host.services.enumerated() {
      rows.append((number == 0 ? "offers" : "", serviceText(service, limit: limit)))
    }
    if !host.evidence.serversContacted.isEmpty {
      rows.append(("contacted", list(host.evidence.serversContacted, limit: limit)))
    }
    if !host.evidence.peers.isEmpty {
      rows.append(("peers", list(host.evidence.peers, limit: limit)))
    }
    if let capture = host.capture { rows.append(("capture", capture)) }
    return rows
  }

  /// `tcp/80 (http): 12 flows from 3 clients (a, b, c); 120 packets in, 130 out`.
  static func serviceText(_ service: AnalysisReport.ServiceRow, limit: Int?) -> String {
    let name = service.name.map { " (\($0))" } ?? ""
    return "\(service.transport)/\(service.port)\(name): \(count(service.flows, "flow")) from "
      + "\(count(service.clients.count, "client")) (\(list(service.clients, limit: limit))); "
      + "\(service.packetsIn) packets in, \(service.packetsOut) out"
  }

  /// `->` when one side opened every flow, `<->` when both did, `--` when nobody knows.
  static func arrow(_ connection: AnalysisReport.Connection) -> String {
    if connection.forward > 0 && connection.backward > 0 { return "<->" }
    if connection.forward == 0 && connection.backward == 0 { return "--" }
    return "->"
  }

  /// Who opened the connection's flows: `opened 1 and 1`, `opened by 10.0.0.1`.
  static func opened(_ connection: AnalysisReport.Connection) -> String {
    var parts: [String] = []
    if connection.forward > 0 { parts.append("\(connection.forward) by \(connection.from)") }
    if connection.backward > 0 { parts.append("\(connection.backward) by \(connection.to)") }
    if connection.undirected > 0 { parts.append("\(connection.undirected) by either") }
    return "opened " + parts.joined(separator: ", ")
  }

  /// For each verdict with flows, in the order of `FlowVerdict.allCases`: how many flows have
  /// it, and the positions of the first `limit` of them (all when `limit` is nil). One pass
  /// over the verdicts, no row made, no list of every flow.
  static func flowsByVerdict(
    _ flows: AnalysisReport.FlowRows, limit: Int?
  ) -> [(verdict: FlowVerdict, count: Int, shown: [Int])] {
    let verdicts = FlowVerdict.allCases
    var counts = Array(repeating: 0, count: verdicts.count)
    var shown: [[Int]] = Array(repeating: [], count: verdicts.count)
    for number in flows.indices {
      let slot = verdicts.firstIndex(of: flows.verdict(at: number)) ?? 0
      counts[slot] += 1
      if counts[slot] <= limit ?? Int.max { shown[slot].append(number) }
    }
    return verdicts.indices.compactMap { slot in
      counts[slot] > 0 ? (verdicts[slot], counts[slot], shown[slot]) : nil
    }
  }

  /// Lays out rows in columns two spaces apart, the first row setting the number of columns;
  /// trailing spaces are cut.
  static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
    guard let columns = rows.first?.count else { return [] }
    var widths = [Int](repeating: 0, count: columns)
    let lengths = rows.map { row in row.map { scalarCount($0) } }
    for row in lengths {
      for (index, length) in row.enumerated() where index < columns {
        widths[index] = max(widths[index], length)
      }
    }
    return rows.enumerated().map { number, row in
      line(row, lengths: lengths[number], widths: widths, rightAligned: rightAligned)
    }
  }

  /// One row of a table laid out by `table`: `lengths` are its cells' `scalarCount`s, `widths`
  /// the columns'.
  static func line(
    _ row: [String], lengths: [Int], widths: [Int], rightAligned: Set<Int>
  ) -> String {
    var line = ""
    for (index, cell) in row.enumerated() {
      if index > 0 { line += "  " }
      let pad = String(repeating: " ", count: max(0, widths[index] - lengths[index]))
      if rightAligned.contains(index) {
        line += pad + cell
      } else {
        line += cell
        if index < widths.count - 1 { line += pad }
      }
    }
    while line.utf8.last == 0x20 { line.removeLast() }
    return line
  }

  /// Unicode scalars in `text` (its width on a terminal, near enough), from its UTF-8 bytes.
  static func scalarCount(_ text: some StringProtocol) -> Int {
    // Over the contiguous bytes where there are some (native strings): walking the UTF-8 view
    // index by index was 8 % of the samples of `rolecall flows small.pcap`.
    let counted = text.utf8.withContiguousStorageIfAvailable { bytes in
      var count = 0
      for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
      return count
    }
    if let counted { return counted }
    var count = 0
    for byte in text.utf8 where byte & 0xC0 != 0x80 { count += 1 }
    return count
  }

  /// Characters a terminal shows: ANSI colour sequences (`ESC [ … m`) take no room. Plain text
  /// (the prefixes of every wrapped line) goes a byte at a time, a Character per byte.
  static func visibleCount(_ text: String) -> Int {
    let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
      PlainText.isPlain(bytes) ? visibleCount(bytes, escape: 0x1B, end: UInt8(ascii: "m")) : nil
    }
    return (plain ?? nil) ?? visibleCountByCharacters(text)
  }

  /// `visibleCount` a Character at a time, for any text.
  static func visibleCountByCharacters(_ text: String) -> Int {
    visibleCount(text, escape: "\u{1B}", end: "m")
  }

  /// The elements of `units` outside the runs from `escape` to `end`.
  private static func visibleCount<Units: Sequence>(
    _ units: Units, escape: Units.Element, end: Units.Element
  ) -> Int where Units.Element: Equatable {
    var count = 0
    var inEscape = false
    for unit in units {
      if inEscape {
        if unit == end { inEscape = false }
      } else if unit == escape {
        inEscape = true
      } else {
        count += 1
      }
    }
    return count
  }
}
