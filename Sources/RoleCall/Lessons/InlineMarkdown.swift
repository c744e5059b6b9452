/// Turns the Markdown inside a paragraph, bullet or heading into HTML, so one HTML reader gives
/// the text and emphasis of every block.
///
/// Only inline syntax is handled, since the page reader has already found the blocks: backslash
/// escapes, code spans, `**strong**` and `*em*` (also with `_`), links, hard line breaks (two
/// trailing spaces or a `\`), and inline HTML, which passes through. `_` only marks emphasis at
/// word edges, so names such as `SYN_SENT` stay whole. Ink was tried and dropped: it splits a
/// paragraph that opens with a `<span>` into an HTML block and a paragraph, and reads `SYN_SENT`
/// as emphasis.
enum InlineMarkdown {
  /// The HTML for `lines`, one logical block: soft breaks become spaces, hard breaks `<br>`.
  static func html(_ lines: [Substring]) -> String {
    var joined = ""
    for (number, line) in lines.enumerated() {
      let isLast = number == lines.count - 1
      let (content, hardBreak) =
        PlainText.isPlain(line.utf8)
        ? plainContent(of: line, isLast: isLast) : content(of: line, isLast: isLast)
      joined += content
      if !isLast { joined += hardBreak ? "<br>" : "\n" }
    }
    // Plain text (see `PlainText`) is converted byte by byte, with the same result.
    let utf8 = joined.utf8
    return PlainText.isPlain(utf8[...]) ? convert(Array(utf8)) : convert(Array(joined))
  }

  /// A line without its indent, hard break marker and trailing spaces, and whether it ends in a
  /// hard break (two spaces or a `\`, not on the last line).
  private static func content(of line: Substring, isLast: Bool) -> (Substring, Bool) {
    var content = line.drop { $0 == " " || $0 == "\t" }
    var hardBreak = false
    if !isLast, content.hasSuffix("  ") || content.hasSuffix("\\") {
      hardBreak = true
      content = content.hasSuffix("\\") ? content.dropLast() : content
    }
    return (Substring(content.reversed().drop { $0 == " " }.reversed()), hardBreak)
  }

  /// `content(of:isLast:)` of a plain line (see `PlainText`), by bytes.
  private static func plainContent(of line: Substring, isLast: Bool) -> (Substring, Bool) {
    let utf8 = line.utf8
    var start = utf8.startIndex
    while start < utf8.endIndex,
      utf8[start] == UInt8(ascii: " ") || utf8[start] == UInt8(ascii: "\t")
    {
      start = utf8.index(after: start)
    }
    var end = utf8.endIndex
    var hardBreak = false
    let content = utf8[start...]
    if !isLast, content.reversed().starts(with: "  ".utf8) || content.last == UInt8(ascii: "\\") {
      hardBreak = true
      if content.last == UInt8(ascii: "\\") { end = utf8.index(before: end) }
    }
    while end > start, utf8[utf8.index(before: end)] == UInt8(ascii: " ") {
      end = utf8.index(before: end)
    }
    return (line[start..<end], hardBreak)
  }

  private static func escaped<Unit: InlineUnit>(_ character: Unit) -> String {
    switch character {
    case .ascii("<"): "&lt;"
    case .ascii(">"): "&gt;"
    case .ascii("&"): "&amp;"
    default: Unit.string([character])
    }
  }

