/// A node of an HTML fragment: text (entities decoded) or an element.
enum HTMLNode: Sendable {
  case text(String)
  case element(HTMLElement)
}

/// An element of an HTML fragment, with the line its start tag is on.
struct HTMLElement: Sendable {
  /// The tag name in lower case.
  var name: String
  /// The attributes, names in lower case, values with entities decoded.
  var attributes: [String: String]
  /// The 1-based page line of the start tag.
  var line: Int
  var children: [HTMLNode] = []

  /// Whether the `class` attribute lists `name`.
  func hasClass(_ name: String) -> Bool {
    (attributes["class"] ?? "").split(whereSeparator: \.isWhitespace).contains { $0 == name }
  }

  /// The child elements, in order.
  var childElements: [HTMLElement] {
    children.compactMap { if case .element(let element) = $0 { element } else { nil } }
  }

  /// The descendants named `name`, in document order, not looking inside elements named
  /// `boundary` (so a table's rows do not include a nested table's rows).
  func descendants(named name: String, notInside boundary: String? = nil) -> [HTMLElement] {
    var found: [HTMLElement] = []
    for child in childElements {
      if child.name == name { found.append(child) }
      if child.name != boundary { found += child.descendants(named: name, notInside: boundary) }
    }
    return found
  }
}

/// A forgiving reader for the HTML fragments inside course pages (tables, spans, the navigation
/// block).
///
/// Course pages are hand-written HTML, not XML: `&` appears bare, `<br>` is never closed and
/// `</td>` may be left out. XMLParser rejects the real course page for its bare `&`, so this
/// reader follows the browser's habits instead: unknown references and a `<` that starts no tag
/// stay text, void elements never open, a new cell or row closes the open one, a stray end tag
/// is ignored and anything left open is closed at the end. Whether a whole table or navigation
/// block is closed is checked by the page reader, which knows the lines.
enum HTMLFragment {
  /// Elements that never have content or an end tag.
  static let voidElements: Set<String> = [
    "br", "img", "hr", "input", "meta", "link", "wbr", "col", "area", "base", "source", "track",
    "embed", "param",
  ]

  /// The fragment's nodes; `firstLine` is the page line `html` starts on.
  static func parse(_ html: Substring, firstLine: Int) -> HTMLElement {
    var builder = TreeBuilder(line: firstLine)
    var scanner = TagScanner(text: html, line: firstLine)
    while let token = scanner.next() { builder.add(token) }
    return builder.finish()
  }
}

/// One piece of HTML: text, a start tag or an end tag (comments are skipped).
enum HTMLToken {
  case text(Substring)
  case start(name: String, attributes: [String: String], selfClosing: Bool, line: Int)
  case end(name: String)
}

/// Splits HTML into tokens, counting lines; anything that is not a whole tag is text.
struct TagScanner {
  let text: Substring
  /// The text's bytes when it is plain (see `PlainText`), which `nextPlain` scans instead.
  let plain: [UInt8]?
  var index: Substring.Index
  /// `index` as a byte offset, kept by `nextPlain`.
  var offset = 0
  var line: Int

  init(text: Substring, line: Int) {
    self.text = text
    self.plain = PlainText.isPlain(text.utf8) ? Array(text.utf8) : nil
    self.index = text.startIndex
    self.line = line
  }

  mutating func next() -> HTMLToken? {
    if let plain { return nextPlain(plain) }
    var scan = index
    while scan < text.endIndex {
      guard text[scan] == "<", let (tag, end) = tag(at: scan) else {
        scan = text.index(after: scan)
        continue
      }
      if scan > index { return takeText(upTo: scan) }
      let tagLine = line
      advance(to: end)
      scan = end
      switch tag {
      case .skipped: continue
      case .start(let name, let attributes, let selfClosing):
        return .start(name: name, attributes: attributes, selfClosing: selfClosing, line: tagLine)
      case .end(let name): return .end(name: name)
      }
    }
    return index < text.endIndex ? takeText(upTo: text.endIndex) : nil
  }

  private mutating func takeText(upTo end: Substring.Index) -> HTMLToken {
    let piece = text[index..<end]
    advance(to: end)
    return .text(piece)
  }

  private mutating func advance(to end: Substring.Index) {
    line += text[index..<end].reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
    index = end
  }

  /// What a `<` starts, when it starts a whole tag.
  enum Tag {
    case skipped
    case start(name: String, attributes: [String: String], selfClosing: Bool)
    case end(name: String)
  }

