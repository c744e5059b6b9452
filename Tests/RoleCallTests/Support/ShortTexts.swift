/// Short texts made of given pieces, on which the byte paths are held to the paths they replace.
enum ShortTexts {
  /// Every text of at most `count` pieces in a row, the empty text first.
  static func joining(_ pieces: [String], upTo count: Int) -> [String] {
    var texts = [""]
    var last = [""]
    for _ in 0..<count {
      last = last.flatMap { text in pieces.map { text + $0 } }
      texts += last
    }
    return texts
  }
}
