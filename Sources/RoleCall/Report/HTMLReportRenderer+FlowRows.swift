import Mustache

extension HTMLReportRenderer {
  /// The rows of a flow table, written into bytes: the markup of the `flowRows` template,
  /// escaped as Mustache escapes (`&`, `<`, `>`, `"` and `'`, compared as Characters). Rendered
  /// through Mustache, a row cost 13 strings and a lookup by name per value: `--all` on big.pcap
  /// took 15-18 s, four fifths of it in those 200,000 rows. A test holds the two to each other.
  static func flowRows(
    _ flows: AnalysisReport.FlowRows, _ shown: ArraySlice<Int>, to buffer: ByteBuffer
  ) {
    for number in shown {
      let flow = flows.tableCells(at: number)
      buffer.append("<tr><td>")
      buffer.appendEscapedHTML(flow.transport)
      buffer.append("</td><td class=\"address\">")
      buffer.appendEscapedHTML(flow.initiator)
      buffer.append("</td><td class=\"arrow\">")
      buffer.append(flow.initiatorKnown == .unknown ? "↔" : "→")
      buffer.append("</td><td class=\"address\">")
      buffer.appendEscapedHTML(flow.responder)
      buffer.append("</td><td class=\"known ")
      buffer.appendEscapedHTML(flow.initiatorKnown.rawValue)
      buffer.append("\">")
      buffer.appendEscapedHTML(flow.initiatorKnown.rawValue)
      buffer.append("</td><td>")
      buffer.appendEscapedHTML(flow.state.rawValue)
      func count(_ value: UInt64) {
        buffer.append("</td><td class=\"num\">")
        buffer.appendDigits(UInt(value))
      }
      count(flow.fromInitiator.packets)
      count(flow.fromResponder.packets)
      count(flow.fromInitiator.bytes)
      count(flow.fromResponder.bytes)
      buffer.append("</td><td>")
      buffer.appendEscapedHTML(flow.rule.rawValue)
      buffer.append("</td><td>")
      buffer.appendEscapedHTML(flow.confidence.rawValue)
      buffer.append("</td>")
      buffer.appendEscapedHTML(flow.capture, after: "<td>", before: "</td>")
      buffer.append("</tr>\n")
    }
  }
}

extension ByteBuffer {
  /// `value` escaped between `prefix` and `suffix`, or nothing when there is no value (a
  /// template's `{{#value}}prefix{{.}}suffix{{/value}}`).
  func appendEscapedHTML(_ value: String?, after prefix: String, before suffix: String) {
    guard let value else { return }
    append(prefix)
    appendEscapedHTML(value)
    append(suffix)
  }

  /// `text` escaped for HTML as Mustache escapes it: byte by byte for ASCII, where no mark can
  /// join the next character, and by Characters otherwise (a combining mark after `<` makes a
  /// Character that is not `<`, which Mustache leaves as it is).
  func appendEscapedHTML(_ text: String) {
    var text = text
    let plain = text.withUTF8 { bytes -> Bool in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "<"): append("&lt;")
        case UInt8(ascii: ">"): append("&gt;")
        case UInt8(ascii: "&"): append("&amp;")
        case UInt8(ascii: "\""): append("&quot;")
        case UInt8(ascii: "'"): append("&#39;")
        default: append(byte)
        }
      }
      return true
    }
    if plain { return }
    for character in text {
      switch character {
      case "<": append("&lt;")
      case ">": append("&gt;")
      case "&": append("&amp;")
      case "\"": append("&quot;")
      case "'": append("&#39;")
      default: append(String(character))
      }
    }
  }

  /// An endpoint as `EndpointRow.text` writes it, escaped for HTML.
  func appendEscapedHTML(_ endpoint: FlowsReport.EndpointRow) {
    append(endpoint) { appendEscapedHTML($0) }
  }
}

/// HTML escaping as Mustache's `HTML` content type does it (`&`, `<`, `>`, `"` and `'`,
/// compared as Characters), without walking the Characters of text that has none of them, and
/// byte by byte for ASCII: Mustache's walk over Characters was a quarter of
/// `--all --format html` on big.pcap.
struct HTMLEscaping: MustacheContentType {
  static let name = "ROLECALL_HTML"

  func escapeText(_ text: String) -> String {
    var text = text
    let marked = text.withUTF8 { bytes in
      bytes.contains { byte in
        switch byte {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""),
          UInt8(ascii: "'"):
          true
        default: false
        }
      }
    }
    guard marked else { return text }
    let buffer = ByteBuffer(capacity: text.utf8.count + 32)
    buffer.appendEscapedHTML(text)
    return buffer.take()
  }
}
