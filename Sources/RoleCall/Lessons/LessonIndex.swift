import Foundation

/// A passage chosen for some concepts, with how well it matched.
public struct PassageMatch: Sendable, Equatable {
  /// The passage.
  public var passage: Passage
  /// Higher is better; only comparable within one call.
  public var score: Double
  /// The concepts (as terms) the passage contains.
  public var matched: [String]
}

/// Picks the passages of a course that best teach a finding, by meaning rather than by a fixed
/// link: a finding kind names its concepts ("web", "browser", "server") and the index ranks every
/// passage of every loaded page, so an instructor's own pages are used as soon as they are added.
///
/// The score is BM25 (the usual ranking of search engines: rare terms count more, repeats count
/// less and less, long passages are not favoured for being long) over the passages' stemmed
/// terms, where a term the instructor emphasised counts as one extra occurrence, multiplied by
/// the share of the concepts the passage contains, so a passage about all of them beats one that
/// repeats one of them.
public struct LessonIndex: Sendable {
  /// The passages, in course order.
  public let passages: [Passage]
  private let documentFrequency: [String: Int]
  private let averageLength: Double
  /// Each passage's terms with how often they occur, and its emphasised terms, counted once
  /// here rather than on every query (a linker asks one query per concept set of every kind).
  private let termCounts: [[String: Int]]
  private let emphasized: [Set<String>]

  /// BM25's usual constants: how fast repeats stop counting, and how much length matters.
  private static let saturation = 1.2
  private static let lengthWeight = 0.75
  /// How many occurrences an emphasised term is worth on top of its own.
  private static let emphasisBonus = 1.0

  /// Indexes every passage of `pages`.
  public init(pages: [LessonPage]) {
    passages = pages.flatMap(\.passages)
    termCounts = passages.map { Dictionary($0.terms.map { ($0, 1) }, uniquingKeysWith: +) }
    emphasized = passages.map { Set($0.emphasizedTerms) }
    var frequency: [String: Int] = [:]
    for counts in termCounts {
      for term in counts.keys { frequency[term, default: 0] += 1 }
    }
    documentFrequency = frequency
    let total = passages.reduce(0) { $0 + $1.terms.count }
    averageLength = passages.isEmpty ? 1 : max(1, Double(total) / Double(passages.count))
  }

  /// The passages that contain at least one of `concepts`, best first (ties in course order).
  /// Concepts are words or short phrases in any form ("browsers", "web server"); they are
  /// turned into terms the way passages are.
  public func bestPassages(for concepts: [String], limit: Int? = nil) -> [PassageMatch] {
    var seen: Set<String> = []
    let wanted = concepts.flatMap { LessonTerms.terms(in: $0) }.filter { seen.insert($0).inserted }
    guard !wanted.isEmpty else { return [] }
    var matches: [(offset: Int, match: PassageMatch)] = []
    for (offset, passage) in passages.enumerated() {
      let counts = termCounts[offset]
      let length = Double(passage.terms.count)
      var sum = 0.0
      var matched: [String] = []
      for term in wanted {
        guard let count = counts[term] else { continue }
        matched.append(term)
        let emphasis = emphasized[offset].contains(term) ? Self.emphasisBonus : 0
        let frequency = Double(count) + emphasis
        let norm =
          Self.saturation * (1 - Self.lengthWeight + Self.lengthWeight * length / averageLength)
        sum += inverseFrequency(term) * frequency * (Self.saturation + 1) / (frequency + norm)
      }
      guard !matched.isEmpty else { continue }
      let coverage = Double(matched.count) / Double(wanted.count)
      matches.append(
        (offset, PassageMatch(passage: passage, score: sum * coverage, matched: matched)))
    }
    matches.sort {
      $0.match.score != $1.match.score ? $0.match.score > $1.match.score : $0.offset < $1.offset
    }
    let ranked = matches.map(\.match)
    return limit.map { Array(ranked.prefix($0)) } ?? ranked
  }

  /// Rare terms say more: BM25's inverse document frequency, never negative.
  private func inverseFrequency(_ term: String) -> Double {
    let count = Double(passages.count)
    let containing = Double(documentFrequency[term] ?? 0)
    return log(1 + (count - containing + 0.5) / (containing + 0.5))
  }
}

extension LessonCourse {
  /// An index over every page of the course.
  public var index: LessonIndex { LessonIndex(pages: pages) }
}
