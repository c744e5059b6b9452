/// Reads a page's `xrefNav` block: each `xrefItem` holds an `xrefBtn` link and an `xrefTitle`.
///
/// Which way a link goes comes from its button text ("← Back", "Next →"), not its position, so
/// a last page with only a back link reads right.
enum NavigationReader {
  /// The links in `html`, which starts on page line `line`; an item without a link is skipped.
  static func links(in html: String, line: Int) -> [NavigationLink] {
    let root = HTMLFragment.parse(html[...], firstLine: line)
    var items = root.descendants(named: "div").filter { $0.hasClass("xrefItem") }
    if items.isEmpty { items = [root] }
    return items.flatMap { item in
      item.descendants(named: "a").compactMap { anchor -> NavigationLink? in
        guard let href = anchor.attributes["href"], !href.isEmpty else { return nil }
        let label = InlineText(anchor.children).text
        let titleElement = item.descendants(named: "div").first { $0.hasClass("xrefTitle") }
        let title = titleElement.map { InlineText($0.children).text } ?? label
        return NavigationLink(
          direction: direction(of: label), href: href, label: label, title: title)
      }
    }
  }

  static func direction(of label: String) -> NavigationLink.Direction {
    let lower = label.lowercased()
    if lower.contains("back") || lower.contains("prev") || lower.contains("←") { return .back }
    if lower.contains("next") || lower.contains("→") { return .next }
    return .other
  }
}
