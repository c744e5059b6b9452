/// Decodes HTML character references (`&amp;`, `&rarr;`, `&#8594;`, `&#x2192;`).
///
/// Course pages are HTML written by hand, so a bare `&` ("Client & Server Roles") and names
/// that XML does not know (`&nbsp;`) are normal. An unknown or unterminated reference is kept as
/// it is written, as a browser would show it.
enum HTMLEntities {
  /// The named references course pages use; a browser knows more, and any other stays as written.
  static let named: [String: String] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
    "rarr": "→", "larr": "←", "harr": "↔", "uarr": "↑", "darr": "↓",
    "rArr": "⇒", "lArr": "⇐", "hArr": "⇔",
    "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·", "bull": "•",
    "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
    "times": "×", "divide": "÷", "plusmn": "±", "deg": "°", "copy": "©", "reg": "®",
    "trade": "™", "sect": "§", "para": "¶", "micro": "µ", "le": "≤", "ge": "≥", "ne": "≠",
    "check": "✓", "cross": "✗",
  ]

  /// `text` with every reference it knows replaced; a no-break space becomes a plain space.
  static func decode(_ text: Substring) -> String {
    // No `&` byte means no `&` Character; plain text can be decoded byte by byte.
    guard text.utf8.contains(UInt8(ascii: "&")) else { return String(text) }
    if PlainText.isPlain(text.utf8) { return decode(plain: ArraySlice(text.utf8)) }
    var output = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      guard character == "&", let (value, end) = reference(in: text, at: index) else {
        output.append(character)
        index = text.index(after: index)
        continue
      }
      output += value
      index = end
    }
    return output
  }

  /// `decode` of plain text (see `PlainText`), given as its bytes.
  static func decode(plain bytes: ArraySlice<UInt8>) -> String {
    guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    while index < bytes.endIndex {
      if bytes[index] == UInt8(ascii: "&") {
        let nameStart = index + 1
        let limit = min(nameStart + 32, bytes.endIndex)
        if let semicolon = bytes[nameStart..<limit].firstIndex(of: UInt8(ascii: ";")),
          let value = value(of: String(decoding: bytes[nameStart..<semicolon], as: UTF8.self)[...])
        {
          output += value.utf8
          index = semicolon + 1
          continue
        }
      }
      output.append(bytes[index])
      index += 1
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// The reference starting at `start` (an `&`) and the index after its `;`, if it is one.
  private static func reference(
    in text: Substring, at start: Substring.Index
  ) -> (String, Substring.Index)? {
    let nameStart = text.index(after: start)
    let limit = text.index(nameStart, offsetBy: 32, limitedBy: text.endIndex) ?? text.endIndex
    guard let semicolon = text[nameStart..<limit].firstIndex(of: ";") else { return nil }
    guard let value = value(of: text[nameStart..<semicolon]) else { return nil }
    return (value, text.index(after: semicolon))
  }

  /// What the reference named `name` (between `&` and `;`) stands for, if it is one.
  private static func value(of name: Substring) -> String? {
    if name.hasPrefix("#") {
      let digits = name.dropFirst()
      let number =
        digits.first == "x" || digits.first == "X"
        ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
      guard let number, let scalar = Unicode.Scalar(number), number != 0 else { return nil }
      return scalar == "\u{A0}" ? " " : String(Character(scalar))
    }
    return named[String(name)]
  }
}
