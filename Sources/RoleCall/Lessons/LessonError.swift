/// Why a lesson page (or a folder of them) could not be read: one line naming the file, the
/// line and the problem.
///
/// A page is used whole or not at all: a half-read table would link findings to the wrong row.
/// The other pages are still used; the command line prints each error with a `rolecall: ` prefix
/// and exits 1 at the end.
public struct LessonError: Error, Sendable, Equatable, Codable {
  /// What kind of problem it is; an open set so callers can match the ones they handle.
  public struct Kind: RawRepresentable, Hashable, Sendable, Codable {
    /// A short stable name, used in JSON and tests.
    public var rawValue: String
    /// Makes a kind from its name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The file or folder cannot be opened or listed.
    public static let cannotRead = Kind(rawValue: "cannot-read")
    /// A folder holds no `.md` pages.
    public static let noPages = Kind(rawValue: "no-pages")
    /// The file is binary or not UTF-8 text.
    public static let notText = Kind(rawValue: "not-text")
    /// The file is empty or holds only blank lines.
    public static let empty = Kind(rawValue: "empty")
    /// The page has no heading, so it has no title and no sections.
    public static let noHeading = Kind(rawValue: "no-heading")
    /// A block (table, navigation `div`, code fence) opens and never closes.
    public static let notClosed = Kind(rawValue: "not-closed")
    /// A table is missing a part it needs, or its rows do not fit its header.
    public static let badTable = Kind(rawValue: "bad-table")
  }

  /// The file (or folder) the problem is in, as it was given.
  public var file: String
  /// The 1-based line of the problem, when it has one.
  public var line: Int?
  /// What kind of problem it is.
  public var kind: Kind
  /// What is wrong, in a few words: lower case, no trailing period.
  public var detail: String

  /// Makes an error.
  public init(file: String, line: Int?, kind: Kind, detail: String) {
    self.file = file
    self.line = line
    self.kind = kind
    self.detail = detail
  }

  /// One line, `FILE:LINE: what is wrong`; the command line adds `rolecall: `.
  public var message: String {
    if let line { return "\(file):\(line): \(detail)" }
    return "\(file): \(detail)"
  }
}
