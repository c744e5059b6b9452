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
///
/// The choice depends only on the kind, so it is made once per kind when the linker is made,
/// however many hosts the report has.
public struct LessonLinker: Sendable {
  private let chosen: [FindingKind: [LessonLink]]
  private let related: [FindingKind: RelatedPage]

  /// A passage must contain at least this share of a concept set to be cited: below it the
  /// finding says it has no lesson rather than quoting something unrelated.
  public static let minimumCoverage = 0.34

  /// Indexes `course` and links every kind of finding.
  public init(course: LessonCourse) {
    let index = LessonIndex(pages: course.pages)
    let links = course.pages.flatMap(\.navigation)
    let titles = Dictionary(
      course.pages.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
    let sections = Dictionary(
      course.pages.flatMap { page in page.sections.map { ("\(page.id)#\($0.id)", $0.title) } },
      uniquingKeysWith: { first, _ in first })
    var chosen: [FindingKind: [LessonLink]] = [:]
    var related: [FindingKind: RelatedPage] = [:]
    for kind in FindingKind.allCases {
      chosen[kind] = Self.choose(kind, index, titles, sections)
      for topic in kind.topics where related[kind] == nil {
        if let link = links.first(where: { $0.title.lowercased().contains(topic) }) {
          related[kind] = RelatedPage(title: link.title, href: link.href)
        }
      }
    }
    self.chosen = chosen
    self.related = related
  }

  /// The best passage for each concept set of `kind` (no passage twice), best set first.
  public func passages(for kind: FindingKind) -> [LessonLink] { chosen[kind] ?? [] }

  /// A page the course links to whose title names the finding's topic (the SMTP page for a
  /// mail server), if there is one.
  public func relatedPage(for kind: FindingKind) -> RelatedPage? { related[kind] }

  private static func choose(
    _ kind: FindingKind, _ index: LessonIndex, _ titles: [String: String],
    _ sections: [String: String]
  ) -> [LessonLink] {
    var chosen: [LessonLink] = []
    for concepts in kind.conceptSets {
      let wanted = Set(concepts.flatMap { LessonTerms.terms(in: $0) })
      let best = index.bestPassages(for: concepts).first { match in
        Double(match.matched.count) / Double(max(1, wanted.count)) >= minimumCoverage
          && !chosen.contains { $0.passage == match.passage.id }
      }
      guard let best else { continue }
      let passage = best.passage
      chosen.append(
        LessonLink(
          passage: passage.id, page: passage.pageID,
          pageTitle: titles[passage.pageID] ?? passage.pageID,
          section: sections["\(passage.pageID)#\(passage.sectionID)"] ?? passage.sectionID,
          text: passage.text, score: (best.score * 1000).rounded() / 1000, matched: best.matched))
    }
    return chosen
  }
}
