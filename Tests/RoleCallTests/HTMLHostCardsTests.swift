import Foundation
import Testing

@testable import RoleCall

/// The HTML host cards written into bytes, against the same cards rendered from the `hostCard`
/// template by Mustache.
@Suite struct HTMLHostCardsTests {
  typealias Renderer = HTMLReportRenderer

  static func byBytes(_ host: Renderer.HostView) -> String {
    HTMLBytes.byBytes { Renderer.hostCard(host, to: $0) }
  }

  static func same(_ host: Renderer.HostView) -> Bool {
    byBytes(host) == HTMLBytes.byTemplate(host, "hostCard")
  }

  /// Every host of every capture, with the default lists and with every element (`--all`),
  /// and the hosts of the samples analysed apart, as a folder is (each card names its capture).
  @Test func everyHostWritesTheTemplatesCard() {
    let reports = ReportTests.everyCaptureAndTheSamplesApart()
    var compared = 0
    for report in reports {
      let anchors = Renderer.HostAnchors(report)
      for options in [AnalysisRenderer.Options(), AnalysisRenderer.Options(limit: nil)] {
        for host in report.hosts {
          let view = Renderer.hostView(host, options, anchors)
          guard Self.same(view) else {
            Issue.record("\(host.address) in \(report.files.map(\.path))")
            return
          }
          compared += 1
        }
      }
    }
    // 40 hosts in the samples, the same 40 analysed apart, 1,126 in the corpus; twice each.
    #expect(compared == (TestPaths.corpusPresent ? 2_412 : 160))
  }

  /// Every value with every mark Mustache escapes, several bytes a scalar, a combining mark
  /// that joins the character before it, CR LF; and every part of a card present or absent.
  @Test func escapesAndLeavesOutAsMustacheDoes() {
    let hostile = [
      "<script>alert('x')</script> & \"q\"", "é/dns.pcap", "<\u{338}&\u{301}x'\u{301}", "a\r\nb<",
      "",
    ]
    func makeLesson(_ text: String, title: String, section: String) -> Renderer.LessonView {
      Renderer.LessonView(
        LessonLink(
          passage: "p#s/paragraph-1", page: "p", pageTitle: title, section: section, text: text,
          score: 1, matched: []))
    }
    let lesson = makeLesson(
      "A \"quoted\" passage\nover two lines", title: "Page <1>", section: "A & B")
    for text in hostile {
      let findings = [
        Renderer.FindingView(text: text, lessons: [lesson], related: text),
        Renderer.FindingView(text: "no lesson", lessons: [], related: nil),
        Renderer.FindingView(
          text: "two", lessons: [lesson, makeLesson(text, title: text, section: "")],
          related: nil),
      ]
      for roles in [[], [text], ["client", "server", text]] {
        for capture in [nil, text] {
          for (findings, details) in [
            ([], []), (findings, []), ([], [Renderer.Row(label: text, value: text)]),
            (
              findings,
              [Renderer.Row(label: "ports", value: "80"), Renderer.Row(label: text, value: "")]
            ),
          ] {
            let view = Renderer.HostView(
              anchor: text, address: text, roles: roles, capture: capture, findings: findings,
              hasDetails: !details.isEmpty, details: details)
            #expect(Self.same(view), "\(text.debugDescription)")
          }
        }
      }
    }
    let view = Renderer.HostView(
      anchor: "host-10-0-0-1", address: hostile[0], roles: [], capture: nil, findings: [],
      hasDetails: false, details: [])
    #expect(
      Self.byBytes(view) == """
        <article class="host" id="host-10-0-0-1">
        <h3><span class="address">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\
        </span> <span class="badge none">no role</span></h3>
        <p class="quiet">Only unanswered or unclassified traffic: no role follows from it.</p>
        </article>

        """)
  }
}
