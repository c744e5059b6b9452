extension FlowsRenderer {
  /// Zeek conn.log TSV: the same header lines and field names, so `zeek-cut` reads it. Fields
  /// Zeek lacks are added at the end under rolecall's own names. Each row is written straight
  /// into a byte buffer, handed to `output` every 64 KiB.
  static func tsv(_ report: FlowsReport, to output: inout some TextOutputStream) {
    let fields = [
      "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "duration",
      "orig_bytes", "resp_bytes", "conn_state", "history", "orig_pkts", "orig_ip_bytes",
      "resp_pkts", "resp_ip_bytes", "initiator_known", "initiator_rule", "orig_wire_bytes",
      "resp_wire_bytes",
    ]
    let types = [
      "time", "string", "addr", "port", "addr", "port", "enum", "interval", "count", "count",
      "string", "string", "count", "count", "count", "count", "string", "string", "count",
      "count",
    ]
    let header = [
      "#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-",
      "#path\tconn", "#fields\t" + fields.joined(separator: "\t"),
      "#types\t" + types.joined(separator: "\t"),
    ]
    output.write(header.joined(separator: "\n") + "\n")
    let buffer = ByteBuffer(capacity: 1 << 17)
    for number in report.flows.indices {
      writeRow(report.flows[number], number: number + 1, into: buffer)
      if buffer.count >= 1 << 16 { buffer.flush(to: &output) }
    }
    buffer.append("#close\n")
    buffer.flush(to: &output)
  }

  private static func writeRow(_ flow: FlowsReport.FlowRow, number: Int, into line: ByteBuffer) {
    let proto: StaticString =
      switch flow.transport {
      case "tcp": "tcp"
      case "udp": "udp"
      case "icmp", "icmp6": "icmp"
      default: "unknown_transport"
      }
    let tab = UInt8(ascii: "\t")
    line.appendFixed(flow.start, digits: 6)
    line.append(tab)
    line.append(UInt8(ascii: "F"))
    line.appendDigits(UInt(number))
    for endpoint in [flow.initiator, flow.responder] {
      line.append(tab)
      line.append(endpoint.address)
      line.append(tab)
      if let port = endpoint.port {
        line.appendDigits(UInt(port))
      } else {
        line.append(UInt8(ascii: "-"))
      }
    }
    line.append(tab)
    line.append(proto.utf8Start, proto.utf8CodeUnitCount)
    line.append(tab)
    line.appendFixed(flow.duration, digits: 6)
    for count in [flow.fromInitiator.payloadBytes, flow.fromResponder.payloadBytes] {
      line.append(tab)
      line.appendDigits(UInt(count))
    }
    line.append(tab)
    line.append(flow.state.rawValue)
    line.append(tab)
    line.append(flow.history.isEmpty ? "-" : flow.history)
    for count in [
      flow.fromInitiator.packets, flow.fromInitiator.ipBytes, flow.fromResponder.packets,
      flow.fromResponder.ipBytes,
    ] {
      line.append(tab)
      line.appendDigits(UInt(count))
    }
    line.append(tab)
    line.append(flow.initiatorKnown.rawValue)
    line.append(tab)
    line.append(flow.initiatorRule.rawValue)
    for count in [flow.fromInitiator.bytes, flow.fromResponder.bytes] {
      line.append(tab)
      line.appendDigits(UInt(count))
    }
    line.append(UInt8(ascii: "\n"))
  }
}

extension ByteBuffer {
  /// The UTF-8 bytes of `text`.
  func append(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
      if let base = bytes.baseAddress { append(base, bytes.count) }
    }
  }

  /// `value` with `digits` decimals, as C's `printf` writes it (`FlowsRenderer.fixed`).
  func appendFixed(_ value: Double, digits: Int32) {
    let written = FixedDecimal.withText(value, digits: Int(digits)) { bytes -> Bool in
      guard let bytes, let base = bytes.baseAddress else { return false }
      append(base, bytes.count)
      return true
    }
    if !written { append(FlowsRenderer.printed(value, digits: digits)) }
  }
}
