import Foundation
import Testing

@testable import RoleCall

/// Quoting a lesson and counting the columns a prefix takes go a byte at a time for ASCII text
/// (without line breaks for `quote`, without `\r` for `visibleCount`); the results are those
/// of going a Character at a time, for those texts and every other.
@Suite struct QuoteTests {
  static let instructorPages = TestPaths.shared.appendingPathComponent("lessons").path
  static var instructorPresent: Bool { FileManager.default.fileExists(atPath: instructorPages) }

  /// Every passage of the bundled course and of the instructor's page (when present).
  static var passages: [String] {
    var courses = [LessonCourse.bundled]
    if instructorPresent { courses.append(LessonCourse.load(folder: instructorPages)) }
    return courses.flatMap(\.pages).flatMap(\.passages).map(\.text)
  }

  @Test func everyPassageQuotesAsByCharacters() {
    let passages = Self.passages
    // The bundled course's 87 passages are all plain; one of the instructor page's 9 is not.
    #expect(passages.count == (Self.instructorPresent ? 96 : 87))
    var plain = 0
    for text in passages {
      if text.utf8.allSatisfy({ $0 < 0x80 && !(0x0A...0x0D).contains($0) }) { plain += 1 }
      for limit in [1, 2, 40, 110, 160, 240, 10_000] {
        #expect(
          ReportText.quote(text, limit: limit) == ReportText.quoteByCharacters(text, limit: limit),
          "limit \(limit): \(text.debugDescription)")
      }
    }
    // With the instructor's page, both paths are taken.
    #expect(plain == (Self.instructorPresent ? 95 : 87))
  }

  @Test func everyShortTextQuotesAndCountsAsByCharacters() {
    // Line breaks of every kind (CR LF is one Character), a colour sequence, scalars of two and
    // three bytes, a combining mark, and a word longer than most limits here.
    let pieces = [
      "a", " ", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "é", "e\u{301}",
      "日", "\u{1B}[1m", "m", "abcdefghij",
    ]
    // 1 + 15 + 225 + 3,375 texts.
    for text in ShortTexts.joining(pieces, upTo: 3) {
      #expect(
        ReportText.visibleCount(text) == ReportText.visibleCountByCharacters(text),
        "\(text.debugDescription)")
      for limit in [1, 2, 3, 5, 8, 13, 40] {
        #expect(
          ReportText.quote(text, limit: limit) == ReportText.quoteByCharacters(text, limit: limit),
          "limit \(limit): \(text.debugDescription)")
      }
    }
  }
}
