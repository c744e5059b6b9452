extension MarkdownReportRenderer {
  /// The rows of one verdict's flow table, written into bytes as they were made from strings
  /// (each cell through `escape` or `code`, joined by ` | `), in chunks of about 64 KiB:
  /// making and escaping 11 strings a row was two thirds of `analyze --all --format markdown`
  /// on big.pcap. Cells from a short list of words (the transport, how the initiator is known,
  /// the state, the rule) are escaped once each.
  static func flowRows(
    _ flows: AnalysisReport.FlowRows, _ shown: [Int], apart: Bool, to output: (String) -> Void
  ) {
    let buffer = ByteBuffer(capacity: 1 << 17)
    var words = EscapedWords()
    let arrows = (known: escape("->"), unknown: escape("<->"))
    var capture: (text: String, code: String)?
    for number in shown {
      let flow = flows.tableCells(at: number)
      buffer.append("| ")
      buffer.append(words.escaped(flow.transport))
      buffer.append(" | ")
      buffer.appendCode(flow.initiator)
      buffer.append(" | ")
      buffer.append(flow.initiatorKnown == .unknown ? arrows.unknown : arrows.known)
      buffer.append(" | ")
      buffer.appendCode(flow.responder)
      buffer.append(" | ")
      buffer.append(words.escaped(flow.initiatorKnown.rawValue))
      buffer.append(" | ")
      buffer.append(words.escaped(flow.state.rawValue))
      buffer.appendCount(flow.fromInitiator.packets)
      buffer.appendCount(flow.fromResponder.packets)
      buffer.appendCount(flow.fromInitiator.bytes)
      buffer.appendCount(flow.fromResponder.bytes)
      buffer.append(" | ")
      buffer.append(words.escaped(flow.rule.rawValue))
      if apart {
        let text = flow.capture ?? ""
        if capture?.text != text { capture = (text, code(text)) }
        buffer.append(" | ")
        buffer.append(capture?.code ?? "")
      }
      buffer.append(" |\n")
      if buffer.count >= 1 << 16 { output(buffer.take()) }
    }
    output(buffer.take())
  }

  /// `escape` of each word met, worked out once.
  private struct EscapedWords {
    private var known: [String: String] = [:]

    mutating func escaped(_ word: String) -> String {
      if let escaped = known[word] { return escaped }
      let escaped = MarkdownReportRenderer.escape(word)
      known[word] = escaped
      return escaped
    }
  }
}

extension ByteBuffer {
  /// ` | ` and a count's digits.
  fileprivate func appendCount(_ value: UInt64) {
    append(" | ")
    appendDigits(UInt(value))
  }

  /// `MarkdownReportRenderer.code(endpoint.text)`: the text between single backticks, since
  /// an address of plain text without a backtick, a pipe or a new line needs nothing more.
  fileprivate func appendCode(_ endpoint: FlowsReport.EndpointRow) {
    var address = endpoint.address
    let bare = address.withUTF8 { bytes in
      PlainText.isPlain(bytes)
        && !bytes.contains { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "|") || $0 == 0x0A }
    }
    guard bare else {
      append(MarkdownReportRenderer.code(endpoint.text))
      return
    }
    append(UInt8(ascii: "`"))
    append(endpoint) { append($0) }
    append(UInt8(ascii: "`"))
  }
}
