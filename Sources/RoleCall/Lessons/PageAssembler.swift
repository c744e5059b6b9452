/// Builds a `LessonPage` from its blocks: headings open sections, the other blocks become
/// passages numbered per section and kind, and the navigation block becomes links.
struct PageAssembler {
  let file: String
  let pageID: String
  var heading: (text: String, line: Int)?
  var sawHeading = false
  var sections: [LessonSection] = []
  var navigation: [NavigationLink] = []

  init(file: String, pageID: String) {
    self.file = file
    self.pageID = pageID
  }

  mutating func add(_ block: PageBlock) throws(LessonError) {
    switch block {
    case .heading(let level, let text, let line):
      let title = InlineText(markdown: [text], firstLine: line).text
      if !sawHeading, level == 1 {
        heading = (title, line)
      } else {
        openSection(title: title, line: line)
      }
      sawHeading = true
    case .paragraph(let lines, let line):
      try append(.paragraph, InlineText(markdown: lines, firstLine: line), line: line)
    case .bullet(let lines, let line):
      let kind: Passage.Kind = try currentSection(at: line).isTakeaways ? .takeaway : .item
      try append(kind, InlineText(markdown: lines, firstLine: line), line: line)
    case .table(let html, let line):
      for row in try TableReader.read(html, line: line, file: file) {
        let cells = row.cells.map { Passage.Cell(header: $0.header, text: $0.content.text) }
        let text = Self.rowText(cells)
        let inline = InlineText(
          text: text, emphasis: row.cells.flatMap(\.content.emphasis),
          secondEmphasis: row.cells.flatMap(\.content.secondEmphasis))
        try append(.row, inline, cells: cells, line: row.line)
      }
    case .navigation(let html, let line):
      navigation += NavigationReader.links(in: html, line: line)
    case .html(let html, let line):
      let root = HTMLFragment.parse(html[...], firstLine: line)
      let items = root.descendants(named: "li")
      if items.isEmpty {
        try append(.paragraph, InlineText(root.children), line: line)
      }
      for item in items {
        let kind: Passage.Kind = try currentSection(at: line).isTakeaways ? .takeaway : .item
        try append(kind, InlineText(item.children), line: item.line)
      }
    }
  }

  /// The page: its title is the first section's title when that section is named like the page
  /// (the course's layout), else the `#` heading, else the first section's title.
  func page(source: String) throws(LessonError) -> LessonPage {
    guard sawHeading else {
      throw LessonError(file: file, line: 1, kind: .noHeading, detail: "page has no heading")
    }
    let first = sections.first
    let title =
      first.flatMap { $0.id == pageID ? $0.title : nil } ?? heading?.text ?? first?.title ?? ""
    return LessonPage(
      id: pageID, title: title, heading: heading?.text, source: source, sections: sections,
      navigation: navigation)
  }

  /// `Header: cell; Header: cell`; a cell that ends a sentence is followed by a space only.
  static func rowText(_ cells: [Passage.Cell]) -> String {
    var text = ""
    for cell in cells {
      if let last = text.last { text += ".!?;:".contains(last) ? " " : "; " }
      text += cell.header.isEmpty ? cell.text : "\(cell.header): \(cell.text)"
    }
    return text
  }

  private mutating func openSection(title: String, line: Int) {
    let base = Slug.make(title).isEmpty ? "section" : Slug.make(title)
    var id = base
    var suffix = 2
    while sections.contains(where: { $0.id == id }) {
      id = "\(base)-\(suffix)"
      suffix += 1
    }
    sections.append(LessonSection(id: id, title: title, line: line, passages: []))
  }

  /// The section text at `line` belongs to; text under the `#` heading, before any section,
  /// gets a section named after that heading.
  private mutating func currentSection(at line: Int) throws(LessonError) -> LessonSection {
    if sections.isEmpty {
      guard let heading else {
        throw LessonError(
          file: file, line: line, kind: .noHeading, detail: "text before the first heading")
      }
      openSection(title: heading.text, line: heading.line)
    }
    return sections[sections.count - 1]
  }

  private mutating func append(
    _ kind: Passage.Kind, _ inline: InlineText, cells: [Passage.Cell] = [], line: Int
  ) throws(LessonError) {
    let section = try currentSection(at: line)
    guard !inline.text.isEmpty else { return }
    let number = section.passages.filter { $0.kind == kind }.count + 1
    let passage = Passage(
      id: "\(pageID)#\(section.id)/\(kind.rawValue)-\(number)", pageID: pageID,
      sectionID: section.id, kind: kind, line: line, text: inline.text, cells: cells,
      emphasis: inline.emphasis, secondEmphasis: inline.secondEmphasis)
    sections[sections.count - 1].passages.append(passage)
  }
}
