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
      var content = line.drop { $0 == " " || $0 == "\t" }
      let isLast = number == lines.count - 1
      var hardBreak = false
      if !isLast, content.hasSuffix("  ") || content.hasSuffix("\\") {
        hardBreak = true
        content = content.hasSuffix("\\") ? content.dropLast() : content
      }
      joined += content.reversed().drop { $0 == " " }.reversed()
      if !isLast { joined += hardBreak ? "<br>" : "\n" }
    }
    return convert(Array(joined))
  }

  private static func escaped(_ character: Character) -> String {
    switch character {
    case "<": "&lt;"
    case ">": "&gt;"
    case "&": "&amp;"
    default: String(character)
    }
  }

  /// Converts one run of inline Markdown.
  private static func convert(_ characters: [Character]) -> String {
    var output = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\\", index + 1 < characters.count,
        characters[index + 1].isASCII,
        characters[index + 1].isPunctuation
          || characters[index + 1].isSymbol
      {
        output += escaped(characters[index + 1])
        index += 2
      } else if character == "`", let (html, end) = codeSpan(characters, at: index) {
        output += html
        index = end
      } else if character == "*" || character == "_",
        let (html, end) = emphasis(characters, at: index)
      {
        output += html
        index = end
      } else if character == "[", let (html, end) = link(characters, at: index) {
        output += html
        index = end
      } else {
        output.append(character)
        index += 1
      }
    }
    return output
  }

  /// A run of backticks closed by a run of the same length; its content is literal.
  private static func codeSpan(_ characters: [Character], at start: Int) -> (String, Int)? {
    let fence = characters[start...].prefix { $0 == "`" }.count
    var index = start + fence
    while index < characters.count {
      guard characters[index] == "`" else {
        index += 1
        continue
      }
      let run = characters[index...].prefix { $0 == "`" }.count
      if run == fence {
        let body = characters[(start + fence)..<index].map(escaped).joined()
        return ("<code>\(body.trimmingSpaces)</code>", index + run)
      }
      index += run
    }
    return nil
  }

  /// `*x*`, `**x**`, `_x_` or `__x__`: an opener not followed by a space, and the first
  /// matching closer not preceded by one; `_` must also stand at word edges.
  private static func emphasis(_ characters: [Character], at start: Int) -> (String, Int)? {
    let marker = characters[start]
    let run = min(characters[start...].prefix { $0 == marker }.count, 2)
    let bodyStart = start + run
    guard bodyStart < characters.count, !characters[bodyStart].isWhitespace else { return nil }
    if marker == "_", start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber {
      return nil
    }
    var index = bodyStart + 1
    while index + run <= characters.count {
      let closes =
        characters[index..<(index + run)].allSatisfy { $0 == marker }
        && !characters[index - 1].isWhitespace
        && (marker == "*" || index + run == characters.count
          || !(characters[index + run].isLetter || characters[index + run].isNumber))
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
  private static func link(_ characters: [Character], at start: Int) -> (String, Int)? {
    guard let close = characters[start...].firstIndex(of: "]"), close + 1 < characters.count,
      characters[close + 1] == "(",
      let end = characters[(close + 1)...].firstIndex(of: ")")
    else { return nil }
    let text = convert(Array(characters[(start + 1)..<close]))
    let target = String(characters[(close + 2)..<end]).replacingQuotes
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
