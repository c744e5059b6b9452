import Foundation
import Testing

@testable import RoleCall

extension ReportText {
  /// Splits `text` into lines of at most `width` characters (a longer word keeps its own
  /// line), the first after `first` and the others after `rest`: the lines as strings, as the
  /// renderers made them before they wrapped into bytes (`ByteBuffer.appendWrapped`).
  static func wrap(_ text: String, width: Int, first: String, rest: String) -> [String] {
    var lines: [String] = []
    var current = first
    var length = visibleCount(first)
    var empty = true
    let bytes = text.utf8
    var start = bytes.startIndex
    var position = start
    while true {
      let atEnd = position == bytes.endIndex
      if atEnd || bytes[position] == 0x20 {
        if start != position {
          let word = text[start..<position]
          let size = scalarCount(word)
          if !empty && length + 1 + size > width {
            lines.append(current)
            current = rest
            length = visibleCount(rest)
            empty = true
          }
          if !empty { current += " " }
          current += word
          length += (empty ? 0 : 1) + size
          empty = false
        }
        if atEnd { break }
        start = bytes.index(after: position)
      }
      position = bytes.index(after: position)
    }
    lines.append(current)
    return lines
  }
}

/// The text report's wrapping into bytes (`ByteBuffer.appendWrapped`) against the lines
/// `ReportText.wrap` makes as strings, each painted as the writer painted them before.
@Suite struct TextWrapTests {
  static func byLines(
    _ text: String, width: Int, first: String, rest: String, style: String?
  ) -> String {
    ReportText.wrap(text, width: width, first: first, rest: rest).map { line in
      (style.map { "\u{1B}[\($0)m\(line)\u{1B}[0m" } ?? line) + "\n"
    }.joined()
  }

  static func byBytes(
    _ text: String, width: Int, first: String, rest: String, style: String?
  ) -> String {
    let buffer = ByteBuffer(capacity: 8)
    buffer.appendWrapped(text, width: width, first: first, rest: rest, style: style)
    return buffer.take()
  }

  /// The prefixes the report wraps after, one with a colour sequence and one of two bytes a
  /// scalar.
  static let prefixes: [(String, String)] = [
    ("", ""), ("    - ", "      "), ("  \u{1B}[1mswarm 1:\u{1B}[0m ", "    "), ("ünï ", " "),
  ]

  /// Every text the reports of the samples and the corpus wrap: summary rows, findings,
  /// lesson quotes, host details with and without a limit, swarms and warnings.
  static func wrappedTexts(_ report: AnalysisReport) -> [String] {
    var texts = ReportText.summaryRows(report).map(\.1)
    for host in report.hosts {
      for finding in host.findings {
        texts.append(finding.text)
        texts += finding.lessons.map { "lesson: \"\(ReportText.quote($0.text))\"" }
        if let related = finding.relatedPage { texts.append("see also: \(related.title)") }
      }
      texts += ReportText.hostDetails(host, limit: nil).map(\.1)
      texts += ReportText.hostDetails(host, limit: 3).map(\.1)
    }
    for swarm in report.swarms {
      texts += [swarm.text, ReportText.list(swarm.members, limit: nil)]
    }
    texts += report.warnings.map(\.text)
    return texts
  }

  /// How many wrappings of `path`'s texts came out as by lines (all of them, or the test
  /// records the first that did not).
  static func compareTexts(_ path: String) -> Int {
    var compared = 0
    for text in wrappedTexts(ReportTests.report(atPath: path)) {
      for width in [12, 40, 80, 200] {
        for (first, rest) in prefixes {
          for style in [nil, "2"] {
            let expected = byLines(text, width: width, first: first, rest: rest, style: style)
            guard byBytes(text, width: width, first: first, rest: rest, style: style) == expected
            else {
              Issue.record("\(path) width \(width): \(text.debugDescription)")
              return compared
            }
            compared += 1
          }
        }
      }
    }
    return compared
  }

  @Test func everyReportTextWrapsAsByLines() {
    // The ten samples wrap 390 texts, each at 4 widths after 4 prefixes, plain and painted.
    #expect(TestPaths.sampleCaptures.map(Self.compareTexts).reduce(0, +) == 390 * 32)
    for path in TestPaths.corpusCaptures { _ = Self.compareTexts(path) }
  }

  @Test func everyShortTextWrapsAsByLines() {
    // Spaces single, doubled, leading and trailing; scalars of two and three bytes; a
    // combining mark; a word longer than every width here; nothing at all.
    let pieces = ["a", " ", "  ", "é", "e\u{301}", "日本語", "abcdefghij", "b"]
    var compared = 0
    for text in ShortTexts.joining(pieces, upTo: 4) {
      for width in [0, 1, 2, 3, 5, 8, 13] {
        for (first, rest) in Self.prefixes {
          for style in [nil, "2"] {
            let expected = Self.byLines(text, width: width, first: first, rest: rest, style: style)
            let written = Self.byBytes(text, width: width, first: first, rest: rest, style: style)
            if written != expected {
              Issue.record(
                "width \(width): \(text.debugDescription) after \(first.debugDescription)")
              return
            }
            compared += 1
          }
        }
      }
    }
    #expect(compared == 4681 * 7 * 4 * 2)
  }

  @Test func paintsEveryLineAndEndsIt() {
    let text = Self.byBytes("aa bb cc  dd é", width: 7, first: "- ", rest: "  ", style: "2")
    #expect(
      text == "\u{1B}[2m- aa bb\u{1B}[0m\n\u{1B}[2m  cc dd\u{1B}[0m\n\u{1B}[2m  é\u{1B}[0m\n")
    #expect(Self.byBytes("", width: 7, first: "- ", rest: "  ", style: nil) == "- \n")
  }
}
