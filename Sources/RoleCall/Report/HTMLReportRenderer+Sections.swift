extension HTMLReportRenderer {
  /// One swarm, written into bytes in the markup of the `swarm` template, as `hostCard(_:to:)`
  /// writes a host. With `--all`, Mustache's lookups of big.pcap's 9,946 swarm pairs and
  /// 14,515 warning examples took about 45 ms of the page's 0.73 s.
  static func swarm(_ swarm: SwarmView, to buffer: ByteBuffer) {
    buffer.append("<article class=\"swarm\">\n<h3>Swarm ")
    buffer.appendEscapedHTML(swarm.number)
    buffer.appendEscapedHTML(
      swarm.capture, after: " <span class=\"capture\">in ", before: "</span>")
    buffer.append("</h3>\n<div class=\"finding\">\n<div>\n<p class=\"members\">")
    buffer.appendEscapedHTML(swarm.members)
    buffer.append("</p>\n<p class=\"claim\">")
    buffer.appendEscapedHTML(swarm.text)
    buffer.append(
      "</p>\n<table class=\"pairs\">\n<thead><tr><th>peer</th><th></th><th>peer</th>"
        + "<th class=\"num\">flows</th><th>opened</th><th>ports</th></tr></thead>\n<tbody>\n")
    for pair in swarm.pairs {
      buffer.append("<tr><td class=\"address\">")
      buffer.appendEscapedHTML(pair.from)
      buffer.append("</td><td class=\"arrow\">")
      buffer.appendEscapedHTML(pair.arrow)
      buffer.append("</td><td class=\"address\">")
      buffer.appendEscapedHTML(pair.to)
      buffer.append("</td><td class=\"num\">")
      buffer.appendEscapedHTML(pair.flows)
      buffer.append("</td><td>")
      buffer.appendEscapedHTML(pair.opened)
      buffer.append("</td><td>")
      buffer.appendEscapedHTML(pair.ports)
      buffer.append("</td></tr>\n")
    }
    buffer.append("</tbody>\n</table>\n")
    end(more: swarm.morePairs, lessons: swarm.lessons, to: buffer)
  }

  /// One warning, written into bytes in the markup of the `warning` template.
  static func warning(_ warning: WarningView, to buffer: ByteBuffer) {
    buffer.append(
      "<article class=\"warning\">\n<div class=\"finding\">\n<div>\n<p class=\"claim\">"
        + "<span class=\"badge warn\">")
    buffer.appendEscapedHTML(warning.kind)
    buffer.append("</span>")
    buffer.appendEscapedHTML(
      warning.capture, after: " <span class=\"capture\">in ", before: "</span>")
    buffer.append(" ")
    buffer.appendEscapedHTML(warning.text)
    buffer.append("</p>\n")
    if warning.hasExamples {
      buffer.append("<ul class=\"examples\">\n")
      for example in warning.examples {
        buffer.append("<li>")
        buffer.appendEscapedHTML(example)
        buffer.append("</li>\n")
      }
      buffer.append("</ul>\n")
    }
    end(more: warning.more, lessons: warning.lessons, to: buffer)
  }

  /// The end a swarm's and a warning's article share: what a cut list left out, then the
  /// lessons beside the claim.
  private static func end(more: String?, lessons: [LessonView], to buffer: ByteBuffer) {
    buffer.appendEscapedHTML(more, after: "<p class=\"more\">", before: "</p>\n")
    buffer.append("</div>\n<aside class=\"lessons\">\n")
    self.lessons(lessons, to: buffer)
    buffer.append("</aside>\n</div>\n</article>\n")
  }
}
