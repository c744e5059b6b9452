import Mustache

/// `rolecall check --format html`: one self-contained page (the report's inline style, no
/// script, nothing fetched) with the score table and every check, misses beside their lessons.
/// Mustache escapes every value taken from a capture, a lab file or a course page.
enum GradeHTMLRenderer {
  static let template = try? MustacheTemplate(
    string: """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>rolecall check: {{title}}</title>
      <style>{{{style}}}
      .met { color: var(--server); font-weight: 600; } .missed { color: #b83232; font-weight: 600; }
      .result.PASS { background: var(--server); } .result.FAIL { background: #b83232; }
      .result.ERROR { background: var(--warn); }
      </style></head>
      <body>
      <header><h1>rolecall check</h1><p class="subtitle">{{title}}</p></header>
      <main>
      {{#several}}<section><h2>Scores</h2><p class="help">{{tally}}</p>
      <div class="scroll"><table><thead><tr><th>Capture</th><th>Result</th><th class="num">Points</th><th class="num">Score</th></tr></thead><tbody>
      {{#grades}}<tr><td class="address"><a href="#{{anchor}}">{{capture}}</a></td><td><span class="badge result {{result}}">{{result}}</span></td><td class="num">{{points}}</td><td class="num">{{percent}}</td></tr>
      {{/grades}}</tbody></table></div></section>{{/several}}
      {{#grades}}<section id="{{anchor}}"><h2><span class="address">{{capture}}</span> <span class="badge result {{result}}">{{result}}</span></h2>
      <p class="help">{{score}}. Lab: {{lab}} ({{labFile}}).</p>
      {{#error}}<p class="missed">Error: {{.}}</p>{{/error}}
      <dl class="details">{{#bindings}}<div><dt>{{label}}</dt><dd class="address">{{value}}</dd></div>{{/bindings}}</dl>
      {{#checks}}<article class="finding"><div><p class="claim"><span class="{{status}}">{{statusText}}</span> {{expectation}} <span class="quiet">({{earned}}/{{points}})</span></p>
      <p class="quiet">{{explanation}}</p></div>
      <div class="lessons">{{#lesson}}<blockquote><p>{{quote}}</p><cite>{{source}}</cite></blockquote>{{/lesson}}</div></article>
      {{/checks}}</section>
      {{/grades}}
      </main><footer>Made by rolecall check from connection patterns alone.</footer>
      </body></html>

      """)

  struct Page {
    var title: String
    var style: String
    var several: Bool
    var tally: String
    var grades: [GradeView]
  }

  struct GradeView {
    var anchor: String
    var capture: String
    var result: String
    var points: String
    var percent: String
    var score: String
    var lab: String
    var labFile: String
    var error: String?
    var bindings: [HTMLReportRenderer.Row]
    var checks: [CheckView]
  }

  struct CheckView {
    var status: String
    var statusText: String
    var expectation: String
    var earned: String
    var points: String
    var explanation: String
    var lesson: HTMLReportRenderer.LessonView?
  }

  static func render(_ book: GradeBook, to output: inout some TextOutputStream) {
    guard let template else {
      output.write("<!DOCTYPE html><title>rolecall</title><p>The grade template is broken.</p>\n")
      return
    }
    let titles = Set(book.grades.map(\.labTitle)).sorted()
    let page = Page(
      title: titles.joined(separator: "; "), style: HTMLReportStyle.css,
      several: book.grades.count > 1, tally: GradeRenderer.tally(book),
      grades: book.grades.enumerated().map { number, grade in
        GradeView(
          anchor: "capture-\(number + 1)", capture: grade.capture,
          result: GradeRenderer.verdict(grade), points: "\(grade.earned)/\(grade.points)",
          percent: "\(Int(grade.percent.rounded()))%", score: GradeRenderer.score(grade),
          lab: grade.labTitle, labFile: grade.lab, error: grade.error,
          bindings: grade.bindings.map { binding in
            HTMLReportRenderer.Row(
              label: binding.name,
              value: String(GradeRenderer.binding(binding).dropFirst(binding.name.count + 3)))
          },
          checks: grade.checks.map { check in
            CheckView(
              status: check.met ? "met" : "missed", statusText: check.met ? "✓ met" : "✗ missed",
              expectation: check.expectation, earned: String(check.earned),
              points: String(check.points), explanation: check.explanation,
              lesson: check.lesson.map(HTMLReportRenderer.LessonView.init))
          })
      })
    output.write(template.render(page))
  }
}
