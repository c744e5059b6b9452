/// The plain text of some HTML content and the words it emphasises.
///
/// Emphasis is what the course marks with `<span class="emphasis">` and
/// `<span class="secondEmphasis">`; the two are kept apart because the course uses the second
/// for a contrast ("directly", "both") rather than the topic itself. Markdown's `**bold**` and
/// `*italic*` are not emphasis in this sense, so they only give text.
struct InlineText: Equatable {
  /// Spaces collapsed, trimmed; each `<br>` is one newline.
  var text: String
  /// The text of each `emphasis` span, in order, without repeats.
  var emphasis: [String] = []
  /// The text of each `secondEmphasis` span, in order, without repeats.
  var secondEmphasis: [String] = []

  /// The text and emphasis of `nodes`.
  init(_ nodes: [HTMLNode]) {
    var raw = ""
    var emphasis: [String] = []
    var second: [String] = []
    Self.collect(nodes, into: &raw, emphasis: &emphasis, second: &second)
    text = Self.normalize(raw)
    self.emphasis = Self.unique(emphasis.map(Self.normalize))
    secondEmphasis = Self.unique(second.map(Self.normalize))
  }

  /// Text and emphasis already worked out (a table row's cells joined); repeats are dropped.
  init(text: String, emphasis: [String], secondEmphasis: [String]) {
    self.text = text
    self.emphasis = Self.unique(emphasis)
    self.secondEmphasis = Self.unique(secondEmphasis)
  }

  /// The text and emphasis of a Markdown paragraph, bullet or heading (inline HTML allowed).
  init(markdown lines: [Substring], firstLine: Int) {
    let html = InlineMarkdown.html(lines)
    self.init(HTMLFragment.parse(html[...], firstLine: firstLine).children)
  }

  /// Elements whose content is set apart from its neighbours by a space.
  private static let blocks: Set<String> = [
    "p", "div", "li", "td", "th", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "section", "pre",
  ]

  private static func collect(
    _ nodes: [HTMLNode], into raw: inout String, emphasis: inout [String], second: inout [String]
  ) {
    for node in nodes {
      switch node {
      case .text(let text):
        // A newline in the source is a soft break, a space; only `<br>` breaks a line.
        raw += softBreaksAsSpaces(text)
      case .element(let element) where element.name == "br":
        raw += "\n"
      case .element(let element):
        let isBlock = blocks.contains(element.name)
        if isBlock { raw += " " }
        var inner = ""
        Self.collect(element.children, into: &inner, emphasis: &emphasis, second: &second)
        raw += inner
        if element.name == "span", element.hasClass("emphasis") { emphasis.append(inner) }
        if element.name == "span", element.hasClass("secondEmphasis") { second.append(inner) }
        if isBlock { raw += " " }
      }
    }
  }

  /// `text` with each newline turned into a space.
  static func softBreaksAsSpaces(_ text: String) -> String {
    guard PlainText.isPlain(text.utf8[...]) else {
      return String(text.map { $0.isNewline ? " " : $0 })
    }
    // Plain text (see `PlainText`): the same, by bytes; its newlines are line feed, vertical
    // tab and form feed.
    guard text.utf8.contains(where: PlainText.isNewline) else { return text }
    return String(
      decoding: text.utf8.map { PlainText.isNewline($0) ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
  }

  /// Collapses each line's whitespace to single spaces and drops blank lines.
  static func normalize(_ raw: String) -> String {
    let utf8 = raw.utf8
    guard PlainText.isPlain(utf8[...]) else { return characterNormalize(raw) }
    // Plain text (see `PlainText`): the same, by bytes, in one pass. A word's first byte
    // writes the separator before it: a newline if it starts a line after an earlier one with
    // words, a space if whitespace came between it and the word before.
    var output: [UInt8] = []
    output.reserveCapacity(utf8.count)
    var lineHasWords = false
    var spaceBefore = false
    for byte in utf8 {
      if byte == UInt8(ascii: "\n") {
        lineHasWords = false
        spaceBefore = false
      } else if PlainText.isWhitespace(byte) {
        spaceBefore = lineHasWords
      } else {
        if !lineHasWords {
          if !output.isEmpty { output.append(UInt8(ascii: "\n")) }
          lineHasWords = true
        } else if spaceBefore {
          output.append(UInt8(ascii: " "))
        }
        spaceBefore = false
        output.append(byte)
      }
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// `normalize`, one Character at a time.
  static func characterNormalize(_ raw: String) -> String {
    raw.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
      .filter { !$0.isEmpty }
      .joined(separator: "\n")
  }

  /// `items` without empty strings or repeats, first occurrence kept.
  static func unique(_ items: [String]) -> [String] {
    var seen: Set<String> = []
    return items.filter { !$0.isEmpty && seen.insert($0).inserted }
  }
}
