import Foundation

/// Renders a `FlowsReport`; pure functions of the report, no analysis inside.
public enum FlowsRenderer {
  /// The output formats of `rolecall flows`.
  public enum Format: String, CaseIterable, Sendable {
    case text, json, tsv
  }

  /// The report in `format`.
  public static func render(_ report: FlowsReport, as format: Format) -> String {
    switch format {
    case .text: text(report)
    case .json: json(report)
    case .tsv: tsv(report)
    }
  }

  /// One JSON object with `files`, `flows` and `totals`; keys sorted, so output is stable.
  public static func json(_ report: FlowsReport) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(report) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// A table for people: one row per flow, then the totals.
  public static func text(_ report: FlowsReport) -> String {
    let origin = report.flows.map(\.start).min() ?? 0
    var rows: [[String]] = [
      [
        "proto", "initiator", "", "responder", "known", "state", "history", "pkts>", "bytes>",
        "pkts<", "bytes<",
        "start", "duration",
      ]
    ]
    for flow in report.flows {
      rows.append([
        flow.transport, flow.initiator.text, flow.initiatorKnown == .unknown ? "<->" : "->",
        flow.responder.text,
        flow.initiatorKnown.rawValue, flow.state.rawValue,
        flow.history.isEmpty ? "-" : flow.history,
        String(flow.fromInitiator.packets), String(flow.fromInitiator.bytes),
        String(flow.fromResponder.packets),
        String(flow.fromResponder.bytes), seconds(flow.start - origin), seconds(flow.duration),
      ])
    }
    var output = table(rows, rightAligned: [7, 8, 9, 10, 11, 12])
    output += "\n" + totalsText(report)
    return output
  }

