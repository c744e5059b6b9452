extension HTMLReportRenderer {
  /// One host's card, written into bytes in the markup of the `hostCard` template and escaped
  /// as Mustache escapes. Through Mustache, every value of a card was looked up by name, the
  /// name split at its dots first: `--all --format html` on small.pcap spent three fifths of its
  /// instructions rendering its 5,874 cards. A test holds the two to each other.
  static func hostCard(_ host: HostView, to buffer: ByteBuffer) {
    buffer.append("<article class=\"host\" id=\"")
    buffer.appendEscapedHTML(host.anchor)
    buffer.append("\">\n<h3><span class=\"address\">")
    buffer.appendEscapedHTML(host.address)
    buffer.append("</span>")
    for role in host.roles {
      buffer.append(" <span class=\"badge ")
      buffer.appendEscapedHTML(role)
      buffer.append("\">")
      buffer.appendEscapedHTML(role)
      buffer.append("</span>")
    }
    if host.roles.isEmpty { buffer.append(" <span class=\"badge none\">no role</span>") }
    buffer.appendEscapedHTML(host.capture, after: " <span class=\"capture\">in ", before: "</span>")
    buffer.append("</h3>\n")
    if host.findings.isEmpty {
      buffer.append(
        "<p class=\"quiet\">Only unanswered or unclassified traffic: no role follows from it.</p>\n"
      )
    }
    for finding in host.findings {
      buffer.append("<div class=\"finding\">\n<p class=\"claim\">")
      buffer.appendEscapedHTML(finding.text)
      buffer.append("</p>\n<aside class=\"lessons\">\n")
      lessons(finding.lessons, to: buffer)
      if finding.lessons.isEmpty {
        buffer.append(
          "<p class=\"nolesson\">None of the loaded course pages teaches this well enough to "
            + "quote.</p>\n")
      }
      buffer.appendEscapedHTML(
        finding.related, after: "<p class=\"related\">See also: ", before: "</p>\n")
      buffer.append("</aside>\n</div>\n")
    }
    if host.hasDetails {
      buffer.append("<dl class=\"details\">\n")
      for detail in host.details {
        buffer.append("<div><dt>")
        buffer.appendEscapedHTML(detail.label)
        buffer.append("</dt><dd>")
        buffer.appendEscapedHTML(detail.value)
        buffer.append("</dd></div>\n")
      }
      buffer.append("</dl>\n")
    }
    buffer.append("</article>\n")
  }

  /// The quoted passages beside a finding, a swarm or a warning.
  static func lessons(_ lessons: [LessonView], to buffer: ByteBuffer) {
    for lesson in lessons {
      buffer.append("<blockquote><p>")
      buffer.appendEscapedHTML(lesson.quote)
      buffer.append("</p><cite>")
      buffer.appendEscapedHTML(lesson.source)
      buffer.append("</cite></blockquote>\n")
    }
  }
}
