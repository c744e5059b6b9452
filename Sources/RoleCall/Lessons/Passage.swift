/// The smallest piece of a page a finding can point to: a paragraph, a table row, a bullet or a
/// takeaway.
///
/// Passages carry their text twice: as plain text for people, and as normalised terms (lower
/// case, stemmed, stop words dropped) for `LessonIndex`, which picks passages by meaning. The
/// terms of the emphasised words are kept apart, because the instructor emphasises exactly the
/// words a passage is about.
public struct Passage: Sendable, Equatable, Codable {
  /// What kind of block a passage comes from.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// A paragraph of prose.
    case paragraph
    /// One body row of a table, with its column headers.
    case row
    /// A bullet outside a "Key Takeaways" section.
    case item
    /// A bullet of a "Key Takeaways" section.
    case takeaway
  }

  /// One cell of a table row, named by its column header.
  public struct Cell: Sendable, Equatable, Codable {
    /// The column header's text ("How It Works"); empty when the header cell is empty.
    public var header: String
    /// The cell's plain text.
    public var text: String

    /// Makes a cell.
    public init(header: String, text: String) {
      self.header = header
      self.text = text
    }
  }

  /// The stable id: `PAGE#SECTION/KIND-N`, N counting that kind from 1 within the section
  /// (`peer-to-peer-vs-client-server#quick-examples-of-roles/row-2`).
  public var id: String
  /// The id of the page the passage is on.
  public var pageID: String
  /// The id of the section the passage is in.
  public var sectionID: String
  /// What kind of block it is.
  public var kind: Kind
  /// The 1-based line in the page where the passage starts.
  public var line: Int
  /// The plain text: tags stripped, entities decoded, spaces collapsed; a hard line break is a
  /// newline. A row reads `Header: cell; Header: cell`.
  public var text: String
  /// A row's cells with their headers; empty for other kinds.
  public var cells: [Cell]
  /// The text of each `<span class="emphasis">`, in order, without repeats.
  public var emphasis: [String]
  /// The text of each `<span class="secondEmphasis">`, in order, without repeats.
  public var secondEmphasis: [String]
  /// The text's terms in order, repeats kept (a term's count matters to the index); for a row,
  /// only the cells' terms, since the headers repeat in every row.
  public var terms: [String]
  /// The terms of both kinds of emphasis, in order, without repeats.
  public var emphasizedTerms: [String]

  /// Makes a passage; `terms` and `emphasizedTerms` are worked out from the text.
  public init(
    id: String, pageID: String, sectionID: String, kind: Kind, line: Int, text: String,
    cells: [Cell] = [], emphasis: [String], secondEmphasis: [String]
  ) {
    self.id = id
    self.pageID = pageID
    self.sectionID = sectionID
    self.kind = kind
    self.line = line
    self.text = text
    self.cells = cells
    self.emphasis = emphasis
    self.secondEmphasis = secondEmphasis
    let termSource = cells.isEmpty ? text : cells.map(\.text).joined(separator: " ")
    self.terms = LessonTerms.terms(in: termSource)
    var seen: Set<String> = []
    self.emphasizedTerms = (emphasis + secondEmphasis).flatMap { LessonTerms.terms(in: $0) }
      .filter { seen.insert($0).inserted }
  }
}
