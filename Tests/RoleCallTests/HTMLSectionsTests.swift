import Foundation
import Testing

@testable import RoleCall

/// The HTML swarms and warnings written into bytes, against the same rendered from the `swarm`
/// and `warning` templates by Mustache.
@Suite struct HTMLSectionsTests {
  typealias Renderer = HTMLReportRenderer

  static func same(_ swarm: Renderer.SwarmView) -> Bool {
    HTMLBytes.byBytes { Renderer.swarm(swarm, to: $0) } == HTMLBytes.byTemplate(swarm, "swarm")
  }

  static func same(_ warning: Renderer.WarningView) -> Bool {
    HTMLBytes.byBytes { Renderer.warning(warning, to: $0) }
      == HTMLBytes.byTemplate(warning, "warning")
  }

  /// Every swarm and warning of every capture, with the default lists and with every element
  /// (`--all`), and those of the samples analysed apart, as a folder is.
  @Test func everySwarmAndWarningWritesTheTemplates() {
    let reports = ReportTests.everyCaptureAndTheSamplesApart()
    var swarms = 0
    var pairs = 0
    var warnings = 0
    var examples = 0
    for report in reports {
      for options in [AnalysisRenderer.Options(), AnalysisRenderer.Options(limit: nil)] {
        for swarm in Renderer.page(report, options, hosts: 0).swarms {
          guard Self.same(swarm) else {
            Issue.record("swarm \(swarm.number) in \(report.files.map(\.path))")
            return
          }
          swarms += 1
          pairs += swarm.pairs.count
        }
        for warning in Renderer.bottom(report, options).warnings {
          guard Self.same(warning) else {
            Issue.record("\(warning.kind) in \(report.files.map(\.path))")
            return
          }
          warnings += 1
          examples += warning.examples.count
        }
      }
    }
    // Each twice: with the default lists, then with every element.
    #expect(swarms == (TestPaths.corpusPresent ? 40 : 12))
    #expect(pairs == (TestPaths.corpusPresent ? 863 : 40))
    #expect(warnings == (TestPaths.corpusPresent ? 148 : 8))
    #expect(examples == (TestPaths.corpusPresent ? 2_707 : 8))
  }

  /// Every value with every mark Mustache escapes, several bytes a scalar, a combining mark,
  /// CR LF; every optional part present and absent, lists empty and not.
  @Test func escapesAndLeavesOutAsMustacheDoes() {
    let hostile = [
      "<script>alert('x')</script> & \"q\"", "é/dns.pcap", "<\u{338}&\u{301}x'\u{301}", "a\r\nb<",
      "",
    ]
    for text in hostile {
      let lesson = Renderer.LessonView(
        LessonLink(
          passage: "p#s/paragraph-1", page: "p", pageTitle: text, section: text, text: text,
          score: 1, matched: []))
      let pair = Renderer.PairView(
        from: text, arrow: text, to: text, flows: text, opened: text, ports: text)
      for optional in [nil, text] {
        for (pairs, lessons) in [([], []), ([pair], [lesson]), ([pair, pair], [lesson, lesson])] {
          #expect(
            Self.same(
              Renderer.SwarmView(
                number: text, capture: optional, members: text, text: text, pairs: pairs,
                morePairs: optional, lessons: lessons)), "\(text.debugDescription)")
          for examples in [[], [text], [text, "b"]] {
            for hasExamples in [false, true] {
              #expect(
                Self.same(
                  Renderer.WarningView(
                    kind: text, capture: optional, text: text, hasExamples: hasExamples,
                    examples: examples, more: optional, lessons: lessons)),
                "\(text.debugDescription)")
            }
          }
        }
      }
    }
  }
}
