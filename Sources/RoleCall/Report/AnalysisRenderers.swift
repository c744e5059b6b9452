/// Renders an `AnalysisReport`: pure functions of the report, no analysis inside.
///
/// Every renderer writes to a `TextOutputStream` as it goes, so a report of 200,000 flows never
/// exists twice in memory; the `String` forms are for tests and small reports.
public enum AnalysisRenderer {
  /// The output formats of `rolecall analyze`.
  public enum Format: String, CaseIterable, Sendable {
    /// For a terminal: wrapped, coloured on request.
    case text
    /// The documented contract (docs/analyze-json.md).
    case json
    /// For pasting into a lab write-up.
    case markdown
    /// One self-contained page with the connection graph.
    case html
  }

  /// How a report is laid out.
  public struct Options: Sendable, Equatable {
    /// Rows shown per list of flows (nil shows every flow); other lists scale with it.
    public var limit: Int?
    /// ANSI colour and bold in text.
    public var color: Bool
    /// The width text is wrapped to.
    public var width: Int
    /// Narrow the flow tables of text to `width` by leaving out columns (for a terminal, where a
    /// longer line would break; files and pipes keep every column).
    public var fitTables: Bool

    /// The defaults: 20 flows per verdict, no colour, 100 columns, every column.
    public init(limit: Int? = 20, color: Bool = false, width: Int = 100, fitTables: Bool = false) {
      self.limit = limit
      self.color = color
      self.width = width
      self.fitTables = fitTables
    }

    /// Hosts shown before the rest are counted.
    var hostLimit: Int? { limit.map { max($0 * 2, 1) } }
    /// Addresses listed in one line (clients, peers, swarm members, pairs).
    var listLimit: Int? { limit.map { max($0 / 2, 1) } }
    /// Example flows under a warning.
    var exampleLimit: Int? { limit.map { max($0 / 4, 1) } }
  }

  /// The connections a report in `format` shows: text and Markdown only their swarms'.
  public static func connections(shownIn format: Format) -> AnalysisReport.ConnectionScope {
    format == .text || format == .markdown ? .peerToPeer : .all
  }

  /// Writes the report in `format` to `output`.
  public static func render(
    _ report: AnalysisReport, as format: Format, options: Options = Options(),
    to output: inout some TextOutputStream
  ) {
    switch format {
    case .text: TextReportRenderer.render(report, options: options, to: &output)
    case .json: JSONReportRenderer.render(report, to: &output)
    case .markdown: MarkdownReportRenderer.render(report, options: options, to: &output)
    case .html: HTMLReportRenderer.render(report, options: options, to: &output)
    }
  }

  /// The report in `format`; `limit` cuts long flow lists (nil shows every flow).
  public static func render(
    _ report: AnalysisReport, as format: Format, limit: Int? = 20
  ) -> String {
    var output = ""
    render(report, as: format, options: Options(limit: limit), to: &output)
    return output
  }

  /// One JSON object, keys sorted, output stable (docs/analyze-json.md).
  public static func json(_ report: AnalysisReport) -> String {
    render(report, as: .json)
  }

  /// The text report without colour, 100 columns wide.
  public static func text(_ report: AnalysisReport, limit: Int?) -> String {
    render(report, as: .text, limit: limit)
  }
}