  static func totalsText(_ report: FlowsReport) -> String {
    let totals = report.totals
    var lines: [String] = []
    for file in report.files {
      var line =
        "file \(file.path): \(file.format?.rawValue ?? "unreadable"), \(file.packets) packets"
      if !file.linkTypes.isEmpty {
        line += ", link types \(file.linkTypes.joined(separator: ", "))"
      }
      if let first = file.firstTimestamp, let last = file.lastTimestamp {
        line += ", \(utc(first)) to \(utc(last))"
      }
      if let error = file.error { line += "; stopped: \(error)" }
      lines.append(line)
    }
    var packetsLine = "packets \(totals.packets), \(totals.wireBytes) bytes on the wire"
    if totals.filteredOut > 0 { packetsLine += ", \(totals.filteredOut) filtered out" }
    lines.append(packetsLine)
    lines.append("flows \(totals.flows): \(counts(totals.flowsByTransport))")
    lines.append("initiator known: \(counts(totals.flowsByInitiatorKnown))")
    let forward = totals.originatorToResponder
    let backward = totals.responderToOriginator
    lines.append(
      "originator->responder \(forward.packets) packets \(forward.bytes) bytes; "
        + "responder->originator \(backward.packets) packets \(backward.bytes) bytes")
    lines.append("not in a flow: \(counts(totals.notInFlows.filter { $0.value > 0 }))")
    let truncated = totals.decodeProblems["truncated"] ?? [:]
    let malformed = totals.decodeProblems["malformed"] ?? [:]
    lines.append("decode problems: truncated \(counts(truncated)); malformed \(counts(malformed))")
    lines.append("link types: \(counts(totals.linkTypes))")
    if !totals.unsupportedLinkTypes.isEmpty {
      lines.append("not decoded (unsupported link types): \(counts(totals.unsupportedLinkTypes))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Zeek conn.log TSV: the same header lines and field names, so `zeek-cut` reads it. Fields
  /// Zeek lacks are added at the end under rolecall's own names.
  public static func tsv(_ report: FlowsReport) -> String {
    let fields = [
      "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "duration",
      "orig_bytes",
      "resp_bytes", "conn_state", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts",
      "resp_ip_bytes",
      "initiator_known", "initiator_rule", "orig_wire_bytes", "resp_wire_bytes",
    ]
    let types = [
      "time", "string", "addr", "port", "addr", "port", "enum", "interval", "count", "count",
      "string", "string",
      "count", "count", "count", "count", "string", "string", "count", "count",
    ]
    var lines = [
      "#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-",
      "#path\tconn",
      "#fields\t" + fields.joined(separator: "\t"), "#types\t" + types.joined(separator: "\t"),
    ]
    for (number, flow) in report.flows.enumerated() {
      lines.append(tsvRow(flow, number: number + 1))
    }
    lines.append("#close")
    return lines.joined(separator: "\n") + "\n"
  }

  private static func tsvRow(_ flow: FlowsReport.FlowRow, number: Int) -> String {
    let proto: String =
      switch flow.transport {
      case "tcp", "udp", "icmp": flow.transport
      case "icmp6": "icmp"
      default: "unknown_transport"
      }
    let originPort: String = flow.initiator.port.map { String($0) } ?? "-"
    let responsePort: String = flow.responder.port.map { String($0) } ?? "-"
    var cells: [String] = [
      fixed(flow.start, digits: 6), "F\(number)", flow.initiator.address, originPort,
    ]
    cells += [flow.responder.address, responsePort, proto, fixed(flow.duration, digits: 6)]
    cells += [
      String(flow.fromInitiator.payloadBytes), String(flow.fromResponder.payloadBytes),
      flow.state.rawValue,
    ]
    cells.append(flow.history.isEmpty ? "-" : flow.history)
    cells += [String(flow.fromInitiator.packets), String(flow.fromInitiator.ipBytes)]
    cells += [String(flow.fromResponder.packets), String(flow.fromResponder.ipBytes)]
    cells += [flow.initiatorKnown.rawValue, flow.initiatorRule.rawValue]
    cells += [String(flow.fromInitiator.bytes), String(flow.fromResponder.bytes)]
    return cells.joined(separator: "\t")
  }

  static func counts(_ values: [String: Int]) -> String {
    if values.isEmpty { return "none" }
    return values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
  }

  /// `%.3f`: seconds to the millisecond.
  static func seconds(_ value: Double) -> String { fixed(value, digits: 3) }

  /// `value` with `digits` decimals, as C's `printf` writes it. `String(format:)` writes the
  /// same text, but its first use sets up Foundation's formatting (2 MB of memory).
  static func fixed(_ value: Double, digits: Int32) -> String {
    // Enough for any finite double in `%f`: 309 digits, a sign, a point and the decimals.
    let capacity = 330 + Int(digits)
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
      let length = withVaList([digits, value]) { arguments in
        vsnprintf(buffer.baseAddress, capacity, "%.*f", arguments)
      }
      return String(
        decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(max(length, 0)))
          .bindMemory(to: UInt8.self), as: UTF8.self)
    }
  }

  /// ISO 8601 in UTC to the millisecond, `2024-03-01T12:00:00.000Z`: what
  /// `ISO8601DateFormatter` writes (with `.withInternetDateTime, .withFractionalSeconds`), worked
  /// out here because a formatter loads time zone and calendar data (5 MB of memory) for two
  /// timestamps. As in Foundation, the time goes through a `Date` (seconds since 2001) and is
  /// rounded to the nearest millisecond; tests compare the two.
  static func utc(_ nanoseconds: Int64) -> String {
    let reference = 978_307_200.0
    let since2001 = Double(nanoseconds) / 1e9 - reference
    let milliseconds = Int(((since2001 + reference) * 1000).rounded())
    let perDay = 86_400_000
    var days = milliseconds / perDay
    var inDay = milliseconds % perDay
    if inDay < 0 {
      inDay += perDay
      days -= 1
    }
    // Days since 1970 to a civil date (Howard Hinnant, "chrono-Compatible Low-Level Date
    // Algorithms", days_from_civil's inverse).
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func padded(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.utf8.count)) + text
    }
    return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + "T"
      + padded(inDay / 3_600_000, 2) + ":" + padded(inDay / 60_000 % 60, 2) + ":"
      + padded(inDay / 1000 % 60, 2) + "." + padded(inDay % 1000, 3) + "Z"
  }

  /// Lays out rows in columns separated by two spaces.
  static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
    guard let columns = rows.first?.count else { return "" }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
      row.enumerated().map { index, cell in
        let pad = String(repeating: " ", count: widths[index] - cell.count)
        return rightAligned.contains(index)
          ? pad + cell : (index == columns - 1 ? cell : cell + pad)
      }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n") + "\n"
  }
}