  /// The tag starting at `start` (comments and declarations are `skipped`) and the index after
  /// it, or `nil` when this `<` starts no tag and so is text.
  private func tag(at start: Substring.Index) -> (Tag, Substring.Index)? {
    let rest = text[text.index(after: start)...]
    if rest.hasPrefix("!--") {
      return (.skipped, rest.firstRange(of: "-->")?.upperBound ?? text.endIndex)
    }
    if rest.hasPrefix("!") || rest.hasPrefix("?") {
      guard let close = rest.firstIndex(of: ">") else { return nil }
      return (.skipped, text.index(after: close))
    }
    let isEnd = rest.first == "/"
    let nameStart = isEnd ? rest.dropFirst() : rest
    guard let first = nameStart.first, first.isASCII, first.isLetter else { return nil }
    let name = nameStart.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
    var attributes = Attributes(text: nameStart[name.endIndex...])
    guard attributes.read() else { return nil }
    let lowerName = name.lowercased()
    if isEnd { return (.end(name: lowerName), attributes.end) }
    let tag = Tag.start(
      name: lowerName, attributes: attributes.values, selfClosing: attributes.selfClosing)
    return (tag, attributes.end)
  }
}

/// Reads a tag's attributes up to and including its `>`.
private struct Attributes {
  var text: Substring
  var values: [String: String] = [:]
  var selfClosing = false
  var end: Substring.Index

  init(text: Substring) {
    self.text = text
    self.end = text.startIndex
  }

  /// Reads the attributes; `false` when the tag never ends (so its `<` is text).
  mutating func read() -> Bool {
    var rest = text
    while true {
      rest = rest.drop { $0.isWhitespace }
      guard let first = rest.first else { return false }
      if first == ">" {
        end = rest.index(after: rest.startIndex)
        return true
      }
      if rest.hasPrefix("/>") {
        selfClosing = true
        end = rest.index(rest.startIndex, offsetBy: 2)
        return true
      }
      let name = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != ">" && $0 != "/" }
      rest = rest[name.endIndex...].drop { $0.isWhitespace }
      if name.isEmpty { rest = rest.dropFirst() }
      guard rest.first == "=" else {
        if !name.isEmpty { values[name.lowercased()] = "" }
        continue
      }
      rest = rest.dropFirst().drop { $0.isWhitespace }
      let value: Substring
      if let quote = rest.first, quote == "\"" || quote == "'" {
        let body = rest.dropFirst()
        guard let close = body.firstIndex(of: quote) else { return false }
        value = body[..<close]
        rest = body[body.index(after: close)...]
      } else {
        value = rest.prefix { !$0.isWhitespace && $0 != ">" }
        rest = rest[value.endIndex...]
      }
      values[name.lowercased()] = HTMLEntities.decode(value)
    }
  }
}

/// Builds the element tree with the browser's implied end tags for tables and lists.
private struct TreeBuilder {
  var stack: [HTMLElement]

  init(line: Int) { stack = [HTMLElement(name: "#fragment", attributes: [:], line: line)] }

  /// The elements an opening tag closes first, and where that search stops.
  static let implied: [String: (closes: Set<String>, stopsAt: Set<String>)] = [
    "td": (["td", "th"], ["tr", "table"]),
    "th": (["td", "th"], ["tr", "table"]),
    "tr": (["tr", "td", "th"], ["thead", "tbody", "tfoot", "table"]),
    "thead": (["thead", "tbody", "tfoot", "tr", "td", "th"], ["table"]),
    "tbody": (["thead", "tbody", "tfoot", "tr", "td", "th"], ["table"]),
    "tfoot": (["thead", "tbody", "tfoot", "tr", "td", "th"], ["table"]),
    "li": (["li"], ["ul", "ol"]),
    "p": (["p"], ["div", "td", "th", "li", "table"]),
  ]

  /// Deeper elements are kept as empty leaves (their text still counts), so a pathological page
  /// cannot exhaust the stack of the recursive walks over the tree.
  static let maxDepth = 200

  mutating func add(_ token: HTMLToken) {
    switch token {
    case .text(let text):
      append(.text(HTMLEntities.decode(text)))
    case .start(let name, let attributes, let selfClosing, let line):
      closeImplied(by: name)
      let element = HTMLElement(name: name, attributes: attributes, line: line)
      if selfClosing || HTMLFragment.voidElements.contains(name) || stack.count > Self.maxDepth {
        append(.element(element))
      } else {
        stack.append(element)
      }
    case .end(let name):
      guard let open = stack.lastIndex(where: { $0.name == name }), open > 0 else { return }
      while stack.count > open { close() }
    }
  }

  /// Closes what a `<name>` start tag ends: the deepest open element it closes that lies above
  /// the nearest element it stops at (a new `<td>` closes the open cell, not a cell of an outer
  /// table).
  private mutating func closeImplied(by name: String) {
    guard let rule = Self.implied[name] else { return }
    var target: Int?
    var level = stack.count - 1
    while level > 0, !rule.stopsAt.contains(stack[level].name) {
      if rule.closes.contains(stack[level].name) { target = level }
      level -= 1
    }
    guard let target else { return }
    while stack.count > target { close() }
  }

  mutating func finish() -> HTMLElement {
    while stack.count > 1 { close() }
    return stack[0]
  }

  private mutating func append(_ node: HTMLNode) {
    stack[stack.count - 1].children.append(node)
  }

  private mutating func close() {
    let element = stack.removeLast()
    append(.element(element))
  }
}
