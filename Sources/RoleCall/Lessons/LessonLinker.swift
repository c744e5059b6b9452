/// A passage of the course cited for a finding.
public struct LessonLink: Sendable, Codable, Equatable {
  /// The passage's stable id.
  public var passage: String
  public var page: String
  public var pageTitle: String
  public var section: String
  /// The passage's text, to quote.
  public var text: String
  /// How well it matched (higher is better, comparable within one finding).
  public var score: Double
  /// The finding's concepts the passage contains.
  public var matched: [String]
}

/// A page of the course on a finding's topic, found among the pages' back/next links.
public struct RelatedPage: Sendable, Codable, Equatable {
  public var title: String
  public var href: String
}

/// Chooses the passages that teach each kind of finding, from whatever course is loaded.
public struct LessonLinker: Sendable {
  private let index: LessonIndex
  private let links: [NavigationLink]

  /// A passage must contain at least this share of a concept set to be cited: below it the
  /// finding says it has no lesson rather than quoting something unrelated.
  public static let minimumCoverage = 0.34

  /// Indexes `course`.
  public init(course: LessonCourse) {
    index = LessonIndex(pages: course.pages)
    links = course.pages.flatMap(\.navigation)
    titles = Dictionary(
      course.pages.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
    sections = Dictionary(
      course.pages.flatMap { page in page.sections.map { ("\(page.id)#\($0.id)", $0.title) } },
      uniquingKeysWith: { first, _ in first })
  }

  private let titles: [String: String]
  private let sections: [String: String]

  /// The best passage for each concept set of `kind` (no passage twice), best set first.
  public func passages(for kind: FindingKind) -> [LessonLink] {
    var chosen: [LessonLink] = []
    for concepts in kind.conceptSets {
      let wanted = Set(concepts.flatMap { LessonTerms.terms(in: $0) })
      let best = index.bestPassages(for: concepts).first { match in
        Double(match.matched.count) / Double(max(1, wanted.count)) >= Self.minimumCoverage
          && !chosen.contains { $0.passage == match.passage.id }
      }
      guard let best else { continue }
      chosen.append(
        LessonLink(
          passage: best.passage.id, page: best.passage.pageID,
          pageTitle: titles[best.passage.pageID] ?? best.passage.pageID,
          section: sections["\(best.passage.pageID)#\(best.passage.sectionID)"]
            ?? best.passage.sectionID,
          text: best.passage.text, score: (best.score * 1000).rounded() / 1000,
          matched: best.matched))
    }
    return chosen
  }

  /// A page the course links to whose title names the finding's topic (the SMTP page for a
  /// mail server), if there is one.
  public func relatedPage(for kind: FindingKind) -> RelatedPage? {
    for topic in kind.topics {
      if let link = links.first(where: { $0.title.lowercased().contains(topic) }) {
        return RelatedPage(title: link.title, href: link.href)
      }
    }
    return nil
  }
}
