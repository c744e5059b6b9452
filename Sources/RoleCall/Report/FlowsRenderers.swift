import Foundation

/// Renders a `FlowsReport`; pure functions of the report, no analysis inside.
public enum FlowsRenderer {
  /// The output formats of `rolecall flows`.
  public enum Format: String, CaseIterable, Sendable {
    case text, json, tsv
  }

  /// The report in `format`, as one string (for tests and small reports).
  public static func render(_ report: FlowsReport, as format: Format) -> String {
    var text = ""
    render(report, as: format, to: &text)
    return text
  }

  /// Writes the report in `format` to `output` as it is made, one flow at a time, so a report
  /// of any size costs no more memory than the flow records it is read from.
  public static func render(
    _ report: FlowsReport, as format: Format, to output: inout some TextOutputStream
  ) {
    switch format {
    case .text: text(report, to: &output)
    case .json: json(report, to: &output)
    case .tsv: tsv(report, to: &output)
    }
  }

  /// One JSON object with `files`, `flows` and `totals`, keys sorted, laid out as `JSONEncoder`
  /// lays out the report (`.prettyPrinted`, `.sortedKeys`, `.withoutEscapingSlashes`).
  static func json(_ report: FlowsReport, to output: inout some TextOutputStream) {
    var json = JSONWriter()
    json.beginObject()
    json.key("files")
    json.beginArray()
    for file in report.files {
      json.element()
      JSONReportRenderer.write(file, &json)
    }
    json.endArray()
    json.key("flows")
    json.beginArray()
    for flow in report.flows {
      json.element()
      write(flow, &json)
      json.drain(into: &output)
    }
    json.endArray()
    json.key("totals")
    JSONReportRenderer.write(report.totals, &json)
    json.endObject()
    json.drain(into: &output, everything: true)
    output.write("\n")
  }

  private static func write(_ flow: FlowsReport.FlowRow, _ json: inout JSONWriter) {
    json.beginObject()
    json.key("continuation")
    json.bool(flow.continuation)
    json.field("duration", flow.duration)
    json.key("fromInitiator")
    JSONReportRenderer.write(flow.fromInitiator, &json)
    json.key("fromResponder")
    JSONReportRenderer.write(flow.fromResponder, &json)
    json.field("history", flow.history)
    json.key("initiator")
    JSONReportRenderer.write(flow.initiator, &json)
    json.field("initiatorKnown", flow.initiatorKnown.rawValue)
    json.field("initiatorRule", flow.initiatorRule.rawValue)
    json.key("responder")
    JSONReportRenderer.write(flow.responder, &json)
    json.field("start", flow.start)
    json.field("state", flow.state.rawValue)
    json.field("transport", flow.transport)
    json.endObject()
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

  static func counts(_ values: [String: Int]) -> String {
    if values.isEmpty { return "none" }
    return values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
  }

  /// `%.3f`: seconds to the millisecond.
  static func seconds(_ value: Double) -> String { fixed(value, digits: 3) }

  /// `value` with `digits` decimals, as C's `printf` writes it. `String(format:)` writes the
  /// same text, but its first use sets up Foundation's formatting (2 MB of memory).
  static func fixed(_ value: Double, digits: Int32) -> String {
    let text = FixedDecimal.withText(value, digits: Int(digits)) { bytes in
      bytes.map { String(decoding: $0, as: UTF8.self) }
    }
    return text ?? printed(value, digits: digits)
  }

  /// `fixed` through `vsnprintf`, for the values `FixedDecimal` leaves to it.
  static func printed(_ value: Double, digits: Int32) -> String {
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
}
