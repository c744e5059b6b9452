import Foundation

/// Reads course pages written like the instructor's (Markdown headings framed by `---` rules,
/// paragraphs and bullets with emphasis spans, `notesTable` HTML tables, an `xrefNav` block)
/// into `LessonPage`s. docs/lessons.md describes the format.
///
/// Every problem is one `LessonError` naming the file and line; nothing here stops a run, so the
/// caller keeps the pages that did read.
public enum LessonReader {
  /// Reads the page at `path`; its id is the file name as a slug unless `id` is given.
  public static func read(
    contentsOf path: String, id: String? = nil
  ) throws(LessonError)
    -> LessonPage
  {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw LessonError(file: path, line: nil, kind: .cannotRead, detail: "no such file")
    }
    guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
      let detail = isFolder.boolValue ? "is a folder, not a page" : "cannot read the file"
      throw LessonError(file: path, line: nil, kind: .cannotRead, detail: detail)
    }
    return try read(bytes: [UInt8](data), file: path, id: id)
  }

  /// Reads a page from its bytes, which must be UTF-8 text; `file` names it in errors.
  public static func read(
    bytes: [UInt8], file: String, id: String? = nil
  ) throws(LessonError)
    -> LessonPage
  {
    if let offset = bytes.firstIndex(of: 0) {
      throw LessonError(
        file: file, line: line(of: offset, in: bytes), kind: .notText,
        detail: "binary file, not a text page (NUL byte at offset \(offset))")
    }
    if let offset = firstInvalidUTF8(bytes) {
      let byte = String(bytes[offset], radix: 16, uppercase: true)
      throw LessonError(
        file: file, line: line(of: offset, in: bytes), kind: .notText,
        detail: "not UTF-8 text (byte 0x\(byte.count == 1 ? "0" : "")\(byte) at offset \(offset))")
    }
    let text = String(decoding: bytes, as: UTF8.self)
    return try read(markdown: text, file: file, id: id)
  }

  /// Reads a page from its text; `file` names it in errors, `source` in listings (the file, or
  /// `bundled`).
  public static func read(
    markdown: String, file: String, id: String? = nil, source: String? = nil
  ) throws(LessonError) -> LessonPage {
    let body = markdown.hasPrefix("\u{FEFF}") ? markdown.dropFirst() : markdown[...]
    let lines = lines(of: body)
    guard lines.contains(where: { !$0.trimmed.isEmpty }) else {
      throw LessonError(file: file, line: 1, kind: .empty, detail: "page is empty")
    }
    let blocks = try PageBlocks.read(lines, file: file)
    var assembler = PageAssembler(file: file, pageID: id ?? pageID(forFile: file))
    for block in blocks { try assembler.add(block) }
    return try assembler.page(source: source ?? file)
  }

  /// A page's id from its file name: the name without `.md`, as a slug.
  public static func pageID(forFile file: String) -> String {
    let name = file.split(separator: "/").last.map(String.init) ?? file
    return Slug.make(name.hasSuffix(".md") ? String(name.dropLast(3)) : name)
  }

  /// The lines of `body`, split at each `"\n"` or `"\r\n"` Character. A line feed is always a
  /// Character of its own or the end of `"\r\n"`, so splitting at its byte gives the same lines
  /// without a grapheme break test per character.
  static func lines(of body: Substring) -> [Substring] {
    var lines: [Substring] = []
    let utf8 = body.utf8
    var start = utf8.startIndex
    var index = start
    var previous: UInt8 = 0
    while index < utf8.endIndex {
      let byte = utf8[index]
      if byte == 0x0A {
        lines.append(body[start..<(previous == 0x0D ? utf8.index(before: index) : index)])
        start = utf8.index(after: index)
      }
      previous = byte
      index = utf8.index(after: index)
    }
    lines.append(body[start...])
    return lines
  }

  private static func line(of offset: Int, in bytes: [UInt8]) -> Int {
    bytes[..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
  }

  /// The offset of the first byte that does not belong to valid UTF-8, if any.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }
}
