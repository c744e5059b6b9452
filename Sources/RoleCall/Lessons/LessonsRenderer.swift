import Foundation

/// Shows how rolecall understood a course, for `rolecall lessons`: pure functions of the course.
public enum LessonsRenderer {
  /// The output formats of `rolecall lessons`.
  public enum Format: String, CaseIterable, Sendable {
    case text, json
  }

  /// The course in `format`.
  public static func render(_ course: LessonCourse, as format: Format) -> String {
    switch format {
    case .text: text(course)
    case .json: json(course)
    }
  }

  /// One JSON object with `pages` and `errors` (their one-line messages); keys sorted.
  public static func json(_ course: LessonCourse) -> String {
    struct Output: Encodable {
      var pages: [LessonPage]
      var errors: [String]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let output = Output(pages: course.pages, errors: course.errors.map(\.message))
    guard let data = try? encoder.encode(output) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// An outline for people: each page, its links, its sections and their passages with ids,
  /// text and emphasis; then the totals.
  public static func text(_ course: LessonCourse) -> String {
    var lines: [String] = []
    for page in course.pages {
      lines.append("page \(page.id): \(page.title)")
      lines.append("  source: \(page.source)")
      if let heading = page.heading { lines.append("  heading: \(heading)") }
      for link in page.navigation {
        lines.append("  \(link.direction.rawValue): \(link.title) <\(link.href)>")
      }
      for section in page.sections {
        lines.append("  section \(section.id): \(section.title) (line \(section.line))")
        for passage in section.passages { lines += passageLines(passage) }
      }
      lines.append("")
    }
    lines.append(totals(course))
    return lines.joined(separator: "\n") + "\n"
  }

  private static func passageLines(_ passage: Passage) -> [String] {
    var lines = ["    \(passage.id) (line \(passage.line))"]
    lines += passage.text.split(separator: "\n").map { "      \($0)" }
    if !passage.emphasis.isEmpty {
      lines.append("      emphasis: \(passage.emphasis.joined(separator: " | "))")
    }
    if !passage.secondEmphasis.isEmpty {
      lines.append("      second emphasis: \(passage.secondEmphasis.joined(separator: " | "))")
    }
    return lines
  }

  /// `N pages, N sections, N passages (N paragraphs, N rows, …)`, and the pages not read.
  static func totals(_ course: LessonCourse) -> String {
    let passages = course.pages.flatMap(\.passages)
    let kinds = Passage.Kind.allCases.map { kind in
      counted(passages.filter { $0.kind == kind }.count, kind.rawValue)
    }
    let sections = course.pages.reduce(0) { $0 + $1.sections.count }
    var line =
      "\(counted(course.pages.count, "page")), \(counted(sections, "section")), "
      + "\(counted(passages.count, "passage")) (\(kinds.joined(separator: ", ")))"
    if !course.errors.isEmpty { line += "; \(course.errors.count) could not be read" }
    return line
  }

  private static func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }
}
