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
      String(format: "%.6f", flow.start), "F\(number)", flow.initiator.address, originPort,
    ]
    cells += [flow.responder.address, responsePort, proto, String(format: "%.6f", flow.duration)]
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

  static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

  static func utc(_ nanoseconds: Int64) -> String {
    let date = Date(timeIntervalSince1970: Double(nanoseconds) / 1e9)
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
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
