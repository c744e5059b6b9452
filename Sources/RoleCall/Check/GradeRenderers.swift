import Foundation

/// Writes a grade book: text for a terminal, CSV and JSON for gradebooks, Markdown for a
/// write-up, HTML for a page. Renderers only lay out the `GradeBook`; nothing is worked out here.
public enum GradeRenderer {
  public enum Format: String, CaseIterable, Sendable {
    case text, json, csv, markdown, html
  }

  public struct Options: Sendable, Equatable {
    /// ANSI colour and bold in text.
    public var color: Bool
    /// The width text is wrapped to.
    public var width: Int

    public init(color: Bool = false, width: Int = 100) {
      self.color = color
      self.width = width
    }
  }

  public static func render(
    _ book: GradeBook, as format: Format, options: Options = Options(),
    to output: inout some TextOutputStream
  ) {
    switch format {
    case .text: text(book, options, &output)
    case .json: json(book, &output)
    case .csv: csv(book, &output)
    case .markdown: markdown(book, &output)
    case .html: GradeHTMLRenderer.render(book, to: &output)
    }
  }

  /// The whole rendering as one string.
  public static func render(_ book: GradeBook, as format: Format) -> String {
    var output = ""
    render(book, as: format, to: &output)
    return output
  }

  /// `PASS`, `FAIL` or `ERROR`.
  static func verdict(_ grade: CaptureGrade) -> String {
    grade.error != nil ? "ERROR" : (grade.passed ? "PASS" : "FAIL")
  }

  /// `7/9 points (78%)`.
  static func score(_ grade: CaptureGrade) -> String {
    "\(grade.earned)/\(grade.points) points (\(Int(grade.percent.rounded()))%)"
  }

  /// `3 captures: 2 passed, 1 failed`.
  static func tally(_ book: GradeBook) -> String {
    var parts = ["\(book.passed) passed", "\(book.failed) failed"]
    if book.errors > 0 { parts.append("\(book.errors) could not be graded") }
    return "\(ReportBuilder.count(book.grades.count, "capture")): " + parts.joined(separator: ", ")
  }

  /// `web = 10.99.11.80 (serves tcp/80)`.
  static func binding(_ binding: HostBinding) -> String {
    let addresses = binding.addresses.isEmpty ? "nobody" : binding.addresses.joined(separator: ", ")
    let how = binding.selector == addresses ? "" : " (\(binding.selector))"
    return "\(binding.name) = \(addresses)\(how)"
  }

  // MARK: Text

  private static func text(
    _ book: GradeBook, _ options: Options, _ output: inout some TextOutputStream
  ) {
    func paint(_ value: String, _ code: String) -> String {
      options.color ? "\u{1B}[\(code)m\(value)\u{1B}[0m" : value
    }
    let wrapped = ByteBuffer(capacity: 1 << 10)
    func say(_ text: String, _ first: String, _ rest: String) {
      wrapped.appendWrapped(text, width: options.width, first: first, rest: rest, style: nil)
      wrapped.flush(to: &output)
    }
    for (number, grade) in book.grades.enumerated() {
      if number > 0 { output.write("\n") }
      let mark = verdict(grade)
      let code = grade.error != nil ? "1;33" : (grade.passed ? "1;32" : "1;31")
      output.write(paint("\(grade.capture): \(mark)", code) + ", \(score(grade))\n")
      say("lab: \(grade.labTitle) (\(grade.lab))", "  ", "    ")
      if let error = grade.error { say("error: \(error)", "  ", "    ") }
      say("hosts: " + grade.bindings.map(binding).joined(separator: "; "), "  ", "    ")
      for check in grade.checks {
        let head = check.met ? paint("met   ", "32") : paint("MISSED", "1;31")
        say(
          "\(check.expectation) [\(check.earned)/\(check.points)]", "  \(head) ",
          "         ")
        say(check.explanation, "         ", "           ")
        if let lesson = check.lesson {
          say(
            "lesson: \"\(ReportText.quote(lesson.text, limit: 160))\" (\(ReportText.source(lesson)))",
            "         ", "           ")
        }
      }
    }
    guard book.grades.count > 1 else { return }
    output.write("\n" + paint("Summary: \(tally(book))", "1") + "\n")
    let rows =
      [["capture", "result", "points", "score"]]
      + book.grades.map {
        [$0.capture, verdict($0), "\($0.earned)/\($0.points)", "\(Int($0.percent.rounded()))%"]
      }
    for line in ReportText.table(rows, rightAligned: [2, 3]) { output.write("  " + line + "\n") }
  }

  // MARK: JSON and CSV

  private static func json(_ book: GradeBook, _ output: inout some TextOutputStream) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(book)) ?? Data("{}".utf8)
    output.write(String(decoding: data, as: UTF8.self) + "\n")
  }

  /// One row per capture, for a gradebook; RFC 4180 quoting.
  private static func csv(_ book: GradeBook, _ output: inout some TextOutputStream) {
    func cell(_ value: String) -> String {
      guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    output.write("capture,lab,result,earned,points,percent,missed,error\r\n")
    for grade in book.grades {
      let missed = grade.checks.filter { !$0.met }.map(\.expectation).joined(separator: "; ")
      let row = [
        grade.capture, grade.lab, verdict(grade), String(grade.earned), String(grade.points),
        String(format: "%.1f", grade.percent), missed, grade.error ?? "",
      ]
      output.write(row.map(cell).joined(separator: ",") + "\r\n")
    }
  }

  // MARK: Markdown

  private static func markdown(_ book: GradeBook, _ output: inout some TextOutputStream) {
    let escape = MarkdownReportRenderer.escape
    output.write("# rolecall check\n\n")
    if book.grades.count > 1 {
      output.write(
        "\(tally(book)).\n\n| Capture | Result | Points | Score |\n| --- | --- | ---: | ---: |\n")
      for grade in book.grades {
        output.write(
          "| \(escape(grade.capture)) | \(verdict(grade)) | \(grade.earned)/\(grade.points) | "
            + "\(Int(grade.percent.rounded()))% |\n")
      }
      output.write("\n")
    }
    for grade in book.grades {
      output.write("## \(escape(grade.capture)): \(verdict(grade)), \(score(grade))\n\n")
      output.write("Lab: \(escape(grade.labTitle)) (`\(grade.lab)`)\n\n")
      if let error = grade.error { output.write("**Error:** \(escape(error))\n\n") }
      output.write("Hosts: \(escape(grade.bindings.map(binding).joined(separator: "; ")))\n\n")
      for check in grade.checks {
        output.write(
          "- \(check.met ? "✅ met" : "❌ **missed**"): \(escape(check.expectation)) "
            + "(\(check.earned)/\(check.points))  \n  \(escape(check.explanation))\n")
        if let lesson = check.lesson {
          output.write(
            "  > \(escape(ReportText.quote(lesson.text, limit: 240)))  \n"
              + "  > — *\(escape(ReportText.source(lesson)))*\n")
        }
      }
      output.write("\n")
    }
  }
}
