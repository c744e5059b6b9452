extension ByteBuffer {
  /// Appends `text` in lines of at most `width` Unicode scalars (a longer word keeps its own
  /// line), its words split at spaces and joined by one, the first line after `first` and the
  /// others after `rest` (colour sequences in these take no room). Each line ends in a new line
  /// and, with a `style`, is painted (`ESC[style m` … `ESC[0m`). The text report and `rolecall
  /// check` wrap their prose this way. Words are found and measured on the UTF-8 bytes and
  /// copied whole, with no string made per word or per line: `analyze --all` wraps every host's
  /// whole list of clients, where a string made per word was a quarter of the rendering's
  /// samples on big.pcap.
  func appendWrapped(_ text: String, width: Int, first: String, rest: String, style: String?) {
    let firstLength = ReportText.visibleCount(first)
    let restLength = ReportText.visibleCount(rest)
    let style = style.map { "\u{1B}[\($0)m" }
    var text = text
    text.withUTF8 { bytes in
      startLine(first, style)
      var length = firstLength
      var empty = true
      var position = 0
      while position < bytes.count {
        if bytes[position] == 0x20 {
          position += 1
          continue
        }
        // A word: up to the next space, counted in Unicode scalars as `scalarCount` counts.
        let start = position
        var size = 0
        while position < bytes.count && bytes[position] != 0x20 {
          if bytes[position] & 0xC0 != 0x80 { size += 1 }
          position += 1
        }
        if !empty && length + 1 + size > width {
          endLine(style)
          startLine(rest, style)
          length = restLength
          empty = true
        }
        if !empty {
          append(0x20)
          length += 1
        }
        if let base = bytes.baseAddress { append(base + start, position - start) }
        length += size
        empty = false
      }
      endLine(style)
    }
  }

  /// `style` is the opening sequence, made once per text.
  private func startLine(_ prefix: String, _ style: String?) {
    if let style { append(style) }
    append(prefix)
  }

  private func endLine(_ style: String?) {
    if style != nil { append("\u{1B}[0m") }
    append(0x0A)
  }
}
