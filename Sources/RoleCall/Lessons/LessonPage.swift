/// One course page, read into the parts a finding can link to: sections, passages and the
/// back/next links.
///
/// The instructor's pages open with a `#` heading that names the part of the course
/// ("Introduction") and then a `---`-framed `###` title for the page itself. So the page's
/// `title` is the first section's title when that section is named like the file (its id equals
/// the page id), else the `#` heading, else the first section's title; the `#` heading is kept
/// in `heading`. See docs/lessons.md for the whole format.
public struct LessonPage: Sendable, Equatable, Codable {
  /// The page's stable id: the file name without `.md`, as a slug
  /// (`peer-to-peer-vs-client-server`).
  public var id: String
  /// What a student would call the page ("Peer-to-Peer vs Client/Server").
  public var title: String
  /// The page's `#` heading when it has one (in the instructor's course, the part: "Introduction").
  public var heading: String?
  /// Where the page came from: its path as given, or `bundled` for the built-in course.
  public var source: String
  /// The sections in page order.
  public var sections: [LessonSection]
  /// The page's navigation links (the `xrefNav` block), in page order.
  public var navigation: [NavigationLink]

  /// Makes a page from its parts; `LessonReader` is the usual way to get one.
  public init(
    id: String, title: String, heading: String?, source: String, sections: [LessonSection],
    navigation: [NavigationLink]
  ) {
    self.id = id
    self.title = title
    self.heading = heading
    self.source = source
    self.sections = sections
    self.navigation = navigation
  }

  /// Every passage of every section, in page order.
  public var passages: [Passage] { sections.flatMap(\.passages) }

  /// The link to the previous page, if the page has one.
  public var back: NavigationLink? { navigation.first { $0.direction == .back } }

  /// The link to the next page, if the page has one.
  public var next: NavigationLink? { navigation.first { $0.direction == .next } }
}

/// A titled part of a page: the text between one heading and the next.
public struct LessonSection: Sendable, Equatable, Codable {
  /// The section's id, unique in its page: its title as a slug (`quick-examples-of-roles`).
  public var id: String
  /// The heading text, with its inline markup stripped.
  public var title: String
  /// The 1-based line of the heading in the page, so an instructor can find it.
  public var line: Int
  /// The passages in page order.
  public var passages: [Passage]

  /// Makes a section.
  public init(id: String, title: String, line: Int, passages: [Passage]) {
    self.id = id
    self.title = title
    self.line = line
    self.passages = passages
  }

  /// Whether this is a "Key Takeaways" section, whose bullets are takeaways.
  var isTakeaways: Bool { id.hasSuffix("takeaways") }
}

/// One link of a page's `xrefNav` block.
public struct NavigationLink: Sendable, Equatable, Codable {
  /// Which way the link goes.
  public enum Direction: String, Sendable, Codable {
    /// The previous page ("← Back").
    case back
    /// The next page ("Next →").
    case next
    /// A link whose label says neither.
    case other
  }

  /// Which way the link goes, from its label.
  public var direction: Direction
  /// The link target as written (`/tcpip-model/…/smtp`, or a bundled page's id).
  public var href: String
  /// The button text ("← Back").
  public var label: String
  /// The title shown under the button ("Next Topic: Email & Communication → SMTP").
  public var title: String

  /// Makes a link.
  public init(direction: Direction, href: String, label: String, title: String) {
    self.direction = direction
    self.href = href
    self.label = label
    self.title = title
  }

  /// The page id the link points at: the last path component of `href`, without `.md`.
  public var targetPageID: String {
    let last = href.split(separator: "/").last.map(String.init) ?? href
    return Slug.make(last.hasSuffix(".md") ? String(last.dropLast(3)) : last)
  }
}
