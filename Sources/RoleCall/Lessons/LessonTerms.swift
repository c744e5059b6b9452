/// Turns text into the terms `LessonIndex` compares: lower case, split at anything that is not a
/// letter or digit, stop words dropped, each word stemmed.
///
/// The stemmer is deliberately light. It folds the forms a course uses for one idea ("request",
/// "requests", "requested", "requesting"; "share", "sharing"; "directly", "direct") but leaves
/// "-er" alone, so "server" and "browser" stay the roles they name instead of folding into
/// "serve" and "browse", as a full Porter stemmer would.
public enum LessonTerms {
  /// The terms of `text`, in order, repeats kept.
  public static func terms(in text: String) -> [String] {
    let utf8 = text.utf8
    guard PlainText.isPlain(utf8[...]) else { return characterTerms(in: text) }
    // Plain text (see `PlainText`): the same, by bytes.
    return utf8.split { !PlainText.isAlphanumeric($0) }.compactMap { bytes in
      let word = bytes.map(PlainText.lowercased)
      guard word.count > 1 else { return nil }
      let text = String(decoding: word, as: UTF8.self)
      guard !stopWords.contains(text) else { return nil }
      let stemmed = stem(plain: word)
      // Every rule changes the length, so an unchanged length is an unchanged word.
      return stemmed.count == word.count ? text : String(decoding: stemmed, as: UTF8.self)
    }
  }

  /// `terms(in:)`, one Character at a time.
  private static func characterTerms(in text: String) -> [String] {
    text.lowercased()
      .split { !($0.isLetter || $0.isNumber) }
      .filter { $0.count > 1 && !stopWords.contains(String($0)) }
      .map { stem(String($0)) }
  }

  /// Words too common to say what a passage is about. "both", "between" and "directly" are not
  /// among them: the course uses them to make its point.
  static let stopWords: Set<String> = [
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "each", "for", "from",
    "had", "has", "have", "he", "her", "his", "how", "if", "in", "into", "is", "it", "its",
    "just", "may", "might", "more", "most", "much", "no", "not", "of", "often", "on", "one",
    "only", "or", "other", "our", "same", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "you", "your",
  ]

  /// The stem of one lower-case word: plural, `-ing`, `-ed`, `-ly` and a final `e` removed,
  /// each only when enough of the word is left to stay recognisable.
  public static func stem(_ word: String) -> String {
    guard word.count > 3, word.allSatisfy({ $0.isLetter }) else { return word }
    var stem = word
    if stem.hasSuffix("sses") {
      stem.removeLast(2)
    } else if stem.hasSuffix("ies"), stem.count > 4 {
      stem = stem.dropLast(3) + "y"
    } else if stem.hasSuffix("s"), !stem.hasSuffix("ss"), !stem.hasSuffix("us"),
      !stem.hasSuffix("is")
    {
      stem.removeLast()
    }
    for suffix in ["ing", "ed"] where stem.hasSuffix(suffix) {
      let base = String(stem.dropLast(suffix.count))
      guard base.count >= 3, base.contains(where: isVowel), !(suffix == "ed" && base.hasSuffix("e"))
      else { continue }
      stem = undoubled(base)
      break
    }
    if stem.hasSuffix("ly"), stem.count >= 6 { stem.removeLast(2) }
    if stem.hasSuffix("e"), stem.count >= 5 { stem.removeLast() }
    return stem
  }

  private static func isVowel(_ character: Character) -> Bool { "aeiouy".contains(character) }

  /// `stem(_:)` of a lower-case ASCII word, on its bytes: the same rules, without a Character
  /// walk for every suffix test (the course's terms are stemmed on every run).
  static func stem(plain word: [UInt8]) -> [UInt8] {
    guard word.count > 3, word.allSatisfy(PlainText.isLetter) else { return word }
    var stem = word
    func ends(_ suffix: String) -> Bool { stem.ends(with: suffix.utf8) }
    if ends("sses") {
      stem.removeLast(2)
    } else if ends("ies"), stem.count > 4 {
      stem.removeLast(3)
      stem.append(UInt8(ascii: "y"))
    } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
      stem.removeLast()
    }
    for suffix in ["ing", "ed"] where ends(suffix) {
      let base = stem.dropLast(suffix.utf8.count)
      guard base.count >= 3, base.contains(where: isVowel),
        !(suffix == "ed" && base.last == UInt8(ascii: "e"))
      else { continue }
      stem = Array(base)
      // "runn" → "run", as `undoubled(_:)`.
      if let last = stem.last, stem.dropLast().last == last, !isVowel(last),
        !"lsz".utf8.contains(last)
      {
        stem.removeLast()
      }
      break
    }
    if ends("ly"), stem.count >= 6 { stem.removeLast(2) }
    if ends("e"), stem.count >= 5 { stem.removeLast() }
    return stem
  }

  private static func isVowel(_ byte: UInt8) -> Bool { "aeiouy".utf8.contains(byte) }

  /// "runn" → "run", "stopp" → "stop"; "ll", "ss" and "zz" stay ("call", "pass").
  private static func undoubled(_ base: String) -> String {
    guard let last = base.last, base.dropLast().last == last, !isVowel(last),
      !"lsz".contains(last)
    else { return base }
    return String(base.dropLast())
  }
}

/// Makes ids from titles and file names.
enum Slug {
  /// Lower case, letters and digits kept, every other run turned into one `-`
  /// ("Peer-to-Peer vs Client/Server" → "peer-to-peer-vs-client-server").
  static func make(_ text: String) -> String {
    var slug = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        slug.append(character)
      } else if !slug.isEmpty, slug.last != "-" {
        slug.append("-")
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    return slug
  }
}

extension Array where Element == UInt8 {
  /// Whether the bytes end with `suffix`.
  fileprivate func ends(with suffix: String.UTF8View) -> Bool {
    count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
  }
}
