/// One block of a course page, with the 1-based line it starts on.
enum PageBlock {
  case heading(level: Int, text: Substring, line: Int)
  case paragraph(lines: [Substring], line: Int)
  case bullet(lines: [Substring], line: Int)
  case table(html: String, line: Int)
  case navigation(html: String, line: Int)
  case html(html: String, line: Int)
}

/// Splits a page's lines into blocks, the way the course writes them.
///
/// `---` is always a rule (the course frames its titles with rules, so a line of text followed by
/// `---` is not a setext heading). A line that starts with a block-level HTML tag starts an HTML
/// block: a `<table>` runs to its `</table>`, a `<div>` to its matching `</div>`, any other to
/// the next blank line. A `<span>` or other inline tag at the start of a line starts a paragraph.
/// Fenced code is skipped: it is shown to students but never a passage.
struct PageBlocks {
  let file: String
  let lines: [Substring]
  var index = 0
  var blocks: [PageBlock] = []

  /// Tags that start an HTML block when they open a line.
  static let blockTags: Set<String> = [
    "address", "article", "aside", "blockquote", "center", "details", "div", "dl", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
    "section", "table", "ul",
  ]

  /// The blocks of `lines`; `file` names the page in errors.
  static func read(_ lines: [Substring], file: String) throws(LessonError) -> [PageBlock] {
    var reader = PageBlocks(file: file, lines: lines)
    while reader.index < lines.count { try reader.readBlock() }
    return reader.blocks
  }

  private mutating func readBlock() throws(LessonError) {
    let line = lines[index].trimmed
    let number = index + 1
    if line.isEmpty || Self.isRule(line) {
      index += 1
    } else if let (level, text) = Self.heading(line) {
      blocks.append(.heading(level: level, text: text, line: number))
      index += 1
    } else if line.hasPrefix("```") || line.hasPrefix("~~~") {
      try skipFence(String(line.prefix(3)))
    } else if line.hasPrefix("<!--") {
      try skipComment()
    } else if let tag = Self.blockTag(line) {
      try readHTML(tag: tag)
    } else if let marker = Self.bulletMarker(line) {
      blocks.append(.bullet(lines: takeLines(first: line.dropFirst(marker)), line: number))
    } else {
      blocks.append(.paragraph(lines: takeLines(first: lines[index]), line: number))
    }
  }

  /// The first line and the lines that continue it: up to a blank line or a line that starts
  /// another block.
  private mutating func takeLines(first: Substring) -> [Substring] {
    var taken = [first]
    index += 1
    while index < lines.count {
      let line = lines[index].trimmed
      if line.isEmpty || Self.isRule(line) || Self.heading(line) != nil
        || Self.bulletMarker(line) != nil || Self.blockTag(line) != nil || line.hasPrefix("```")
        || line.hasPrefix("~~~") || line.hasPrefix("<!--")
      {
        break
      }
      taken.append(lines[index])
      index += 1
    }
    return taken
  }

  private mutating func readHTML(tag: String) throws(LessonError) {
    let start = index
    guard tag == "table" || tag == "div" else {
      while index < lines.count, !lines[index].trimmed.isEmpty { index += 1 }
      blocks.append(.html(html: joined(start..<index), line: start + 1))
      return
    }
    let isNavigation = tag == "div" && lines[start].contains("xrefNav")
    var depth = 0
    while index < lines.count {
      if index > start, Self.heading(lines[index].trimmed) != nil { break }
      depth += Self.depthChange(lines[index], tag: tag)
      index += 1
      guard depth > 0 else {
        let html = joined(start..<index)
        switch tag {
        case "table": blocks.append(.table(html: html, line: start + 1))
        case _ where isNavigation: blocks.append(.navigation(html: html, line: start + 1))
        default: blocks.append(.html(html: html, line: start + 1))
        }
        return
      }
    }
    let what = tag == "table" ? "table" : isNavigation ? "navigation block" : "<div> block"
    let place = index < lines.count ? "the heading on line \(index + 1)" : "the end of the page"
    throw LessonError(
      file: file, line: start + 1, kind: .notClosed,
      detail: "\(what) is not closed (no </\(tag)> before \(place))")
  }

  private mutating func skipFence(_ fence: String) throws(LessonError) {
    let start = index
    index += 1
    while index < lines.count {
      defer { index += 1 }
      if lines[index].trimmed.hasPrefix(fence) { return }
    }
    throw LessonError(
      file: file, line: start + 1, kind: .notClosed,
      detail: "code block is not closed (no \(fence) before the end of the page)")
  }

  private mutating func skipComment() throws(LessonError) {
    let start = index
    while index < lines.count {
      defer { index += 1 }
      if lines[index].contains("-->") { return }
    }
    throw LessonError(
      file: file, line: start + 1, kind: .notClosed,
      detail: "comment is not closed (no --> before the end of the page)")
  }