  /// Converts one run of inline Markdown.
  private static func convert<Unit: InlineUnit>(_ characters: [Unit]) -> String {
    var output = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == .ascii("\\"), index + 1 < characters.count,
        characters[index + 1].isEscapable
      {
        output += escaped(characters[index + 1])
        index += 2
      } else if character == .ascii("`"), let (html, end) = codeSpan(characters, at: index) {
        output += html
        index = end
      } else if character == .ascii("*") || character == .ascii("_"),
        let (html, end) = emphasis(characters, at: index)
      {
        output += html
        index = end
      } else if character == .ascii("["), let (html, end) = link(characters, at: index) {
        output += html
        index = end
      } else {
        character.append(to: &output)
        index += 1
      }
    }
    return output
  }

  /// A run of backticks closed by a run of the same length; its content is literal.
  private static func codeSpan<Unit: InlineUnit>(
    _ characters: [Unit], at start: Int
  ) -> (String, Int)? {
    let fence = characters[start...].prefix { $0 == .ascii("`") }.count
    var index = start + fence
    while index < characters.count {
      guard characters[index] == .ascii("`") else {
        index += 1
        continue
      }
      let run = characters[index...].prefix { $0 == .ascii("`") }.count
      if run == fence {
        var body = ""
        for unit in characters[(start + fence)..<index] { body += escaped(unit) }
        return ("<code>\(body.trimmingSpaces)</code>", index + run)
      }
      index += run
    }
    return nil
  }

  /// `*x*`, `**x**`, `_x_` or `__x__`: an opener not followed by a space, and the first
  /// matching closer not preceded by one; `_` must also stand at word edges.
  private static func emphasis<Unit: InlineUnit>(
    _ characters: [Unit], at start: Int
  ) -> (String, Int)? {
    let marker = characters[start]
    let run = min(characters[start...].prefix { $0 == marker }.count, 2)
    let bodyStart = start + run
    guard bodyStart < characters.count, !characters[bodyStart].isWhitespace else { return nil }
    if marker == .ascii("_"), start > 0, characters[start - 1].isLetterOrNumber {
      return nil
    }
    var index = bodyStart + 1
    while index + run <= characters.count {
      let closes =
        characters[index..<(index + run)].allSatisfy { $0 == marker }
        && !characters[index - 1].isWhitespace
        && (marker == .ascii("*") || index + run == characters.count
          || !characters[index + run].isLetterOrNumber)
      if closes {
        let tag = run == 2 ? "strong" : "em"
        let inner = convert(Array(characters[bodyStart..<index]))
        return ("<\(tag)>\(inner)</\(tag)>", index + run)
      }
      index += 1
    }
    return nil
  }

  /// `[text](target)`, with the text converted too.
  private static func link<Unit: InlineUnit>(
    _ characters: [Unit], at start: Int
  ) -> (String, Int)? {
    guard let close = characters[start...].firstIndex(of: .ascii("]")),
      close + 1 < characters.count,
      characters[close + 1] == .ascii("("),
      let end = characters[(close + 1)...].firstIndex(of: .ascii(")"))
    else { return nil }
    let text = convert(Array(characters[(start + 1)..<close]))
    let target = Unit.string(characters[(close + 2)..<end]).replacingQuotes
    return ("<a href=\"\(target)\">\(text)</a>", end + 1)
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }

  fileprivate var replacingQuotes: String {
    split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "&quot;")
  }
}

/// What `InlineMarkdown` reads: `Character`s, or the bytes of plain text (see `PlainText`), for
/// which each property below is the one of the same ASCII `Character`.
protocol InlineUnit: Equatable {
  /// The unit for an ASCII character.
  static func ascii(_ scalar: Unicode.Scalar) -> Self
  var isWhitespace: Bool { get }
  var isLetterOrNumber: Bool { get }
  /// Whether a backslash escapes it: ASCII punctuation or symbol.
  var isEscapable: Bool { get }
  func append(to output: inout String)
  static func string(_ units: some Collection<Self>) -> String
}

extension Character: InlineUnit {
  static func ascii(_ scalar: Unicode.Scalar) -> Character { Character(scalar) }
  var isLetterOrNumber: Bool { isLetter || isNumber }
  var isEscapable: Bool { isASCII && (isPunctuation || isSymbol) }
  func append(to output: inout String) { output.append(self) }
  static func string(_ units: some Collection<Character>) -> String { String(units) }
}

extension UInt8: InlineUnit {
  static func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(scalar.value) }
  var isWhitespace: Bool { PlainText.isWhitespace(self) }
  var isLetterOrNumber: Bool { PlainText.isAlphanumeric(self) }
  var isEscapable: Bool { PlainText.isPunctuationOrSymbol(self) }
  func append(to output: inout String) { output.unicodeScalars.append(Unicode.Scalar(self)) }
  static func string(_ units: some Collection<UInt8>) -> String {
    String(decoding: units, as: UTF8.self)
  }
}
