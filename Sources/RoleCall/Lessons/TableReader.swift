/// Reads a `notesTable`: one header row (in `<thead>`, or a first row of `<th>` cells), then body
/// rows whose cells line up with the header.
///
/// A table that breaks these rules is an error rather than a guess: a row read under the wrong
/// header would teach the wrong thing.
enum TableReader {
  /// A body row: each cell's header, text and emphasis, and the line of its `<tr>`.
  struct Row {
    var line: Int
    var cells: [(header: String, content: InlineText)]
  }

  /// The body rows of the table in `html`, which starts on page line `line`.
  static func read(_ html: String, line: Int, file: String) throws(LessonError) -> [Row] {
    let root = HTMLFragment.parse(html[...], firstLine: line)
    let table = root.descendants(named: "table").first ?? root
    let rows = rows(in: table, inHead: false)
    guard let first = rows.first, first.inHead || isHeader(first.row) else {
      throw LessonError(file: file, line: line, kind: .badTable, detail: "table has no header row")
    }
    // A header spanning N columns names each of them; a body cell takes its first column's.
    var headers: [String] = []
    for cell in cells(of: first.row) {
      headers += Array(repeating: InlineText(cell.children).text, count: span(of: cell))
    }
    var body: [Row] = []
    for (row, inHead) in rows.dropFirst() where !inHead {
      let cells = cells(of: row)
      let width = cells.map(span(of:)).reduce(0, +)
      guard width == headers.count else {
        throw LessonError(
          file: file, line: row.line, kind: .badTable,
          detail: "table row has \(width) cells, the header row has \(headers.count)")
      }
      var column = 0
      var named: [(header: String, content: InlineText)] = []
      for cell in cells {
        named.append((headers[column], InlineText(cell.children)))
        column += span(of: cell)
      }
      body.append(Row(line: row.line, cells: named))
    }
    guard !body.isEmpty else {
      throw LessonError(
        file: file, line: line, kind: .badTable, detail: "table has a header row but no other rows")
    }
    return body
  }

  /// Every `<tr>` of the table (not of tables nested in its cells) and whether it is in
  /// `<thead>`.
  private static func rows(
    in element: HTMLElement, inHead: Bool
  ) -> [(row: HTMLElement, inHead: Bool)] {
    element.childElements.flatMap { child -> [(row: HTMLElement, inHead: Bool)] in
      switch child.name {
      case "tr": [(child, inHead)]
      case "table": []
      default: rows(in: child, inHead: inHead || child.name == "thead")
      }
    }
  }

  private static func cells(of row: HTMLElement) -> [HTMLElement] {
    row.childElements.filter { $0.name == "td" || $0.name == "th" }
  }

  private static func isHeader(_ row: HTMLElement) -> Bool {
    let cells = cells(of: row)
    return row.hasClass("tableHeader") || (!cells.isEmpty && cells.allSatisfy { $0.name == "th" })
  }

  private static func span(of cell: HTMLElement) -> Int {
    max(1, min(Int(cell.attributes["colspan"] ?? "") ?? 1, 100))
  }
}