  private func joined(_ range: Range<Int>) -> String {
    lines[range].joined(separator: "\n")
  }

  /// How many `<tag` the line opens minus how many `</tag` it closes (any case, each followed by
  /// a space, `>` or `/`).
  static func depthChange(_ line: Substring, tag: String) -> Int {
    guard PlainText.isPlain(line.utf8) else {
      let lower = line.lowercased()
      return count("<\(tag)", in: lower) - count("</\(tag)", in: lower)
    }
    let bytes = Array(line.utf8)
    let name = Array(tag.utf8)
    var change = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "<") {
      let isEnd = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/")
      let nameStart = index + (isEnd ? 2 : 1)
      let after = nameStart + name.count
      guard after < bytes.count,
        name.indices.allSatisfy({ PlainText.lowercased(bytes[nameStart + $0]) == name[$0] })
      else { continue }
      let next = bytes[after]
      if next == UInt8(ascii: ">") || next == UInt8(ascii: "/") || PlainText.isWhitespace(next) {
        change += isEnd ? -1 : 1
      }
    }
    return change
  }

  /// How often `needle` occurs in `text` as a tag name (followed by a space, `>` or `/`).
  static func count(_ needle: String, in text: String) -> Int {
    var count = 0
    var rest = text[...]
    while let range = rest.firstRange(of: needle) {
      rest = rest[range.upperBound...]
      if let next = rest.first, next == ">" || next == "/" || next.isWhitespace { count += 1 }
    }
    return count
  }

  /// Whether `line` is three or more of one of `-`, `*`, `_`, with spaces between. Bytes suffice:
  /// a non-ASCII scalar is, or joins, a Character that is not a mark, so such a line is no rule.
  static func isRule(_ line: Substring) -> Bool {
    var first: UInt8 = 0
    var count = 0
    for byte in line.utf8 where byte != UInt8(ascii: " ") {
      if first == 0 {
        guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_")
        else { return false }
        first = byte
      } else if byte != first {
        return false
      }
      count += 1
    }
    return count >= 3
  }

  static func heading(_ line: Substring) -> (Int, Substring)? {
    let level = line.prefix { $0 == "#" }.count
    guard (1...6).contains(level) else { return nil }
    let rest = line.dropFirst(level)
    guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
    var text = rest.trimmed
    if text.allSatisfy({ $0 == "#" }) { text = "" }
    while text.hasSuffix("#"), text.dropLast().hasSuffix(" ") || text.dropLast().hasSuffix("#") {
      text = text.dropLast()
    }
    return (level, text.trimmed)
  }

  /// The length of a bullet's marker and the space after it (`- `, `* `, `+ `, `1. `, `1) `).
  static func bulletMarker(_ line: Substring) -> Int? {
    let digits = line.prefix { $0.isASCII && $0.isNumber }.count
    let markerLength: Int
    if digits > 0, digits <= 9, let mark = line.dropFirst(digits).first, mark == "." || mark == ")"
    {
      markerLength = digits + 1
    } else if let first = line.first, "-*+".contains(first) {
      markerLength = 1
    } else {
      return nil
    }
    let rest = line.dropFirst(markerLength)
    guard let space = rest.first, space == " " || space == "\t" else { return nil }
    return markerLength + 1
  }

  /// The tag name when `line` starts with a block-level HTML tag.
  static func blockTag(_ line: Substring) -> String? {
    guard line.first == "<" else { return nil }
    let name = line.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
    guard blockTags.contains(name) else { return nil }
    let after = line.dropFirst(name.count + 1).first
    return after == nil || after == ">" || after == "/" || after?.isWhitespace == true ? name : nil
  }
}

extension Substring {
  /// Without leading and trailing whitespace.
  var trimmed: Substring {
    // Plain bytes first: ASCII whitespace next to an ASCII non-space is a Character of its own.
    let utf8 = self.utf8
    var start = utf8.startIndex
    while start < utf8.endIndex, PlainText.isWhitespace(utf8[start]) {
      start = utf8.index(after: start)
    }
    var end = utf8.endIndex
    while end > start, PlainText.isWhitespace(utf8[utf8.index(before: end)]) {
      end = utf8.index(before: end)
    }
    guard start < end else { return self[start..<end] }
    if utf8[start] < 0x80, utf8[utf8.index(before: end)] < 0x80 { return self[start..<end] }
    return characterTrimmed
  }

  /// `trimmed`, one Character at a time.
  private var characterTrimmed: Substring {
    let start = firstIndex { !$0.isWhitespace } ?? endIndex
    let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
    return self[start..<Swift.max(start, end)]
  }
}
