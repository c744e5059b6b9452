/// `TagScanner` for plain text (ASCII without `\r`, see `PlainText`): the same tokens, found by
/// scanning bytes instead of Characters.
extension TagScanner {
  mutating func nextPlain(_ bytes: [UInt8]) -> HTMLToken? {
    var scan = offset
    while let open = bytes[scan...].firstIndex(of: UInt8(ascii: "<")) {
      guard let (tag, end) = Self.plainTag(bytes, at: open) else {
        scan = open + 1
        continue
      }
      if open > offset { return takePlainText(upTo: open) }
      let tagLine = line
      advancePlain(to: end)
      scan = end
      switch tag {
      case .skipped: continue
      case .start(let name, let attributes, let selfClosing):
        return .start(name: name, attributes: attributes, selfClosing: selfClosing, line: tagLine)
      case .end(let name): return .end(name: name)
      }
    }
    return offset < bytes.count ? takePlainText(upTo: bytes.count) : nil
  }

  private mutating func takePlainText(upTo end: Int) -> HTMLToken {
    let start = index
    advancePlain(to: end)
    return .text(text[start..<index])
  }

  private mutating func advancePlain(to end: Int) {
    line += bytes(offset..<end).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    offset = end
    index = text.utf8.index(text.startIndex, offsetBy: end)
  }

  private func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> { plain.map { $0[range] } ?? [] }

  /// The tag starting at the `<` at `start` and the offset after it, as `tag(at:)` reads it.
  private static func plainTag(_ bytes: [UInt8], at start: Int) -> (Tag, Int)? {
    let rest = bytes[(start + 1)...]
    if rest.starts(with: "!--".utf8) {
      return (.skipped, find("-->", in: rest).map { $0 + 3 } ?? bytes.count)
    }
    if rest.first == UInt8(ascii: "!") || rest.first == UInt8(ascii: "?") {
      guard let close = rest.firstIndex(of: UInt8(ascii: ">")) else { return nil }
      return (.skipped, close + 1)
    }
    let isEnd = rest.first == UInt8(ascii: "/")
    let nameStart = isEnd ? start + 2 : start + 1
    guard nameStart < bytes.count, PlainText.isLetter(bytes[nameStart]) else { return nil }
    var nameEnd = nameStart
    while nameEnd < bytes.count,
      PlainText.isAlphanumeric(bytes[nameEnd]) || bytes[nameEnd] == UInt8(ascii: "-")
    {
      nameEnd += 1
    }
    var attributes = PlainAttributes(bytes: bytes, start: nameEnd)
    guard attributes.read() else { return nil }
    let name = lowercased(bytes[nameStart..<nameEnd])
    if isEnd { return (.end(name: name), attributes.end) }
    return (
      .start(name: name, attributes: attributes.values, selfClosing: attributes.selfClosing),
      attributes.end
    )
  }

  /// The offset of the first `needle` in `bytes`.
  static func find(_ needle: String, in bytes: ArraySlice<UInt8>) -> Int? {
    let needle = Array(needle.utf8)
    var index = bytes.startIndex
    while index + needle.count <= bytes.endIndex {
      if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }
}

/// `bytes` in lower case, as a String.
func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
  String(decoding: bytes.map(PlainText.lowercased), as: UTF8.self)
}

/// `Attributes` for plain text: reads a tag's attributes up to and including its `>`.
private struct PlainAttributes {
  let bytes: [UInt8]
  var values: [String: String] = [:]
  var selfClosing = false
  var end: Int

  init(bytes: [UInt8], start: Int) {
    self.bytes = bytes
    self.end = start
  }

  /// Reads the attributes; `false` when the tag never ends (so its `<` is text).
  mutating func read() -> Bool {
    var rest = end
    while true {
      skipWhitespace(&rest)
      guard rest < bytes.count else { return false }
      if bytes[rest] == UInt8(ascii: ">") {
        end = rest + 1
        return true
      }
      if bytes[rest...].starts(with: "/>".utf8) {
        selfClosing = true
        end = rest + 2
        return true
      }
      let nameStart = rest
      while rest < bytes.count, !"=>/".utf8.contains(bytes[rest]),
        !PlainText.isWhitespace(bytes[rest])
      {
        rest += 1
      }
      let name = bytes[nameStart..<rest]
      skipWhitespace(&rest)
      if name.isEmpty, rest < bytes.count { rest += 1 }
      guard rest < bytes.count, bytes[rest] == UInt8(ascii: "=") else {
        if !name.isEmpty { values[lowercased(name)] = "" }
        continue
      }
      rest += 1
      skipWhitespace(&rest)
      let value: ArraySlice<UInt8>
      if rest < bytes.count, bytes[rest] == UInt8(ascii: "\"") || bytes[rest] == UInt8(ascii: "'") {
        guard let close = bytes[(rest + 1)...].firstIndex(of: bytes[rest]) else { return false }
        value = bytes[(rest + 1)..<close]
        rest = close + 1
      } else {
        let valueStart = rest
        while rest < bytes.count, bytes[rest] != UInt8(ascii: ">"),
          !PlainText.isWhitespace(bytes[rest])
        {
          rest += 1
        }
        value = bytes[valueStart..<rest]
      }
      values[lowercased(name)] = HTMLEntities.decode(plain: value)
    }
  }

  private func skipWhitespace(_ offset: inout Int) {
    while offset < bytes.count, PlainText.isWhitespace(bytes[offset]) { offset += 1 }
  }
}
